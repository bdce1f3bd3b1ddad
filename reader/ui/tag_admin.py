"""Tag management (rename, merge, delete; undoable) and emptying the trash (confirmed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from reader.core import listing, queries
from reader.core.listing import ListRequest
from reader.ui.context import Context
from reader.ui.settings import save_quick_tags
from reader.ui.triage import Outcome, Triage, papers
from reader.ui.undo import Step, state_step
from reader.ui.widgets.tag_dialog import TagDialog

if TYPE_CHECKING:
    import sqlite3

    from reader.core.changes import Changes
    from reader.core.library import Library


def tagged_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    """Every paper carrying a tag, trashed ones included."""
    return listing.list_papers(conn, None, ListRequest(tags=name, include_trash=True)).ids


def existing_name(conn: sqlite3.Connection, name: str) -> str | None:
    """The stored spelling of a tag, matched case-insensitively."""
    key = name.casefold()
    return next((n for n, _c in queries.tag_counts(conn) if n.casefold() == key), None)


class TagAdmin:
    """Runs tag renames, merges and deletes on the writer, each as one undo step."""

    def __init__(self, ctx: Context, triage: Triage) -> None:
        self.ctx = ctx
        self.triage = triage
        self.dialog: TagDialog | None = None

    def show(self) -> None:
        """Open (or raise) the tag manager."""
        if self.dialog is None:
            self.dialog = TagDialog(self.ctx.parent)
            self.dialog.rename_requested.connect(self.rename)
            self.dialog.delete_requested.connect(self.delete)
            self.dialog.quick_requested.connect(self.set_quick)
            self.dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
            self.ctx.finder.counted.connect(self.dialog.set_tags)
            for cid in ("edit.undo", "edit.redo"):  # Ctrl+Z works from the dialog too
                self.dialog.addAction(self.ctx.commands.action(cid))
        self.dialog.set_tags({}, self.triage.tag_counts())
        self.dialog.set_quick(self.triage.quick_tags)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def set_quick(self, name: str, number: int) -> None:
        """Make a tag quick tag `number` (0: none), remembered in settings.toml."""
        quick = ["" if t.casefold() == name.casefold() else t for t in self.triage.quick_tags]
        if number:
            quick += [""] * (number - len(quick))
            quick[number - 1] = name
        if self._save_quick(quick):
            said = f"Quick tag {number} is now '{name}'" if number else f"'{name}' has no key"
            self.ctx.report(said)

    def _save_quick(self, quick: list[str]) -> bool:
        """Quick tags into settings.toml and in use; False (and said) when not saved."""
        quick = list(quick)
        while quick and not quick[-1]:
            quick.pop()
        try:
            save_quick_tags(quick)
        except (OSError, ValueError) as exc:
            self.ctx.report(f"Quick tags not saved: {exc}")
            return False
        self.triage.quick_tags = quick
        if self.dialog is not None:
            self.dialog.set_quick(quick)
        return True

    def _quick_moved(self, old: str, new: str) -> list[int]:
        """Quick tags naming `old` now name `new` ('' for a deleted tag); their positions.

        A merge can leave the target on two numbers: the first one keeps it."""
        quick = list(self.triage.quick_tags)
        moved = [i for i, t in enumerate(quick) if t.casefold() == old.casefold()]
        for i in moved:
            quick[i] = new
        seen: set[str] = set()
        for i, tag in enumerate(quick):
            if tag and tag.casefold() in seen:
                quick[i] = ""
            seen.add(tag.casefold())
        return moved if moved and self._save_quick(quick) else []

    def _quick_back(self, moved: list[int], old: str, new: str) -> None:
        """Undo of a rename or delete: those quick tags name `old` again."""
        quick = list(self.triage.quick_tags)
        quick += [""] * (max(moved, default=-1) + 1 - len(quick))
        keep = {"", new.casefold()}
        back = [i for i in moved if quick[i].casefold() in keep]
        for i in back:
            quick[i] = old
        if back:
            self._save_quick(quick)

    def rename(self, old: str, new: str) -> None:
        """Rename a tag; onto another existing tag this merges the two."""
        new = " ".join(new.replace(",", " ").split())
        if not new:
            self.triage.say("A tag needs a name")
            return

        moved: list[int] = []  # the quick tags that followed the rename
        renamed = [new]  # the tag's name after the rename, as stored

        def job(lib: Library, _job: object) -> Outcome:
            ids = tagged_ids(lib.conn, old)
            target = existing_name(lib.conn, new)
            merge = target is not None and target.casefold() != old.casefold()
            before = lib.user_state(ids)
            changes = lib.rename_tag(old, new)
            renamed[0] = existing_name(lib.conn, new) or new
            if merge:
                label = f"merge tag '{old}' into '{target}' on {papers(len(ids))}"
                # The snapshot puts the old tag back, spelled as it was.
                step = Step(label, state_step(label, before, {}).undo, redo, follow)
            else:
                label = f"rename tag '{old}' to '{new}' on {papers(len(ids))}"
                step = Step(label, lambda lib: lib.rename_tag(new, old), redo, follow)
            return Outcome(changes, label, step)

        def redo(lib: Library) -> Changes:
            return lib.rename_tag(old, new)

        def follow(redone: bool) -> None:
            if redone:
                moved[:] = self._quick_moved(old, renamed[0])
            else:
                self._quick_back(moved, old, renamed[0])

        def done(outcome: Outcome) -> None:
            self._done(outcome)
            if outcome.step is not None:
                follow(True)

        self.ctx.writer.submit(job, done, self.triage.failed)
        shown = self.ctx.listed().tag
        if shown and shown.casefold() == old.casefold():
            self.ctx.show("all", new)

    def delete(self, name: str) -> None:
        """Take a tag off every paper and forget it."""

        cleared: list[int] = []  # the quick tags the tag had, cleared with it

        def job(lib: Library, _job: object) -> Outcome:
            ids = tagged_ids(lib.conn, name)
            before = lib.user_state(ids)
            changes = lib.delete_tag(name)
            label = f"delete tag '{name}' from {papers(len(ids))}"
            undo = state_step(label, before, {}).undo
            step = Step(label, undo, lambda lib: lib.delete_tag(name), follow)
            return Outcome(changes, label, step)

        def follow(redone: bool) -> None:
            if redone:
                cleared[:] = self._quick_moved(name, "")
            else:
                self._quick_back(cleared, name, "")

        def done(outcome: Outcome) -> None:
            self._done(outcome)
            if outcome.step is not None:
                follow(True)
            if cleared:
                numbers = " and ".join(str(i + 1) for i in cleared)
                self.triage.say(f"Deleted tag '{name}'; quick tag {numbers} is free now")

        self.ctx.writer.submit(job, done, self.triage.failed)

    def _done(self, outcome: Outcome) -> None:
        self.triage.done(outcome)
        self.ctx.finder.request_counts()

    def ask_empty_trash(self) -> None:
        """Confirm, then delete every trashed paper for good (not undoable)."""
        conn = self.ctx.read()
        count = listing.view_counts(conn).get("trash", 0) if conn else 0
        if count == 0:
            self.triage.say("The trash is empty")
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Empty trash",
            f"Delete the {papers(count)} in the trash for good, with their notes and tags?\n\n"
            "This cannot be undone.",
            QMessageBox.StandardButton.Cancel,
            self.ctx.parent,
        )
        box.setObjectName("emptyTrashBox")
        delete = box.addButton("Delete for good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda _r: self._empty_trash() if box.clickedButton() is delete else None
        )
        box.finished.connect(lambda _r: self.triage.back_to_list())
        box.open()

    def _empty_trash(self) -> None:
        self.ctx.writer.submit(
            lambda lib, _job: lib.empty_trash(),
            lambda changes: self.triage.say(f"Deleted {papers(len(changes.ids))} for good"),
            self.triage.failed,
        )
