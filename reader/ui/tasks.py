"""Background work: one writer thread owning the Library, one finder thread for reads."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from reader.core import listing, queries
from reader.core.changes import Changes
from reader.core.db import connect
from reader.core.listing import ListRequest, list_papers
from reader.core.subscriptions import list_feeds

if TYPE_CHECKING:
    # Whoosh (through index and library) loads on the worker threads, off the first paint.
    from reader.core.index import SearchIndex
    from reader.core.library import Library

Progress = Callable[[int, int], None]
# The search index catches up this long after the last write, so a burst of keys costs one
# Whoosh commit, after their rows are painted.
INDEX_CATCH_UP_MS = 150
PAGE = 200  # rows listed first for a new list (a window shows ~30)


@dataclass
class Job:
    """One unit of writer work; cancel() sets the flag the work checks."""

    id: int
    fn: Callable[[Library, Job], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    progress_cb: Progress | None = None
    ran_on: int | None = None  # thread ident, so tests can see the work left the GUI thread
    writes: bool = True  # False: the job commits nothing (a backup), so it hides no other write

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self.cancel_flag.set()

    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self.cancel_flag.is_set()


class _WriterWorker(QObject):
    opened = Signal(int)  # paper count
    open_failed = Signal(str)
    finished = Signal(int, object, object, bool)  # job id, result, error, index behind
    progressed = Signal(int, int, int)  # job id, done, total

    def __init__(self, folder: Path, readonly: bool) -> None:
        super().__init__()
        self.folder = folder
        self.readonly = readonly
        self.library: Library | None = None

    @Slot()
    def open(self) -> None:
        try:
            from reader.core.library import Library

            self.library = Library(self.folder, readonly=self.readonly)
            self.library.defer_index = True  # Writer.catch_up brings the index up to date
            self.library.close_index()  # opened to check and catch up; the finder searches
            self.opened.emit(queries.paper_count(self.library.conn))
        except Exception as exc:
            self.open_failed.emit(str(exc))

    @Slot(object)
    def run(self, job: Job) -> None:
        job.ran_on = threading.get_ident()
        job.progress_cb = lambda done, total: self.progressed.emit(job.id, done, total)
        try:
            if self.library is None:
                raise RuntimeError("the library could not be opened")
            result = job.fn(self.library, job)
        except Exception as exc:
            self.finished.emit(job.id, None, exc, self._index_behind())
            return
        self.finished.emit(job.id, result, None, self._index_behind())

    def _index_behind(self) -> bool:
        """Whether the outbox holds rows for the index (a triage key writes none: starring
        or queueing needs no catch-up job, which would open the index just to find so)."""
        if self.library is None:
            return False
        try:
            row = self.library.conn.execute("SELECT EXISTS (SELECT 1 FROM index_outbox)")
            return bool(row.fetchone()[0])
        except sqlite3.Error:
            return True  # unsure: the catch-up finds out

    @Slot()
    def stop(self) -> None:
        if self.library is not None:
            self.library.close()
            self.library = None
        QThread.currentThread().quit()


class Writer(QObject):
    """The one writer: jobs run in order on its thread; results come back as signals."""

    opened = Signal(int)
    open_failed = Signal(str)
    changed = Signal(object)  # Changes
    indexed = Signal(int)  # the search index caught up with the writes: documents written
    job_done = Signal()  # any job, even one that changed nothing the window shows
    failed = Signal(object)  # any job's exception, after its own on_error
    progressed = Signal(int, int, int)
    _submit = Signal(object)
    _stop = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None, *, readonly: bool = False):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._started = False
        self._stopping = False
        self._thread = QThread()
        self._thread.setObjectName("reader-writer")
        self._worker = _WriterWorker(folder, readonly)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.open)
        self._submit.connect(self._worker.run)
        self._stop.connect(self._worker.stop)
        self._worker.opened.connect(self.opened)
        self._worker.open_failed.connect(self.open_failed)
        self._worker.finished.connect(self._finished)
        self._worker.progressed.connect(self.progressed)
        self._catch_up = QTimer(self, singleShot=True, interval=INDEX_CATCH_UP_MS)
        self._catch_up.timeout.connect(self.catch_up)

    def start(self) -> None:
        """Start the thread (once); it opens the library and emits opened(paper count)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def submit(
        self,
        fn: Callable[[Library, Job], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        writes: bool = True,
    ) -> Job:
        """Queue fn(library, job) on the writer thread (writes=False: it commits nothing)."""
        job = Job(next(self._ids), fn, on_done, on_error, writes=writes)
        self._jobs[job.id] = job
        self._submit.emit(job)
        return job

    def pending(self) -> int:
        """Jobs submitted and not finished yet (an index catch-up still to come counts)."""
        return len(self._jobs) + self._catch_up.isActive()

    def catch_up(self) -> None:
        """Bring the search index up to date with the writes, once no job waits."""
        if self._stopping:
            return
        if self._jobs:
            self._catch_up.start()  # after what is queued: keys come first
            return
        self.submit(_sync_index, self._indexed, lambda _exc: None, writes=False)

    def _indexed(self, written: int) -> None:
        if written:
            self.indexed.emit(written)

    def running(self) -> bool:
        """True while the thread runs jobs (started, not stopped)."""
        return self._thread.isRunning() and not self._stopping

    @Slot(int, object, object, bool)
    def _finished(self, job_id: int, result: object, error: object, behind: bool) -> None:
        job = self._jobs.pop(job_id, None)
        if behind and (job is None or job.writes):
            self._catch_up.start()
        self.job_done.emit()
        # Imports and triage jobs return a report or outcome that carries its Changes.
        changes = getattr(result, "changes", result)
        if isinstance(changes, Changes) and changes:
            self.changed.emit(changes)
        if job is None:
            return
        if isinstance(error, BaseException):
            if job.on_error:
                job.on_error(error)
            self.failed.emit(error)
        elif job.on_done:
            job.on_done(result)

    def deliver_while(self, busy: Callable[[], bool]) -> None:
        """At quit, before stop(): let results reach the GUI thread while busy() and jobs
        are queued, so work waiting on them (an undo pressed right after a key) is queued
        too and stop() finishes it. Input events stay queued: nothing new is pressed."""
        if busy() and self._jobs:
            self.start()  # as stop() would: the thread may not have been needed yet
        flags = (
            QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
            | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        )
        while busy() and self._jobs and self._thread.isRunning():
            QCoreApplication.processEvents(flags)

    def stop(self) -> None:
        """Finish every queued job (starting the thread for them if need be), then end it."""
        if self._stopping:
            return
        self._stopping = True
        if self._catch_up.isActive():  # the index follows before the library closes
            self._catch_up.stop()
            self.submit(_sync_index, writes=False)
        if not self._started:
            if not self._jobs:
                self._started = True  # a late start() must not begin a thread nobody stops
                return
            self.start()
        self._stop.emit()
        self._thread.wait()


def _sync_index(lib: Library, _job: Job) -> int:
    try:
        return lib.sync_index(wait=False)
    finally:
        lib.close_index()  # the window's searches use the finder's; no second copy kept


@dataclass(frozen=True)
class ListResult:
    """Ids for a ListRequest, or the readable error of a malformed query."""

    generation: int
    request: ListRequest
    ids: list[int]
    error: str | None = None
    partial: bool = False  # the first page of a new list; the whole list follows


def _is_query_error(exc: Exception) -> bool:
    index = sys.modules.get("reader.core.index")
    return index is not None and isinstance(exc, index.QueryError)


class _FinderWorker(QObject):
    listed = Signal(object)  # ListResult
    counted = Signal(object, object)  # view counts, tag counts
    feeds_counted = Signal(object)  # list[Feed], with their unread counts
    smart_counted = Signal(object)  # list of (SmartView, count)

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._conn = None
        self._index: SearchIndex | None = None
        self.latest = 0  # the newest generation asked (set from the GUI thread)

    def _connection(self):  # type: ignore[no-untyped-def]
        if self._conn is None:
            self._conn = connect(self.folder, readonly=True).conn
        return self._conn

    @Slot(int, object, bool)
    def find(self, generation: int, req: ListRequest, page: bool) -> None:
        if generation < self.latest:
            return  # typed on, or clicked on: the newer request answers instead
        try:
            if page and self._first_page(generation, req):
                return
            if generation < self.latest:
                return
            ids = self._ids(req)
        except Exception as exc:
            message = str(exc) if _is_query_error(exc) else f"search failed: {exc}"
            self.listed.emit(ListResult(generation, req, [], message))
            return
        self.listed.emit(ListResult(generation, req, ids))

    def _first_page(self, generation: int, req: ListRequest) -> bool:
        """Send the first rows of a new list before reading the rest; True when they are
        all of it."""
        first = listing.first_page(self._connection(), req, PAGE)
        if first is None:
            return False
        whole = len(first) < PAGE
        self.listed.emit(ListResult(generation, req, list(first), partial=not whole))
        return whole

    def _search_index(self) -> SearchIndex:
        if self._index is None:
            from reader.core.db import readonly_reason
            from reader.core.index import SearchIndex

            # The writer thread repairs a damaged index (in the background); until it
            # has, a search says so instead of racing it.
            readonly = readonly_reason(self.folder) is not None
            self._index = SearchIndex(
                self.folder, readonly=readonly, repair=False, connect=self._connection
            )
        self._index.refresh()
        return self._index

    def _ids(self, req: ListRequest) -> list[int]:
        index = self._search_index() if listing.full_query(req) else None
        return list(list_papers(self._connection(), index, req).ids)

    @Slot(str)
    def warm(self, sort: str) -> None:
        """Make the index's per-searcher tables (papers' document numbers, sort places)
        while nobody waits: seconds at 100k papers, once per searcher. A search for
        nothing makes just those; a broken index is reported by the searches."""
        from reader.core.index import SORTS

        with contextlib.suppress(Exception):
            self._search_index().search("", sort=sort if sort in SORTS else "date", limit=1)

    @Slot()
    def count(self) -> None:
        try:
            conn = self._connection()
            self.counted.emit(listing.view_counts(conn), queries.tag_counts(conn))
            self.feeds_counted.emit(list_feeds(conn))
        except Exception:  # counts are decoration; the list still works without them
            self.counted.emit({}, [])
            return
        with contextlib.suppress(
            Exception
        ):  # the same; an unreadable index is reported by the list
            self._count_smart(conn)

    def _count_smart(self, conn: sqlite3.Connection) -> None:
        views = listing.smart_views(conn)
        if not views:
            self.smart_counted.emit([])
            return
        counts = listing.smart_counts(conn, self._search_index())
        self.smart_counted.emit([(v, counts.get(v.name, 0)) for v in views])

    @Slot()
    def stop(self) -> None:
        if self._index is not None:
            self._index.close()
        if self._conn is not None:
            self._conn.close()
        QThread.currentThread().quit()


class Finder(QObject):
    """Reads that may take a while (lists, searches, counts) on their own thread."""

    listed = Signal(object)  # the newest ListResult only
    counted = Signal(object, object)
    feeds_counted = Signal(object)
    smart_counted = Signal(object)
    _find = Signal(int, object, bool)
    _count = Signal()
    _warm = Signal(str)
    _stop = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._answered = 0
        self._thread = QThread()
        self._thread.setObjectName("reader-finder")
        self._worker = _FinderWorker(folder)
        self._worker.moveToThread(self._thread)
        self._find.connect(self._worker.find)
        self._count.connect(self._worker.count)
        self._warm.connect(self._worker.warm)
        self._stop.connect(self._worker.stop)
        self._worker.listed.connect(self._listed)
        self._worker.counted.connect(self.counted)
        self._worker.feeds_counted.connect(self.feeds_counted)
        self._worker.smart_counted.connect(self.smart_counted)
        self._thread.start()

    def request(self, req: ListRequest, *, page: bool = False) -> int:
        """Ask for ids; older requests still queued are skipped and their results dropped.
        page: a new list (start, view, sort), whose first rows come first. Returns the
        generation."""
        self._generation += 1
        self._worker.latest = self._generation
        self._find.emit(self._generation, req, page)
        return self._generation

    def warm(self, sort: str) -> None:
        """Ready the search index for a search in this sort (queued like the requests)."""
        self._warm.emit(sort)

    def request_counts(self) -> None:
        """Ask for view and tag counts."""
        self._count.emit()

    def idle(self) -> bool:
        """True when the newest list request has been answered."""
        return self._answered == self._generation

    @Slot(object)
    def _listed(self, result: ListResult) -> None:
        if not result.partial:
            self._answered = max(self._answered, result.generation)
        if result.generation == self._generation:
            self.listed.emit(result)

    def stop(self) -> None:
        """Close the worker's connection and index and wait for the thread."""
        if self._thread.isRunning():
            self._stop.emit()
            self._thread.wait()
