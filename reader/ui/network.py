"""The network thread: downloads and lookups run here, never on the GUI or writer thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Step = Callable[[str], None]


@dataclass
class NetJob:
    """One unit of network work: fn(step, job); cancel() sets the flag the client checks."""

    id: int
    fn: Callable[[Step, NetJob], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_step: Callable[[str], None] | None = None
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    ran_on: int | None = None  # thread ident, so tests can see the work left the GUI thread

    def cancel(self) -> None:
        """Ask the work to stop at its next check (between reads, in waits)."""
        self.cancel_flag.set()

    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self.cancel_flag.is_set()


class _NetWorker(QObject):
    finished = Signal(int, object, object)  # job id, result, error
    stepped = Signal(int, str)

    @Slot(object)
    def run(self, job: NetJob) -> None:
        job.ran_on = threading.get_ident()
        try:
            result = job.fn(lambda text: self.stepped.emit(job.id, text), job)
        except Exception as exc:
            self.finished.emit(job.id, None, exc)
            return
        self.finished.emit(job.id, result, None)


class Net(QObject):
    """Network jobs in order on one thread; results and progress come back as signals."""

    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._jobs: dict[int, NetJob] = {}
        self._thread = QThread()
        self._thread.setObjectName("reader-net")
        self._worker = _NetWorker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._finished)
        self._worker.stepped.connect(self._stepped)
        self._thread.start()

    def submit(
        self,
        fn: Callable[[Step, NetJob], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_step: Callable[[str], None] | None = None,
    ) -> NetJob:
        """Queue fn(step, job) on the network thread."""
        job = NetJob(next(self._ids), fn, on_done, on_error, on_step)
        self._jobs[job.id] = job
        self._submit.emit(job)
        return job

    def busy(self) -> bool:
        """True while a job is queued or running."""
        return bool(self._jobs)

    @Slot(int, str)
    def _stepped(self, job_id: int, text: str) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.on_step is not None:
            job.on_step(text)

    @Slot(int, object, object)
    def _finished(self, job_id: int, result: object, error: object) -> None:
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        if isinstance(error, BaseException):
            if job.on_error:
                job.on_error(error)
        elif job.on_done:
            job.on_done(result)

    def stop(self) -> None:
        """Cancel what runs, then end the thread (a cancelled request stops within ~50 ms,
        a read in progress within the timeout)."""
        for job in self._jobs.values():
            job.cancel()
        self._thread.quit()
        self._thread.wait()
