"""Triage actions on the selected papers: one writer job, one undo step, one status message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from reader.core import queries
from reader.core.changes import Changes
from reader.core.models import Paper, Status
from reader.core.plural import plural
from reader.ui.context import Context
from reader.ui.keymap import key_text
from reader.ui.undo import Step, UndoStack, state_step
from reader.ui.widgets.browser import open_external
from reader.ui.widgets.tag_prompt import TagPrompt

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.tags import UserState

States = dict[int, "UserState"]
# An action, given the library, the ids and their states before: (verb, changes).
Action = Callable[["Library", list[int], States], tuple[str, Changes]]


@dataclass(frozen=True)
class Outcome:
    """What a triage job did; the writer emits `changes` like any other write."""

    changes: Changes
    label: str
    step: Step | None = None


def papers(n: int) -> str:
    """'1 paper', '12 papers'."""
    return plural(n, "paper")


def quoted(names: list[str]) -> str:
    """'vision' or 'vision', 'nlp'."""
    return ", ".join(f"'{n}'" for n in names)


class Triage(QObject):
    """Runs triage commands on the selection and keeps their undo history."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.quick_tags = list(ctx.settings.quick_tags)  # the tag manager changes them
        self.undo = UndoStack(self)

    def targets(self) -> list[int]:
        """The selected papers, or the current one."""
        return self.ctx.targets()

    def say(self, text: str) -> None:
        """A short status-bar message."""
        self.ctx.report(text, 6000)

    def _advance_past(self, ids: list[int]) -> None:
        model = self.ctx.model
        rows = [r for pid in ids if (r := model.row_of(pid)) is not None]
        if rows and max(rows) + 1 < model.rowCount():
            self.ctx.table.select_id(model.id_at(max(rows) + 1))

    # -- writes ----------------------------------------------------------------------

    def act(self, action: Action, *, advance: bool = False, ids: list[int] | None = None) -> None:
        """Run an action on the selection in one writer job; push its undo step.

        The ids are taken now, at the key; the job may wait behind an undo still waiting
        for its step (UndoStack.in_order), so the writer runs the keys in their order.
        """
        ids = list(ids if ids is not None else self.targets())
        if not ids:
            self.say("No paper selected")
            return

        def job(lib: Library, _job: object) -> Outcome:
            before = lib.user_state(ids)
            verb, changes = action(lib, ids, before)
            label = f"{verb} on {papers(len(ids))}"
            # A key that changed no paper (q on a queued one) is no step to undo.
            step = state_step(label, before, lib.user_state(ids)) if changes.ids else None
            return Outcome(changes, label, step)

        def submit() -> None:
            self.undo.expect()
            self.ctx.writer.submit(job, self.done, self.failed_step)

        self.undo.in_order(submit)
        if advance and self.ctx.settings.advance:
            self._advance_past(ids)

    def done(self, outcome: Outcome) -> None:
        label = outcome.label[:1].upper() + outcome.label[1:]
        if outcome.step is None:
            self.say(f"{label}: nothing to change")
        else:
            undo_key = key_text(self.ctx.commands, "edit.undo")
            self.say(f"{label} — done" + (f" ({undo_key} to undo)" if undo_key else ""))
        # After the message: an undo that waited for this step may now report its own.
        self.undo.settle(outcome.step)

    def failed_step(self, exc: BaseException) -> None:
        self.undo.settle(None)
        self.failed(exc)

    def failed(self, exc: BaseException) -> None:
        self.say(f"That did not work: {exc}")

    def toggle_star(self) -> None:
        """Star the papers, or unstar them when all are starred."""

        def run(lib: Library, ids: list[int], before: States) -> tuple[str, Changes]:
            star = not all(s.starred for s in before.values())
            return ("star" if star else "unstar"), lib.set_starred(ids, star)

        self.act(run)

    def set_status(self, status: Status, verb: str) -> None:
        """Queue, mark read, mark new or archive; the selection moves on (except new)."""
        self.act(
            lambda lib, ids, _b: (verb, lib.set_status(ids, status)),
            advance=status != Status.NEW,
        )

    def trash(self) -> None:
        """Move the papers to the trash."""
        self.act(lambda lib, ids, _b: ("move to trash", lib.trash(ids)), advance=True)

    def restore(self) -> None:
        """Bring the papers back from the trash."""
        self.act(lambda lib, ids, _b: ("restore", lib.restore(ids)), advance=True)

    def add_tags(self, names: list[str], ids: list[int] | None = None) -> None:
        """Tag the papers (tags are created as typed when new)."""
        self.act(lambda lib, ids, _b: (f"tag {quoted(names)}", lib.add_tags(ids, names)), ids=ids)

    def remove_tags(self, names: list[str], ids: list[int] | None = None) -> None:
        """Untag the papers."""
        verb = f"untag {quoted(names)}"
        self.act(lambda lib, ids, _b: (verb, lib.remove_tags(ids, names)), ids=ids)

    def toggle_tag(self, name: str) -> None:
        """A quick tag: remove it when every paper has it, else add it to all."""

        def run(lib: Library, ids: list[int], before: States) -> tuple[str, Changes]:
            key = name.casefold()
            if all(key in {t.casefold() for t in s.tags} for s in before.values()):
                return f"untag '{name}'", lib.remove_tags(ids, [name])
            return f"tag '{name}'", lib.add_tags(ids, [name])

        self.act(run)

    def quick_tag(self, number: int) -> None:
        """Toggle quick tag 1-9 (set in the tag manager, kept in settings.toml)."""
        quick = self.quick_tags
        if number > len(quick) or not quick[number - 1]:
            self.say(f"No quick tag {number}: pick one in Paper ▸ Manage tags…")
            return
        self.toggle_tag(quick[number - 1])

    # -- undo ------------------------------------------------------------------------

    def run_step(self, redo: bool) -> None:
        """Undo or redo one step on the writer, once every step asked for before is back."""
        at = self.ctx.table.current_id()
        self.undo.in_order(lambda: self._run_step(redo, at), after_steps=True)

    def _run_step(self, redo: bool, at: int | None) -> None:
        step = self.undo.take_redo() if redo else self.undo.take_undo()
        if step is None:
            self.say("Nothing to redo" if redo else "Nothing to undo")
            return
        write = step.redo if redo else step.undo
        done = "Redone" if redo else "Undone"

        def finished(result: object) -> None:
            self.say(f"{done}: {step.label}")
            if step.after is not None:
                step.after(redo)
            changes = getattr(result, "changes", result)  # an import's undo has a report
            # The paper it changed, in view; unless the user moved on since the key.
            if isinstance(changes, Changes) and changes.ids and self.ctx.table.current_id() == at:
                self.ctx.reveal(sorted(changes.ids))

        self.ctx.writer.submit(lambda lib, _job: write(lib), finished, self.failed)

    # -- prompts ---------------------------------------------------------------------

    def back_to_list(self) -> None:
        """After a dialog: the window active again and the list focused, for the next key."""
        self.ctx.back_to_list()

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with its count, from the GUI thread's read connection."""
        conn = self.ctx.read()
        return queries.tag_counts(conn) if conn is not None else []

    def prompt(
        self, title: str, hint: str, tags: list[tuple[str, int]], empty: str | None = None
    ) -> TagPrompt:
        """Open a tag prompt over the window; focus returns to the list when it closes.

        empty: what the prompt says when there are no tags to offer (None: type new ones)."""
        dialog = TagPrompt(self.ctx.parent, title, hint, tags, empty)
        dialog.finished.connect(lambda _r: self.back_to_list())
        dialog.open()
        dialog.field.setFocus()
        return dialog

    def ask_add_tags(self) -> None:
        """`t`: tags to add to the selection, completing existing ones."""
        ids = self.targets()
        if not ids:
            self.say("No paper selected")
            return
        title = f"Tag {papers(len(ids))}"
        dialog = self.prompt(title, "tags, comma-separated", self.tag_counts())
        dialog.submitted.connect(lambda names: self.add_tags(names, ids))

    def ask_remove_tags(self) -> None:
        """`T`: a tag to remove, completing the selection's tags."""
        ids = self.targets()
        if not ids:
            self.say("No paper selected")
            return
        have: dict[str, int] = {}
        conn = self.ctx.read()
        for row in queries.list_rows(conn, ids).values() if conn else []:
            for tag in row.tags:
                have[tag] = have.get(tag, 0) + 1
        title = f"Remove tags from {papers(len(ids))}"
        none = "These papers have no tags to remove." if len(ids) > 1 else "No tags to remove."
        dialog = self.prompt(title, "tags to remove", sorted(have.items()), none)
        dialog.submitted.connect(lambda names: self.remove_tags(names, ids))

    def ask_go_tag(self) -> None:
        """`g t`: show the papers of one tag."""
        key = key_text(self.ctx.commands, "tag.add")
        how = f"press {key} in the list" if key else "use Paper ▸ Tag…"
        none = f"No tags yet: to tag the selected papers, {how}."
        dialog = self.prompt("Go to tag", "tag name", self.tag_counts(), none)
        dialog.submitted.connect(lambda names: self.ctx.show("all", names[0]))

    # -- the current paper -----------------------------------------------------------

    def _papers(self) -> list[Paper]:
        ids, conn = self.targets(), self.ctx.read()
        return queries.load_papers(conn, ids) if ids and conn else []

    def copy_citekeys(self) -> None:
        """`c`: the citation keys of the selection, comma-separated."""
        found = self._papers()
        keys = [p.citekey for p in found]
        if keys:
            QApplication.clipboard().setText(", ".join(keys))
            self._keys_used(found)
            self.say(f"Copied {', '.join(keys)}" if len(keys) < 4 else f"Copied {len(keys)} keys")

    def copy_bibtex(self) -> None:
        """`y`: BibTeX entries of the selection."""
        from reader.export import export_papers

        found = self._papers()
        if found:
            QApplication.clipboard().setText(export_papers(found, "bibtex"))
            self._keys_used(found)
            self.say(f"Copied BibTeX for {papers(len(found))}")

    def _keys_used(self, found: list[Paper]) -> None:
        # A copied key may be cited anywhere now: rekey leaves it alone.
        ids = [p.id for p in found]
        self.ctx.writer.submit(
            lambda lib, _job: lib.record_key_use(ids, "copied"), lambda _r: None, self.failed
        )

    def open_link(self) -> None:
        """`o`: the current paper's main link, if it is http or https."""
        pid, conn = self.ctx.table.current_id(), self.ctx.read()
        found = queries.load_papers(conn, [pid]) if pid and conn else []
        link = found[0].main_link if found else None
        if not link:
            self.say("This paper has no link")
        elif (why := open_external(QUrl(link))) is None:
            self.say(f"Opened {link}")
        else:
            self.say(f"Not opened: {link} ({why})")
