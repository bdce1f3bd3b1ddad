"""Noticing writes made by other processes (the command line) and showing them."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

POLL_MS = 2000


class ExternalChanges(QObject):
    """Polls SQLite's data_version (no disk read) and reloads the window when another
    process committed; this window's own writes arrive as Changes and are skipped."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._version: int | None = None
        self._own_write = False
        window.writer.job_done.connect(self._note_own_write)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _note_own_write(self) -> None:
        self._own_write = True

    def poll(self) -> None:
        """Reload the list, counts and paper when someone else wrote since the last look."""
        w = self._window
        if w.conn is None:
            return
        try:
            version = int(w.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return
        seen, self._version = self._version, version
        if self._own_write or w.writer.pending() or seen is None:
            self._own_write = False
            return
        if version != seen:
            w.reload_from_library()
