"""The ranking's CPU work (vectors, training, similar papers) in a process of its own.

Tokenising 20,000 abstracts takes seconds of pure Python; on a thread of the window it
holds the GIL in 5 ms turns, and every key pressed meanwhile waits for those turns (a
3 ms repaint took 50–300 ms). In its own process it waits for nothing but a core.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
NICE = 10  # background work: on a busy machine the window gets the core (CFS: ~10:1)
JOIN_S = 5.0  # at quit: a training in progress may finish (its file is written atomically)


class RankError(Exception):
    """The ranking failed (its message is the reason), or its process ended."""


def _train(conn: Any, folder: Path, readonly: bool, tag: str | None) -> object:
    from reader.core import ranking

    model, _scores = ranking.ensure(conn, folder, tag, store=not readonly)
    return model


def _similar(conn: Any, folder: Path, readonly: bool, pid_limit: tuple[int, int]) -> object:
    from reader.core import queries
    from reader.core.similar import similar

    pid, limit = pid_limit
    found = similar(conn, pid, limit, folder, store=not readonly)
    titles = {p.id: p.title for p in queries.load_papers(conn, [i for i, _ in found])}
    return [(i, titles.get(i, ""), s) for i, s in found]


HANDLERS: dict[str, Callable[[Any, Path, bool, Any], object]] = {
    "train": _train,
    "similar": _similar,
}


def serve(pipe: Connection, folder: str, readonly: bool, parent: int) -> None:
    """The process's loop: answer (kind, argument) requests until None or the window's
    (process `parent`) end."""
    _die_with_parent(parent)
    from reader.core.db import connect

    conn = connect(Path(folder), readonly=True).conn
    while True:
        try:
            request = pipe.recv()
        except (EOFError, OSError):
            break  # the window is gone
        if request is None:
            break
        kind, arg = request
        try:
            reply: tuple[str, object] = ("ok", HANDLERS[kind](conn, Path(folder), readonly, arg))
        except Exception as exc:  # reported by the window; the process serves on
            reply = ("error", str(exc))
        try:
            pipe.send(reply)
        except OSError:
            break
    conn.close()


def _die_with_parent(parent: int) -> None:
    """End with the window even while busy: the kernel's signal on Linux, a watch elsewhere."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)  # the window died while this process was starting: no signal comes
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


class RankProcess:
    """The window's handle on the ranking process: started on first use, again after a
    crash; call() blocks its (non-GUI) caller thread until the answer comes."""

    def __init__(self, folder: Path, readonly: bool) -> None:
        self.folder, self.readonly = Path(folder), readonly
        self._proc: Any = None
        self._pipe: Connection | None = None
        self._lock = threading.Lock()

    def call(self, kind: str, arg: object) -> Any:
        """Run one request in the process; RankError with the reason when it fails."""
        with self._lock:
            pipe = self._pipe if self._pipe is not None else self._start()
            try:
                pipe.send((kind, arg))
                status, value = pipe.recv()
            except (EOFError, OSError) as exc:
                self._end(wait=False)
                raise RankError("the ranking process ended") from exc
        if status == "error":
            raise RankError(value)
        return value

    def pid(self) -> int | None:
        """The process's id while it runs (tests check it leaves with the window)."""
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> Connection:
        # spawn: a fresh interpreter; forking a process that runs Qt threads is unsafe.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        args = (theirs, str(self.folder), self.readonly, os.getpid())
        proc = context.Process(target=serve, args=args, name="reader-rank", daemon=True)
        proc.start()
        # From here, not from the child: its interpreter's start-up is work too.
        with contextlib.suppress(OSError, AttributeError, TypeError):  # Windows: none
            os.setpriority(os.PRIO_PROCESS, proc.pid, NICE)  # type: ignore[arg-type]
        theirs.close()  # only the child holds it: the child sees EOF when we are gone
        self._proc, self._pipe = proc, ours
        return ours

    def close(self) -> None:
        """Ask the process to end and wait for it (it finishes the request in hand)."""
        with self._lock:
            self._end(wait=True)

    def _end(self, *, wait: bool) -> None:
        proc, pipe = self._proc, self._pipe
        self._proc = self._pipe = None
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.send(None)
            pipe.close()
        if proc is not None:
            proc.join(JOIN_S if wait else 0.1)
            if proc.is_alive():
                proc.kill()
                proc.join()
