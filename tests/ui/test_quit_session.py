"""Whole real-window sessions ended with Ctrl+Q: exit status 0, no abort, the changes kept."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from xsession import FATAL, Session, xvfb

# Issue 13: after about a dozen triage keys the process aborted at quit with
# "Fatal Python error: bool_dealloc" (PySide6 6.12.0 on Python 3.11; see refcount_guard).
# A damaged database (issue 16) aborted with none_dealloc, same cause.
STARS = 12
UNDONE_QUEUES = 3


def first_star(session: Session) -> None:
    """The first `s`, pressed again only if the list was not there yet to take it."""
    for _ in range(3):
        session.key("s")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if session.counts()["starred"] == 1:
                return
            time.sleep(0.1)
    raise AssertionError(f"the first star never landed:\n{session.stderr()}")


def triage(session: Session) -> None:
    """12 x `s`,`j`, then 3 x `s`,`q`,Ctrl+Z,`j`: 15 papers starred, none left queued
    (Ctrl+Z selects the paper it changed again, so `j` moves on from it)."""
    first_star(session)
    session.key("j")
    for n in range(2, STARS + 1):
        session.key_until("s", lambda c, n=n: c["starred"] == n, f"{n} starred")
        session.key("j")
    for n in range(STARS + 1, STARS + UNDONE_QUEUES + 1):
        session.key_until("s", lambda c, n=n: c["starred"] == n, f"{n} starred")
        # Ctrl+Z right after the commit, before its result (the undo step) reached the
        # GUI thread: the undo waits for that step (UndoStack.in_order), so no pause.
        session.key_until("q", lambda c: c["queue"] == 1, "the paper queued")
        session.key_until("ctrl+z", lambda c: c["queue"] == 0, "the queue undone")
        session.key("j")


@pytest.mark.parametrize("run", range(3))
def test_triage_then_ctrl_q_exits_cleanly(sample_folder: Path, tmp_path: Path, run: int) -> None:
    with xvfb() as display:
        session = Session(display, sample_folder, tmp_path / "home")
        try:
            triage(session)
            status = session.quit()
        finally:
            session.kill()
    err = session.stderr()
    assert FATAL not in err, err
    assert status == 0, err
    counts = session.counts()
    assert counts["starred"] == STARS + UNDONE_QUEUES
    assert counts["queue"] == 0


EMITS = """
import sys
import reader.ui  # installs the guard, as every use of the window does
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

app = QCoreApplication([])

class Worker(QObject):
    listed = Signal(object)

    def run(self):
        for n in range(20000):  # several times the references None and True start with
            self.setObjectName(f"worker {n}")  # returns None
            self.listed.emit(n)  # returns True
        QThread.currentThread().quit()

thread = QThread()
worker = Worker()
worker.moveToThread(thread)
got = []
worker.listed.connect(got.append)
thread.started.connect(worker.run)
thread.finished.connect(app.quit)
thread.start()
app.exec()
thread.wait()
print(len(got))
"""


def test_many_qt_calls_and_cross_thread_emits_do_not_abort() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EMITS)], capture_output=True, text=True, timeout=120
    )
    assert FATAL not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["20000"]
