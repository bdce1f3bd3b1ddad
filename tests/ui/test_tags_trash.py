"""Tag management (rename, merge, delete, undo) and the trash (restore, empty with consent)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core import listing, queries
from reader.core.library import Library
from reader.ui.main_window import MainWindow
from reader.ui.widgets.tag_dialog import TagDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def tags_of(folder: Path) -> dict[int, tuple[str, ...]]:
    with Library(folder) as lib:
        ids = [*listing.view_ids(lib.conn, "all"), *listing.view_ids(lib.conn, "trash")]
        return {i: s.tags for i, s in lib.user_state(ids).items() if s.tags}


def counts(folder: Path) -> dict[str, int]:
    with Library(folder) as lib:
        return dict(queries.tag_counts(lib.conn))


def open_dialog(qtbot: QtBot, window: MainWindow) -> TagDialog:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_T, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.findChild(TagDialog) is not None, timeout=3000)
    dialog = window.findChild(TagDialog)
    assert isinstance(dialog, TagDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.field.setFocus()
    return dialog


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.commands.run("edit.undo")
    wait_idle(qtbot, window)


def test_rename_merge_delete_each_undoable(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1, 2, 3], ["Vision"])
        lib.add_tags([3, 4], ["nlp"])
    start = tags_of(sample_folder)
    window = open_window(sample_folder)
    dialog = open_dialog(qtbot, window)
    assert [dialog.tags.item(r).text() for r in range(2)] == ["nlp  (2)", "Vision  (3)"]
    assert dialog.select("vision")
    qtbot.keyClicks(dialog.field, "Vision Models")
    assert dialog.rename_button.text() == "&Rename"
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert counts(sample_folder) == {"nlp": 2, "Vision Models": 3}
    assert window.commands.action("edit.undo").text().startswith("&Undo rename tag 'Vision'")
    undo(qtbot, window)
    assert tags_of(sample_folder) == start
    qtbot.waitUntil(lambda: dialog.select("Vision"))
    dialog.select("nlp")
    qtbot.keyClicks(dialog.field, "VISION")
    assert dialog.rename_button.text() == "&Merge into 'Vision'"
    assert "merged" in dialog.hint.text()
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert counts(sample_folder) == {"Vision": 4}
    undo(qtbot, window)
    assert tags_of(sample_folder) == start
    assert counts(sample_folder) == {"nlp": 2, "Vision": 3}
    qtbot.waitUntil(lambda: dialog.select("nlp"))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert counts(sample_folder) == {"Vision": 3}
    qtbot.waitUntil(lambda: dialog.tags.count() == 1)  # the list follows the counts
    undo(qtbot, window)
    assert tags_of(sample_folder) == start
    window.commands.run("edit.redo")
    wait_idle(qtbot, window)
    assert counts(sample_folder) == {"Vision": 3}


def test_trash_restore_and_empty_with_confirmation(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    total = window.model.rowCount()
    first, second = window.model.ids()[:2]
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.model.rowCount() == total - 2
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClicks(window.table, "gd")  # g d: the Trash view
    assert sorted(window.model.ids()) == sorted([first, second])
    window.table.select_id(second)
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window.table, Qt.Key.Key_R, SHIFT)  # restore
    assert window.model.ids() == [first]
    qtbot.waitUntil(lambda: "(1)" in str(window.sidebar_model.index(6).data()))
    for answer in ("cancel", "delete"):
        window.commands.run("trash.empty")
        box = window.findChild(QMessageBox, "emptyTrashBox")
        assert isinstance(box, QMessageBox) and "cannot be undone" in box.text()
        if answer == "cancel":
            box.button(QMessageBox.StandardButton.Cancel).click()
            wait_idle(qtbot, window)
            assert window.model.ids() == [first]
        else:
            delete = next(b for b in box.buttons() if b.text() == "Delete for good")
            with qtbot.waitSignal(window.loaded):
                delete.click()
        box.deleteLater()
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "emptyTrashBox") is None)
    assert window.model.ids() == []
    with Library(sample_folder) as lib:
        assert queries.load_papers(lib.conn, [first]) == []
        assert lib.user_state([second])[second].trashed is False
    assert "Deleted 1 paper for good" in window.statusBar().currentMessage()
