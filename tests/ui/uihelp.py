"""Helpers for the UI tests: waiting for the writer, typing a search."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from reader.ui.main_window import MainWindow

VIT = "VisionTransformersOutperform"
OpenWindow = Callable[..., MainWindow]


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 10000) -> None:
    """Until the writer has no queued job and no undo/redo waits for one (results
    delivered on the GUI thread); timeout only caps a wait that never ends."""

    def idle() -> bool:
        return window.writer.pending() == 0 and not window.triage.undo.busy()

    qtbot.waitUntil(idle, timeout=timeout)


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type a query as a user would and wait for the list to follow."""
    window.search.clear()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.search.setFocus()
        qtbot.keyClicks(window.search, text)
        window.search.fire()
