"""Sorting by title follows the text shown, not the TeX source: `\\emph{Provable}` sorts under P."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.library import Library
from reader.core.models import PaperRecord
from reader.ui.main_window import MainWindow

TITLES = [
    "Zebra finches sing in common",
    r"\emph{Provable} guarantees in common",
    "apple pie in common",
    r"{\'E}tude of common waves",
    "Mango trees in common",
    r"{\em Bayesian} common sense",
]
SHOWN_SORTED = [
    "apple pie in common",
    "Bayesian common sense",
    "Étude of common waves",
    "Mango trees in common",
    "Provable guarantees in common",
    "Zebra finches sing in common",
]


def tex_titles(folder: Path) -> Path:
    with Library(folder) as lib:
        lib.import_records([PaperRecord(t, "An abstract.") for t in TITLES], "test")
    return folder


def shown(window: MainWindow) -> list[str]:
    return [window.model.index(r, 1).data() for r in range(window.model.rowCount())]


def sort_by_title(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        qtbot.keyClick(window.table, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(window.table, Qt.Key.Key_T)


def test_o_t_sorts_by_the_shown_title(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(tex_titles(tmp_path / "lib"))
    sort_by_title(qtbot, window)
    assert shown(window) == SHOWN_SORTED
    search(qtbot, window, "common")  # a search sorted by title: the same order
    assert shown(window) == SHOWN_SORTED
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.commands.run("sort.reverse")
    assert shown(window) == SHOWN_SORTED[::-1]
