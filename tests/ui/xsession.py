"""Real-window sessions: `reader gui` in its own process on Xvfb, keys sent by xdotool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.core.db import connect

FATAL = "Fatal Python error"


def need_x_tools() -> None:
    """Skip outside CI when Xvfb or xdotool is missing; in CI (.ci/run installs them) fail."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} missing: .ci/run installs xvfb and xdotool")
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X display (Xvfb picks a free number and tells it on a pipe)."""
    need_x_tools()
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


class Session:
    """One `reader gui` process on a display, its output in files, driven by real key events."""

    def __init__(self, display: str, library: Path, home: Path) -> None:
        self.display = display
        self.library = library
        home.mkdir(parents=True, exist_ok=True)
        self.out = home / "stdout.txt"
        self.err = home / "stderr.txt"
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONFAULTHANDLER="1")
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
        env.update(XDG_DATA_HOME=str(home / "data"), READER_CONFIG_DIR=str(home / "reader"))
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "reader", "gui", "--library", str(library)],
                env=env,
                stdout=out,
                stderr=err,
            )
        self.window = self._find_window()

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        env = dict(os.environ, DISPLAY=self.display)
        done = subprocess.run(
            ["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout
        )
        return done.stdout.strip()

    def _find_window(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"reader gui exited early:\n{self.stderr()}")
            found = self.xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid))
            if found:
                window = found.splitlines()[0]
                self.xdotool("windowfocus", "--sync", window)
                return window
            time.sleep(0.2)
        raise AssertionError(f"no window within 60 s:\n{self.stderr()}")

    def key(self, *keys: str) -> None:
        """Press keys in the focused window, as a user would."""
        self.xdotool("key", "--window", self.window, "--delay", "30", *keys)

    def counts(self) -> dict[str, int]:
        """View counts, read back through the core on a connection of our own."""
        from reader.core import listing

        conn = connect(self.library, readonly=True).conn
        try:
            return listing.view_counts(conn)
        finally:
            conn.close()

    def key_until(self, key: str, done: Callable[[dict[str, int]], bool], what: str) -> None:
        """Press one key, then wait until the library shows what it should have done."""
        self.key(key)
        wait_for(lambda: done(self.counts()), what, self)

    def quit(self, timeout: float = 60) -> int:
        """Ctrl+Q, then the exit status."""
        self.key("ctrl+q")
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("Ctrl+Q did not end the process") from None

    def stderr(self) -> str:
        return self.err.read_text("utf-8", "replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def wait_for(check: Callable[[], bool], what: str, session: Session, timeout: float = 30) -> None:
    """Poll until check() holds; fail naming what was awaited, with the app's stderr."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if session.proc.poll() is not None:
            raise AssertionError(f"reader gui died waiting for {what}:\n{session.stderr()}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{session.stderr()}")
