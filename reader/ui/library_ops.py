"""Rekeying and undoing imports from the window: writer jobs, each one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.core.changes import Changes
from reader.core.import_log import UndoError
from reader.core.plural import plural
from reader.ui.context import Context
from reader.ui.keymap import key_text
from reader.ui.undo import Step, UndoStack

if TYPE_CHECKING:
    from reader.core.import_log import UndoReport
    from reader.core.importer import ImportReport
    from reader.core.library import Library
    from reader.core.models import PaperRecord
    from reader.core.rules import RuleRun


@dataclass(frozen=True)
class KeyOutcome:
    """What a rekey job did; the writer emits `changes` like any other write."""

    changes: Changes
    step: Step | None
    moved: int
    kept: int


class ImportUndo:
    """Undo and redo of one window import: redo imports the same records again, which
    makes a new import in the log, so the next undo follows it."""

    def __init__(self, report: ImportReport, records: Sequence[PaperRecord], kind: str) -> None:
        self.import_id = report.import_id
        self.records = records
        self.source = report.source
        self.kind = kind

    def undo(self, lib: Library) -> Changes:
        """Take the import back (papers touched since stay)."""
        return lib.undo_import(self.import_id).changes

    def redo(self, lib: Library) -> Changes:
        """Import the records again (the rules' own step redoes what they did)."""
        report = lib.import_records(self.records, self.source, kind=self.kind, rules=False)
        self.import_id = report.import_id
        return report.changes


def import_step(report: ImportReport, records: Sequence[PaperRecord], kind: str) -> Step | None:
    """The undo step for an import that changed something."""
    if not (report.new or report.updated):
        return None
    name = report.source.split(":", 1)[-1]
    undo = ImportUndo(report, records, kind)
    return Step(f"import of {name} ({report.summary()})", undo.undo, undo.redo)


def rules_step(run: RuleRun | None) -> Step | None:
    """The undo step for a run of rules that changed papers (its own step, after an
    import's): undo puts back the papers still as the run left them."""
    if run is None or run.run_id is None:
        return None
    run_id = run.run_id
    return Step(
        f"{run.label()} on {plural(run.changed, 'paper')}",
        lambda lib: lib.undo_rule_run(run_id).changes,
        lambda lib: lib.redo_rule_run(run_id).changes,
    )


class LibraryOps(QObject):
    """Paper ▸ Rekey and File ▸ Undo Last Import, through the writer and the undo stack."""

    def __init__(self, ctx: Context, undo: UndoStack) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.undo = undo

    def rekey(self) -> None:
        """Keys for the selected papers (or every listed one) that now have authors and a
        year; keys already used (copied, exported, from the user's .bib) stay."""
        selected = self.ctx.table.selected_ids()
        ids = selected if len(selected) > 1 else self.ctx.model.ids()
        self.undo.expect()  # an undo pressed meanwhile waits for this step

        def job(lib: Library, _job: object) -> KeyOutcome:
            return _rekey(lib, ids)

        self.ctx.writer.submit(job, self._rekeyed, self._rekey_failed)

    def _rekey_failed(self, exc: BaseException) -> None:
        self.undo.settle(None)
        self._failed(exc)

    def _rekeyed(self, outcome: KeyOutcome) -> None:
        self.undo.settle(outcome.step)
        kept = f"; {plural(outcome.kept, 'used key')} kept"
        if outcome.step is None:
            self.ctx.report(f"No citation key to change{kept if outcome.kept else ''}")
            return
        undo_key = key_text(self.ctx.commands, "edit.undo")
        hint = f"; {undo_key} to undo" if undo_key else ""
        self.ctx.report(
            f"Rekeyed {plural(outcome.moved, 'paper')}{kept if outcome.kept else ''}{hint}"
        )

    def undo_last_import(self) -> None:
        """The latest import in the log (from this window or not) taken back."""
        self.ctx.writer.submit(lambda lib, _job: lib.undo_import(), self._undone, self._failed)

    def _undone(self, report: UndoReport) -> None:
        self.ctx.report(report.summary()[:1].upper() + report.summary()[1:], 10000)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UndoError):
            self.ctx.report(str(exc)[:1].upper() + str(exc)[1:])
        else:
            self.ctx.report(f"Failed: {exc}", 10000)


def _rekey(lib: Library, ids: list[int]) -> KeyOutcome:
    plan = lib.rekey(ids)
    moved = [c for c in plan if c.used is None]
    if not moved:
        return KeyOutcome(Changes(), None, 0, len(plan))
    old = {c.paper_id: c.old for c in moved}
    new = {c.paper_id: c.new for c in moved}
    label = f"rekey {plural(len(moved), 'paper')}"
    step = Step(label, lambda lib: lib.set_citekeys(old), lambda lib: lib.set_citekeys(new))
    return KeyOutcome(Changes.of(new, "citekey"), step, len(moved), len(plan) - len(moved))
