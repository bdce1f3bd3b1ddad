"""UI fixtures: offscreen Qt, QSettings in tmp_path, real libraries, windows torn down cleanly."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core.library import Library
from reader.feeds.files import read_feed
from reader.ui import startup, state, welcome
from reader.ui.main_window import MainWindow
from reader.ui.settings import CONFIG_ENV

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample-feed.txt"


@pytest.fixture(autouse=True)
def _qt_state_in_tmp(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """QSettings, settings.toml and the app's names point at tmp_path, never the user's files."""
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    startup.application()
    yield


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A library folder holding the sample feed, closed again before the window opens."""
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        parsed = read_feed(SAMPLE)
        lib.import_records(parsed.records, "hf-page:sample-feed.txt")
    return folder


def returning_user(folder: Path) -> None:
    """Most tests open a library as someone who used it before: its last view was All
    papers and the welcome guide was dismissed (tests/ui/test_welcome.py opens it first)."""
    store = state.settings()
    if not state.has_view(store, str(folder)):
        state.save_view(store, str(folder), state.ViewState())
    store.setValue(welcome.DISMISSED_KEY, "true")
    store.sync()


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[OpenWindow]:
    """Open the real main window on a folder and wait until its list is loaded."""
    windows: list[MainWindow] = []

    def opener(folder: Path, *, first_launch: bool = False, **kwargs: object) -> MainWindow:
        if not first_launch:
            returning_user(folder)
        window = MainWindow(folder, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        startup.place(window, screenshot=False)
        windows.append(window)
        with qtbot.waitSignal(window.loaded, timeout=20000):
            window.show()
            window.start()
        return window

    yield opener
    for window in windows:
        window.close()
        qtbot.waitUntil(window.closing, timeout=20000)  # a note being saved holds the close
        assert not window.writer._thread.isRunning()
        assert not window.finder._thread.isRunning()
