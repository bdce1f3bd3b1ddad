"""Key prefixes (`g` for views, `O` for sorting) end on a key they do not bind, which acts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.ui.main_window import MainWindow

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
GO, ORDER = (Qt.Key.Key_G, NO), (Qt.Key.Key_O, SHIFT)


def type_in_list(
    qtbot: QtBot, window: MainWindow, *keys: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    window.table.setFocus()
    for key, mods in keys:
        qtbot.keyClick(window.table, key, mods)


def test_slash_after_g_or_o_focuses_the_search(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    for prefix in (GO, ORDER):
        type_in_list(qtbot, window, prefix, (Qt.Key.Key_Slash, NO))
        qtbot.waitUntil(window.search.hasFocus, timeout=3000)
        assert window.search.text() == ""  # the slash focused the field and typed nothing


def test_a_key_the_prefix_does_not_bind_acts_alone(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    start = window.table.currentIndex().row()
    type_in_list(qtbot, window, GO, (Qt.Key.Key_J, NO))  # j: the next paper
    assert window.table.currentIndex().row() == start + 1
    type_in_list(qtbot, window, ORDER, (Qt.Key.Key_K, NO))  # k: back up
    assert window.table.currentIndex().row() == start
    with qtbot.waitSignal(window.loaded, timeout=10000):  # O, then g i: the Inbox
        type_in_list(qtbot, window, ORDER, GO, (Qt.Key.Key_I, NO))
    assert window.request.view == "inbox"


def test_sequences_still_work_with_shift_pressed_on_its_own(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        qtbot.keyPress(window.table, Qt.Key.Key_Shift, SHIFT)  # as a keyboard sends it
        qtbot.keyClick(window.table, Qt.Key.Key_O, SHIFT)
        qtbot.keyRelease(window.table, Qt.Key.Key_Shift, NO)
        qtbot.keyClick(window.table, Qt.Key.Key_T, NO)
    assert window.request.sort == "title"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        type_in_list(qtbot, window, GO, (Qt.Key.Key_Q, NO))
    assert window.request.view == "queue"
