"""Helpers for the UI tests: waiting for the writer, typing a search."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from reader.ui.main_window import MainWindow

VIT = "VisionTransformersOutperform"
OpenWindow = Callable[..., MainWindow]


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    """Until the writer has no queued job (results delivered on the GUI thread)."""
    qtbot.waitUntil(lambda: window.writer.pending() == 0, timeout=10000)


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type a query as a user would and wait for the list to follow."""
    window.search.clear()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.search.setFocus()
        qtbot.keyClicks(window.search, text)
        window.search.fire()
