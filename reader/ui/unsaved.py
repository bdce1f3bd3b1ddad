"""Closing with a note not stored yet: wait for the save, or warn and offer retry or a file."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.core import queries
from reader.core.tex_display import tex_text
from reader.ui.context import Context
from reader.ui.note_store import NoteStore
from reader.ui.plain import plain
from reader.ui.rescue import write_verified
from reader.ui.widgets.notes import NotesPane

DRAIN_S = 15.0


class CloseGuard(QObject):
    """Holds the window open while a note is unsaved; the user decides what happens to it."""

    def __init__(self, ctx: Context, notes: NotesPane, store: NoteStore) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.notes = notes
        self._store = store
        self._wanted = False  # the user asked to close; close as soon as notes are stored
        self._give_up = False  # "Quit without saving": the rescue files are all that is left
        self.box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        store.result.connect(self._result)

    def blocks_close(self) -> bool:
        """Called by closeEvent: True keeps the window open and asks what to do."""
        if self._give_up:
            return False
        self.notes.flush()
        if not self._store.pending:
            return False
        # Let the queued saves finish (as the shutdown would), then ask the database.
        self.drain()
        if not self._store.unstored():
            return False
        self._wanted = True
        self.ask()
        return True

    def drain(self, timeout: float = DRAIN_S) -> None:
        """Wait until the writer has run every job queued so far (saves included)."""
        if not self.ctx.writer.running():
            return
        done = threading.Event()
        self.ctx.writer.submit(lambda _lib, _job: done.set())
        done.wait(timeout)  # the window is closing; a locked database waits 10 s at most

    def _result(self, ok: bool) -> None:
        if not self._wanted:
            return
        if ok and not self._store.pending:
            QTimer.singleShot(0, self.ctx.parent.close)
        elif not ok:
            self.ask()

    def ask(self) -> None:
        """The warning: retry, save the note to a file elsewhere, quit anyway, or stay."""
        text = self._text()
        if self.box is not None and self.box.isVisible():
            self.box.setText(text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved note", text, parent=self.ctx.parent)
        box.setObjectName("unsavedNoteBox")
        plain(box)  # it quotes paper titles and error messages
        retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
        elsewhere = box.addButton("Save As…", QMessageBox.ButtonRole.ActionRole)
        give_up = box.addButton("Quit Without Saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(retry)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is retry:
                self._retry()
            elif clicked is elsewhere:
                self._choose_file()
            elif clicked is give_up:
                self._give_up = True
                self.ctx.parent.close()
            else:
                self._wanted = False

        box.finished.connect(answered)
        self.box = box
        box.open()

    def _text(self) -> str:
        failed = {pid: self._store.failed.get(pid) or "not stored" for pid in self._store.pending}
        titles = self._titles(list(failed))
        lines = [f"“{titles.get(pid, f'paper {pid}')}”: {why}" for pid, why in failed.items()]
        noun = "note was" if len(lines) == 1 else "notes were"
        return (
            f"The {noun} not saved:\n\n"
            + "\n".join(lines)
            + "\n\nIf the disk is full, free some space and retry, or save the note as a "
            "file on another disk."
        )

    def _titles(self, ids: list[int]) -> dict[int, str]:
        if self.ctx.read() is None:
            return {}
        try:
            return {p.id: tex_text(p.title) for p in queries.load_papers(self.ctx.read(), ids)}
        except Exception:  # a title is decoration; the warning must still show
            return {}

    def _retry(self) -> None:
        self.ctx.report("Saving the note before closing…")
        for pid, body in list(self._store.pending.items()):
            self._store.save(pid, body)

    def _choose_file(self) -> None:
        first = next(iter(self._store.pending), 0)
        dialog = QFileDialog(self.ctx.parent, "Save the note elsewhere", str(Path.home()))
        dialog.setObjectName("saveNoteDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("Markdown (*.md)")
        dialog.selectFile(f"note-paper-{first}.md")
        dialog.fileSelected.connect(lambda path: self._save_to(Path(path)))
        dialog.rejected.connect(self.ask)
        self.file_dialog = dialog
        dialog.open()

    def _save_to(self, path: Path) -> None:
        notes = dict(self._store.pending)
        titles = self._titles(list(notes))
        if len(notes) == 1:
            text = next(iter(notes.values()))
        else:
            text = "\n\n".join(f"# {titles.get(p, f'Paper {p}')}\n\n{b}" for p, b in notes.items())
        try:
            write_verified(path, text)
        except OSError as exc:
            self._store.failed.update({pid: f"{path}: {exc.strerror or exc}" for pid in notes})
            self.ask()
            return
        for pid in notes:
            self._store.pending.pop(pid, None)
            self._store.failed.pop(pid, None)
        self.ctx.report(f"Saved the note to {path}")
        self.ctx.parent.close()
