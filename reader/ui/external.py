"""Noticing writes made by other processes (the command line) and showing them."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from reader.core import queries
from reader.ui.context import Context

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.tasks import Job

POLL_MS = 2000


def _writer_version(lib: Library, _job: Job) -> tuple[int, int]:
    conn = lib.conn
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), queries.write_mark(conn)


class ExternalChanges(QObject):
    """Polls SQLite's data_version (no disk read) and reloads the window when another
    process committed.

    The GUI thread's connection sees this window's own writes (made on the writer's
    connection) as changes too, so it only says *something* committed. The writer's
    connection then decides: its data_version moves only for commits of other
    connections, and the finder and the GUI never write, so it moves only for other
    processes, even when this window's own autosave fell in the same interval.
    """

    def __init__(self, ctx: Context, reload: Callable[[], None]) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self._reload = reload
        self._version: int | None = None  # the GUI connection's, at the last poll
        self._first_mark = 0  # the library's write mark at the first list
        self._writer_seen: int | None = None  # the writer connection's, at the last probe
        self._probing = False
        self._stopped = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _gui_version(self) -> int | None:
        conn = self.ctx.read()
        try:
            return None if conn is None else int(conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def first_look(self) -> None:
        """At the first list: both baselines. The probe is the writer's first job, so it
        runs as the writer opens, before any write of this window: a write mark grown by
        then is another process's, made while the writer was opening."""
        if self._version is None:
            self._version = self._gui_version()
            conn = self.ctx.read()
            with contextlib.suppress(sqlite3.Error):
                self._first_mark = queries.write_mark(conn) if conn is not None else 0
            self._probe()

    def poll(self) -> None:
        """Ask the writer to tell whether another process wrote, when anything committed."""
        if self._version is None or self._probing:
            return  # a change seen while a probe is out stays unseen until the next poll
        if self._writer_seen is None:  # the writer could not answer yet: ask again
            self._probe()
            return
        version = self._gui_version()
        if version is not None and version != self._version:
            self._version = version
            self._probe()

    def stop(self) -> None:
        """The window is closing: no more polls or probes."""
        self._stopped = True
        self._timer.stop()

    def _probe(self) -> None:
        if self._probing or self._stopped:
            return
        self._probing = True
        self.ctx.writer.submit(_writer_version, self._probed, self._probe_failed)

    def _probed(self, answer: tuple[int, int]) -> None:
        self._probing = False
        version, mark = answer
        seen, self._writer_seen = self._writer_seen, version
        if (seen is None and mark != self._first_mark) or (seen is not None and version != seen):
            self._reload()

    def _probe_failed(self, _exc: BaseException) -> None:
        self._probing = False
