"""Saving notes from the window: never over a note changed elsewhere, retried when refused."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core import queries
from reader.core.changes import Changes
from reader.ui.context import Context
from reader.ui.widgets.notes import NotesPane

if TYPE_CHECKING:
    from reader.core.library import Library

NOTE_RETRY_MS = 2000
BOTH_KEPT = "⚠ Changed elsewhere too: both versions kept"


def both_versions(theirs: str, ours: str) -> str:
    """The stored note (changed elsewhere) followed by this window's version, marked."""
    if not theirs.strip() or theirs in ours:
        return ours
    if not ours.strip() or ours in theirs:
        return theirs
    stamp = time.strftime("%Y-%m-%d %H:%M")
    return (
        f"{theirs.rstrip()}\n\n---\n\n"
        f"> ⚠ {stamp}: this note was changed outside this window while it was being edited "
        "here. Both versions are kept: the one above came from elsewhere, the window's "
        "follows. Merge them and delete this line.\n\n"
        f"{ours}"
    )


@dataclass(frozen=True)
class NoteSaved:
    """A note write: its Changes, and the merged text when a conflict kept both versions."""

    changes: Changes
    merged: str | None = None


class NoteStore(QObject):
    """Pending notes by paper, handed to the writer with the text each edit started from."""

    result = Signal(bool)  # a save finished: stored (True) or refused (False)

    def __init__(self, ctx: Context, notes: NotesPane) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.notes = notes
        self.stopped = False  # the window is shutting down: no more retries
        self.pending: dict[int, str] = {}  # handed over, not stored yet (shown meanwhile)
        self.failed: dict[int, str] = {}  # paper -> why its last save was refused
        # What each note held when this window last read or stored it. The writer thread
        # reads and updates it, hence the lock.
        self._bases: dict[int, str] = {}
        self._lock = threading.Lock()

    def text_to_show(self, pid: int, stored: str) -> str:
        """The editor text for a paper being shown: its pending note, else the stored one."""
        if pid in self.pending:
            return self.pending[pid]
        self._set_base(pid, stored)
        return stored

    def save(self, pid: int, body: str) -> None:
        """Hand a note to the writer; it stays pending (and shown) until stored."""
        self.pending[pid] = body
        self.ctx.writer.submit(
            lambda lib, _job: self._store(lib, pid, body),
            lambda saved: self._saved(pid, body, saved),
            lambda exc: self._failed(pid, body, exc),
        )

    def _store(self, lib: Library, pid: int, body: str) -> NoteSaved:
        """On the writer thread: store unless changed elsewhere since the base; then merge."""
        theirs: list[str] = []
        merged: list[str] = []

        def merge(stored: str, ours: str) -> str:
            theirs.append(stored)
            merged.append(both_versions(stored, ours))
            return merged[0]

        with self._lock:
            base = self._bases.get(pid)
        changes = lib.save_note(pid, body, base=base, merge=merge)
        # After a merge the base stays what was found, so an editor still holding only its
        # own version conflicts again (keeping both) instead of overwriting the merge.
        self._set_base(pid, theirs[0] if theirs else body)
        return NoteSaved(changes, merged[0] if merged and merged[0] != body else None)

    def _set_base(self, pid: int, text: str) -> None:
        with self._lock:
            self._bases[pid] = text

    def _saved(self, pid: int, body: str, saved: NoteSaved) -> None:
        self.failed.pop(pid, None)
        latest = self.pending.get(pid) == body
        if latest:
            del self.pending[pid]
        notes = self.notes
        notes.mark_saved(pid)
        if saved.merged is not None:
            self._both_kept(pid, body, saved.merged, latest)
        self.result.emit(True)

    def _both_kept(self, pid: int, body: str, merged: str, latest: bool) -> None:
        notes = self.notes
        self.ctx.report(
            "The note was also changed outside this window: both versions are kept in it.", 15000
        )
        if latest and notes.paper_id == pid and notes.body() == body:
            notes.take(merged, BOTH_KEPT, warn=True)
            self._set_base(pid, merged)

    def _failed(self, pid: int, body: str, exc: BaseException) -> None:
        """Keep the note pending and try again (the database may be busy for a moment)."""
        self.failed[pid] = str(exc)
        self.ctx.report(f"Could not save the note yet ({exc}); retrying…", 5000)
        if not self.stopped:
            QTimer.singleShot(NOTE_RETRY_MS, lambda: self._retry(pid, body))
        self.result.emit(False)

    def _retry(self, pid: int, body: str) -> None:
        if self.pending.get(pid) == body and not self.stopped:
            self.save(pid, body)

    def unstored(self) -> dict[int, str]:
        """Pending notes the database does not hold. At shutdown the writer runs the last
        saves as it stops, before their results can reach the window, so ask the database."""
        conn = self.ctx.read()
        if conn is None or not self.pending:
            return dict(self.pending)
        try:
            stored = {p.id: p.note for p in queries.load_papers(conn, list(self.pending))}
        except sqlite3.Error:
            return dict(self.pending)
        return {pid: body for pid, body in self.pending.items() if stored.get(pid) != body}

    def reloaded(self) -> None:
        """Another process wrote: follow the shown note if it changed and was not edited here;
        if it was edited here, save now so both versions are kept at once."""
        notes, conn = self.notes, self.ctx.read()
        pid = notes.paper_id
        if pid is None or conn is None:
            return
        papers = queries.load_papers(conn, [pid])
        if not papers:
            return
        stored = papers[0].note
        with self._lock:
            base = self._bases.get(pid)
        if stored == base or stored == notes.body():
            return
        if pid in self.pending or notes.dirty():
            notes.flush()
            return
        notes.take(stored, "Updated from outside this window")
        self._set_base(pid, stored)
