"""Quick tags follow their tag: a rename (and its undo) moves them, a delete frees them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core import queries
from reader.core.library import Library
from reader.ui.main_window import MainWindow
from reader.ui.settings import load_settings, save_quick_tags
from reader.ui.widgets.tag_dialog import TagDialog


def tag_dialog(qtbot: QtBot, window: MainWindow) -> TagDialog:
    window.commands.run("tags.manage")
    qtbot.waitUntil(lambda: window.findChild(TagDialog) is not None, timeout=3000)
    dialog = window.findChild(TagDialog)
    assert isinstance(dialog, TagDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def tag_counts(folder: Path) -> dict[str, int]:
    with Library(folder) as lib:
        return dict(queries.tag_counts(lib.conn))


def test_a_renamed_tag_keeps_its_quick_key(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1, 2], ["vision"])
        lib.add_tags([3], ["nlp"])
    save_quick_tags(["vision", "nlp"])
    window = open_window(sample_folder)
    dialog = tag_dialog(qtbot, window)
    assert dialog.select("vision")
    dialog.field.setFocus()
    qtbot.keyClicks(dialog.field, "Vision Models")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.triage.quick_tags == ["Vision Models", "nlp"], timeout=3000)
    assert load_settings().quick_tags == ("Vision Models", "nlp")
    assert dialog.select("Vision Models") and dialog.quick.currentIndex() == 1
    dialog.close()
    target = next(i for i in window.model.ids() if i not in (1, 2, 3))
    window.table.select_id(target)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_1)  # quick tag 1: the renamed tag, no new one
    wait_idle(qtbot, window)
    assert tag_counts(sample_folder) == {"nlp": 1, "Vision Models": 3}
    window.commands.run("edit.undo")  # the tagging
    wait_idle(qtbot, window)
    window.commands.run("edit.undo")  # the rename: the quick tag goes back with it
    wait_idle(qtbot, window)
    assert tag_counts(sample_folder) == {"nlp": 1, "vision": 2}
    qtbot.waitUntil(lambda: window.triage.quick_tags == ["vision", "nlp"], timeout=3000)
    assert load_settings().quick_tags == ("vision", "nlp")


def test_a_deleted_tag_frees_its_quick_key_and_says_so(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1], ["vision"])
        lib.add_tags([3], ["nlp"])
    save_quick_tags(["vision", "nlp"])
    window = open_window(sample_folder)
    dialog = tag_dialog(qtbot, window)
    assert dialog.select("nlp")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.triage.quick_tags == ["vision"], timeout=3000)
    assert load_settings().quick_tags == ("vision",)
    assert "quick tag 2 is free now" in window.statusBar().currentMessage()
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_2)  # no tag named after the deleted one
    assert window.statusBar().currentMessage().startswith("No quick tag 2")
    window.commands.run("edit.undo")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.triage.quick_tags == ["vision", "nlp"], timeout=3000)
    assert tag_counts(sample_folder) == {"nlp": 1, "vision": 1}
