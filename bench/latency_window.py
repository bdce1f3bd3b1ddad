"""The window half of the latency benchmark: real key events, paint and signal timestamps."""

from __future__ import annotations

import faulthandler
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from reader.ui import startup
from reader.ui.main_window import MainWindow
from reader.ui.settings import CONFIG_ENV

POLL_MS = 5  # how often waits look at their condition (the figures come from timestamps)
QUIET_S = 0.15  # no watched paint for this long, nothing queued: the window has settled
TIMEOUT_S = 60.0


def now() -> float:
    """Seconds on the benchmark's clock."""
    return time.perf_counter()


class Probe:
    """Timestamps of the window's paints (after each paint finished) and model signals."""

    def __init__(self) -> None:
        self.paints: list[tuple[str, float]] = []
        self.resets: list[tuple[float, int]] = []  # (time, rows after the reset)
        self.changed: list[float] = []  # dataChanged emissions (a row shows new data)
        self.counts_pending = 0  # asked through the window's debounce, not answered yet
        self.counts_answered = 0

    def watch_paint(self, widget: QWidget, name: str) -> None:
        """Wrap the widget's paintEvent so each finished paint is timestamped."""
        original = type(widget).paintEvent

        def paint(event: object) -> None:
            original(widget, event)
            self.paints.append((name, now()))

        widget.paintEvent = paint  # type: ignore[method-assign]

    def attach(self, window: MainWindow) -> None:
        """Watch the panes that show a change: list, empty state, abstract, side counts."""
        self.watch_paint(window.table, "list")
        self.watch_paint(window.empty, "list")
        self.watch_paint(window.abstract, "abstract")
        self.watch_paint(window.sidebar, "sidebar")
        model = window.model
        model.modelReset.connect(lambda: self.resets.append((now(), model.rowCount())))
        model.dataChanged.connect(lambda *_: self.changed.append(now()))
        # Counts are asked after a debounce; settled means their answer arrived.
        window._counts_timer.timeout.connect(self._asked)
        window.finder.counted.connect(self._done)

    def _asked(self) -> None:
        self.counts_pending += 1

    def _done(self, *_: object) -> None:
        self.counts_pending = max(0, self.counts_pending - 1)
        self.counts_answered += 1

    def first_paint(self, name: str, after: float) -> float | None:
        """End of the first paint of `name` that started after `after`."""
        return next((t for n, t in self.paints if n == name and t > after), None)

    def last_paint(self, after: float) -> float:
        """End of the last watched paint after `after` (or `after`)."""
        return max([t for _, t in self.paints if t > after], default=after)


class Bench:
    """One window on one library, driven by real key events."""

    def __init__(self, app: QApplication, folder: Path) -> None:
        self.app = app
        self.folder = folder
        self.probe = Probe()
        self.window: MainWindow | None = None
        self.quick_rounds = 0  # rounds of quick `q` so far: each starts on fresh papers

    @property
    def win(self) -> MainWindow:
        assert self.window is not None
        return self.window

    # -- waiting ---------------------------------------------------------------------

    def pump(self, until: Callable[[], object], what: str, timeout: float = TIMEOUT_S) -> None:
        """Run the event loop until `until()` is true (TimeoutError after timeout)."""
        if until():
            return
        loop = QEventLoop()
        deadline = now() + timeout
        met: list[bool] = []  # the condition held when the loop was left

        def check() -> None:
            if until():
                met.append(True)
                loop.quit()
            elif now() > deadline:
                loop.quit()

        timer = QTimer(interval=POLL_MS)
        timer.timeout.connect(check)
        timer.start()
        # A wait that takes half its timeout prints every thread's stack (stderr), taken
        # by faulthandler's own thread: it shows where a stuck GUI thread is.
        faulthandler.dump_traceback_later(timeout / 2, file=sys.stderr)
        loop.exec()
        faulthandler.cancel_dump_traceback_later()
        timer.stop()
        # Not until() again: the window may be busy anew a moment after it was quiet
        # (a timer firing), which is no timeout.
        if not met:
            said = self.win.statusBar().currentMessage() if self.window else ""
            raise TimeoutError(f"waited {timeout:.0f} s for {what} (status bar: {said!r})")

    def busy(self) -> bool:
        """A write queued, a newer list asked, or counts asked and not answered."""
        win, probe = self.win, self.probe
        return (
            win.writer.pending() > 0
            or not win.finder.idle()
            or win._counts_timer.isActive()
            or probe.counts_pending > 0
        )

    def settle(self, t0: float) -> float:
        """Wait for the idle window (nothing queued, no paint for QUIET_S); its time."""
        idle_since: list[float] = []

        def quiet() -> bool:
            if self.busy():
                idle_since.clear()
                return False
            if not idle_since:
                idle_since.append(now())
            return now() - max(idle_since[0], self.probe.last_paint(t0)) >= QUIET_S

        self.pump(quiet, "the window to settle")
        return max(idle_since[0], self.probe.last_paint(t0))

    def paint_after(self, name: str, when: Callable[[], float | None], what: str) -> float:
        """Wait until `when()` gives a time and a `name` paint ended after it; that paint."""

        def painted() -> float | None:
            at = when()
            return None if at is None else self.probe.first_paint(name, at)

        self.pump(painted, what)
        result = painted()
        assert result is not None
        return result

    # -- the window ------------------------------------------------------------------

    def open(self) -> dict[str, float]:
        """Open the real window; window start -> first rows painted, and -> settled."""
        t0 = now()
        window = MainWindow(self.folder)
        window.persist_state = False  # the default view, and nothing saved for the user
        self.window = window
        self.probe.attach(window)
        startup.place(window, screenshot=True)  # a fixed 1280x800, like --screenshot
        window.show()
        window.activateWindow()
        window.start()
        first = self.paint_after("list", lambda: self.first_rows_reset(t0), "the first rows")
        self.pump(lambda: window.library_open and self.probe.counts_answered, "library + counts")
        settled = self.settle(t0)
        window.table.setFocus()
        return {"first_rows_ms": ms(first - t0), "start_settled_ms": ms(settled - t0)}

    def first_rows_reset(self, after: float) -> float | None:
        return next((t for t, rows in self.probe.resets if t > after and rows > 0), None)

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window = None


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def key(widget: QWidget, text: str) -> None:
    """One key press as QTest sends it: 'j', 'Ctrl+Z' (shortcuts fire as for a user)."""
    if text == "Ctrl+Z":
        QTest.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    else:
        QTest.keyClick(widget, text)


def isolated_settings() -> tempfile.TemporaryDirectory[str]:
    """QSettings and settings.toml in a temp folder: the user's own are never read or written."""
    tmp = tempfile.TemporaryDirectory(prefix="reader-latency-")
    os.environ[CONFIG_ENV] = str(Path(tmp.name) / "config")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp.name)
    return tmp


def rss() -> dict[str, Any]:
    """Peak and current resident set size of this (the window's) process, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    current = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    return {"rss_mb": round(peak, 1), "rss_now_mb": round(current, 1)}
