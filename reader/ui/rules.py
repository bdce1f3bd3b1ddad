"""Rules from the window: the Rules dialog's writes and previews, and running rules as one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.core import queries
from reader.core.plural import plural
from reader.core.rules import RuleRun, list_rules
from reader.ui.context import Context
from reader.ui.library_ops import rules_step
from reader.ui.undo import Step, UndoStack
from reader.ui.widgets.rules_dialog import RulesDialog

if TYPE_CHECKING:
    from reader.core.library import Library

_PREVIEW = 200  # papers listed per rule in a preview


@dataclass(frozen=True)
class Previewed:
    """A run (dry or not) and the titles of the papers it changes (or would)."""

    run: RuleRun
    titles: dict[int, str]

    @property
    def changes(self) -> object:
        """What the writer announces: the run's changes (none for a dry run)."""
        return self.run.changes


def _preview(lib: Library, names: list[str] | None, dry_run: bool) -> Previewed:
    run = lib.run_rules(names, dry_run=dry_run)
    ids = [i for m in run.matches for i in m.changing[:_PREVIEW]]
    return Previewed(run, {p.id: p.title for p in queries.load_papers(lib.conn, ids)})


def describe(done: Previewed) -> tuple[str, list[str]]:
    """The summary line and one line per paper for the dialog."""
    run = done.run
    if not run.matches:
        return "No enabled rules to run.", []
    would = "would change" if run.dry_run else "changed"
    parts = [
        f"{m.rule.name}: {len(m.ids)} match, {m.rule.spec} {would} {len(m.changing)}"
        for m in run.matches
    ]
    lines = []
    for match in run.matches:
        lines += [f"{match.rule.spec}  {done.titles.get(i, i)}" for i in match.changing[:_PREVIEW]]
        if len(match.changing) > _PREVIEW:
            lines.append(f"… and {len(match.changing) - _PREVIEW} more for {match.rule.name}")
    head = (
        "Dry run, nothing changed — "
        if run.dry_run
        else f"Done ({plural(run.changed, 'paper')}) — "
    )
    return head + "; ".join(parts), lines


class Rules(QObject):
    """Opens the Rules dialog and runs rules through the writer, one undo step per run."""

    def __init__(self, ctx: Context, undo: UndoStack) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.undo = undo
        self.dialog: RulesDialog | None = None

    def show(self) -> RulesDialog:
        """Open the dialog (or bring it forward)."""
        if self.dialog is None:
            dialog = RulesDialog(self.ctx.parent)
            dialog.save_requested.connect(self._save)
            dialog.remove_requested.connect(
                lambda name: self._write(lambda lib: lib.remove_rule(name), f"Removed “{name}”")
            )
            dialog.enable_requested.connect(self._enable)
            dialog.preview_requested.connect(lambda names: self.run(names, dry_run=True))
            dialog.run_requested.connect(lambda names: self.run(names))
            dialog.finished.connect(self._closed)
            self.dialog = dialog
        self._load()
        self.dialog.open()
        self.dialog.raise_()
        self.run(None, dry_run=True)  # what the enabled rules would do now, at a glance
        return self.dialog

    def _closed(self, _result: int) -> None:
        self.dialog = None
        self.ctx.back_to_list()

    def _load(self) -> None:
        conn = self.ctx.read()
        if self.dialog is not None and conn is not None:
            self.dialog.set_rules(list_rules(conn))

    def _say(self, text: str) -> None:
        if self.dialog is not None:
            self.dialog.say(text)
        else:
            self.ctx.report(text)

    def _write(self, fn: Callable[[Library], object], done_text: str) -> None:
        def job(lib: Library, _job: object) -> object:
            return fn(lib)

        def done(_result: object) -> None:
            self._load()
            self._say(done_text)

        self.ctx.writer.submit(job, done, lambda exc: self._say(f"Not saved: {exc}"))

    def _save(self, rule_id: int | None, name: str, query: str, action: str) -> None:
        self._write(
            lambda lib: lib.save_rule(name, query, action, rule_id=rule_id),
            f"Saved rule “{' '.join(name.split())}”",
        )

    def _enable(self, name: str, on: bool) -> None:
        self._write(lambda lib: lib.set_rule_enabled(name, on), f"“{name}” {'on' if on else 'off'}")

    def run(self, names: list[str] | None = None, *, dry_run: bool = False) -> None:
        """Run rules (all enabled ones, or the named) now, or only show what they would do."""
        if not dry_run:
            self.undo.expect()  # an undo pressed meanwhile waits for this run's step
        self.ctx.writer.submit(
            lambda lib, _job: _preview(lib, names, dry_run),
            self._ran,
            self._failed if dry_run else self._run_failed,
        )

    def _ran(self, done: Previewed) -> None:
        summary, lines = describe(done)
        if self.dialog is not None:
            self.dialog.show_preview(summary, lines)
        step: Step | None = None if done.run.dry_run else rules_step(done.run)
        if not done.run.dry_run:
            self.undo.settle(step)
            self.ctx.report(f"{step.label} — done" if step else "Rules: nothing to change")

    def _run_failed(self, exc: BaseException) -> None:
        self.undo.settle(None)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._say(f"Rules did not run: {exc}")
