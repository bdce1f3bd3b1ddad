"""Noticing writes made by other processes (the command line) and showing them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from reader.ui.context import Context

POLL_MS = 2000


class ExternalChanges(QObject):
    """Polls SQLite's data_version (no disk read) and reloads the window when another
    process committed; this window's own writes arrive as Changes and are skipped."""

    def __init__(self, ctx: Context, reload: Callable[[], None]) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self._reload = reload
        self._version: int | None = None
        self._own_write = False
        ctx.writer.job_done.connect(self._note_own_write)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _note_own_write(self) -> None:
        self._own_write = True

    def poll(self) -> None:
        """Reload the list, counts and paper when someone else wrote since the last look."""
        conn = self.ctx.read()
        if conn is None:
            return
        try:
            version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return
        seen, self._version = self._version, version
        if self._own_write or self.ctx.writer.pending() or seen is None:
            self._own_write = False
            return
        if version != seen:
            self._reload()
