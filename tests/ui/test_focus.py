"""Focus and Esc, `/`, Return in the search field, highlights that follow the query, and
undo/redo reselecting the paper they changed: the real window, driven by keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from test_triage import press
from uihelp import OpenWindow, search, wait_idle

from reader.ui.main_window import MainWindow

ESC, RETURN = Qt.Key.Key_Escape, Qt.Key.Key_Return
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NO_MODS = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(qtbot: QtBot, k: Qt.Key | str, mods: Qt.KeyboardModifier = NO_MODS) -> None:
    """A key to whatever has the focus now, as the keyboard sends it."""
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, k, mods)


def highlighted(doc: QTextDocument) -> set[str]:
    """The words shown with a highlight background in a rendered pane."""
    words = set()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                words.add(fragment.text().strip().lower())
            it += 1
        block = block.next()
    return words - {""}


def visible(window: MainWindow, pid: int) -> bool:
    row = window.model.row_of(pid)
    assert row is not None
    rect = window.table.visualRect(window.model.index(row, 1))
    return window.table.viewport().rect().intersects(rect)


def test_escape_in_search_keeps_results_and_paper_then_escape_in_list_clears(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    search(qtbot, window, "vision")
    found = window.model.ids()
    assert 2 < len(found) < 107
    window.table.select_id(found[2])
    window.search.setFocus()
    key(qtbot, ESC)
    assert focused() is window.table
    assert window.search.text() == "vision"
    assert window.model.ids() == found and window.current_id() == found[2]
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, ESC)
    assert window.search.text() == "" and window.model.rowCount() == 107
    assert window.current_id() == found[2] and focused() is window.table


def test_escape_right_after_typing_applies_the_query(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    window.search.setFocus()
    qtbot.keyClicks(window.search, "diffusion")
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, ESC)  # before the search-as-you-type pause
    assert 0 < window.model.rowCount() < 107
    assert window.search.text() == "diffusion" and focused() is window.table


def test_escape_on_no_results_clears_the_query(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    search(qtbot, window, "qqqzzzxxyy")
    assert window.model.rowCount() == 0
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, ESC)
    assert window.model.rowCount() == 107 and window.search.text() == ""


def test_slash_focuses_search_with_its_text_selected_and_types_nothing(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    search(qtbot, window, "vision")
    for widget in (window.table, window.sidebar, window.abstract, window.notes.preview):
        widget.setFocus()
        key(qtbot, "/")
        assert focused() is window.search, widget.objectName()
        assert window.search.text() == "vision"
        assert window.search.selectedText() == "vision"
    key(qtbot, ESC)  # back to the list; `/` pressed at once after it
    key(qtbot, "/")
    assert focused() is window.search and window.search.selectedText() == "vision"
    press(qtbot, window, "j")
    key(qtbot, "/")
    assert focused() is window.search and window.search.text() == "vision"
    key(qtbot, "/")  # a double tap: the second `/` does not replace the query
    assert window.search.text() == "vision" and window.search.selectedText() == "vision"
    qtbot.keyClicks(window.search, "10.48550/arXiv")  # typed later, `/` is text (a DOI)
    assert window.search.text() == "10.48550/arXiv"


def test_return_in_search_goes_to_the_first_result(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    search(qtbot, window, "vision")
    found = window.model.ids()
    key(qtbot, ESC)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, ESC)
    window.table.select_id(found[-1])  # a result, but not the first
    window.search.setFocus()
    qtbot.keyClicks(window.search, "vision")
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, RETURN)  # before the search-as-you-type pause
    assert window.model.ids() == found
    assert window.current_id() == found[0] and focused() is window.table
    assert window.notes.paper_id == found[0]
    window.table.select_id(found[-1])
    window.search.setFocus()
    key(qtbot, RETURN)  # the query already applied
    assert window.current_id() == found[0] and focused() is window.table


def test_highlights_follow_the_query_shown(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    search(qtbot, window, "vision")
    both = next(p for p in window.model.ids() if "Vision Transformers" in title(window, p))
    window.table.select_id(both)
    doc = window.abstract.document()
    assert "vision" in highlighted(doc) and "transformers" not in highlighted(doc)
    search(qtbot, window, "transformer")  # the paper stays selected across the search
    assert window.current_id() == both
    assert "transformers" in highlighted(doc) and "vision" not in highlighted(doc)
    key(qtbot, ESC)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        key(qtbot, ESC)  # the query cleared, the paper still shown
    assert window.current_id() == both
    assert highlighted(doc) == set()


def title(window: MainWindow, pid: int) -> str:
    row = window.model.row_of(pid)
    return str(window.model.index(row if row is not None else -1, 1).data())


def test_undo_and_redo_reselect_the_paper_they_changed(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    ids = window.model.ids()
    press(qtbot, window, "s")
    wait_idle(qtbot, window)
    key(qtbot, Qt.Key.Key_G, SHIFT)  # the last paper: the starred one scrolled away
    assert not visible(window, ids[0])
    key(qtbot, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, window)
    assert window.current_id() == ids[0] and visible(window, ids[0])
    key(qtbot, Qt.Key.Key_G, SHIFT)
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    wait_idle(qtbot, window)
    assert window.current_id() == ids[0] and visible(window, ids[0])
    last = window.model.columnCount() - 1
    rows = QItemSelection(window.model.index(40, 0), window.model.index(42, last))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    window.table.selectionModel().select(rows, flags)
    press(qtbot, window, "s")  # three papers, one step
    wait_idle(qtbot, window)
    assert "on 3 papers" in window.statusBar().currentMessage()
    press(qtbot, window, "g g")
    key(qtbot, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, window)
    assert window.current_id() == ids[40] and visible(window, ids[40])
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # redo, and `j` before it is back: moved on
    press(qtbot, window, "j")
    wait_idle(qtbot, window)
    assert window.current_id() == ids[41]


def test_undo_brings_back_a_paper_that_left_the_view_and_selects_it(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    with qtbot.waitSignal(window.loaded):
        press(qtbot, window, "g i")
    ids = window.model.ids()
    press(qtbot, window, "j j")
    with qtbot.waitSignal(window.loaded):
        press(qtbot, window, "q")  # queued: it leaves the inbox
    assert ids[2] not in window.model.ids()
    with qtbot.waitSignal(window.loaded):
        key(qtbot, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, window)
    assert window.model.ids() == ids
    assert window.current_id() == ids[2]
