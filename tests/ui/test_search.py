"""Search as you type, query views, the no-results state and malformed queries."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.library import Library


def test_typing_narrows_the_list(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    total = window.model.rowCount()
    search(qtbot, window, "diffusion")
    assert 0 < window.model.rowCount() < total
    assert "match" in window.count_label.text()
    assert window.current_id() in window.model.ids()
    assert "hit" in window.abstract.toHtml() or "diffusion" in window.abstract.toPlainText().lower()


def test_search_does_not_block_while_typing(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "transf")
    # Debounced: nothing was asked of the finder yet, the list still shows everything.
    assert window.model.rowCount() == 107
    with qtbot.waitSignal(window.loaded, timeout=5000):
        pass
    assert window.model.rowCount() < 107


def test_tag_and_starred_queries(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([2, 9], ["x"])
        lib.set_starred([4], True)
    window = open_window(sample_folder)
    search(qtbot, window, "tag:x")
    assert sorted(window.model.ids()) == [2, 9]
    search(qtbot, window, "is:starred")
    assert window.model.ids() == [4]


def test_no_results_state(sample_folder: Path, open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(sample_folder)
    search(qtbot, window, "qqqzzzxxyy")
    assert window.model.rowCount() == 0
    assert window.empty.isVisible() and "No results" in window.empty.text()
    assert not window.table.isVisible()


def test_malformed_query_shows_a_message(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    for bad in ('"unclosed', "(open", "colour:red", "is:sleepy"):
        search(qtbot, window, bad)
        assert window.search_message.isVisible()
        assert window.search_message.text().startswith("⚠")
        assert "Traceback" not in window.search_message.text()
    search(qtbot, window, "vision")
    assert not window.search_message.isVisible()


def test_escape_leaves_the_search_and_a_second_escape_clears_it(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    search(qtbot, window, "vision")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "vision" and window.model.rowCount() < 107
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window.table, Qt.Key.Key_Escape)
    assert window.model.rowCount() == 107


def test_slash_focuses_search_from_the_list(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.activateWindow()
    window.table.setFocus()
    qtbot.keyClick(window.table, "/")
    assert window.search.hasFocus()
    window.notes.editor.setFocus()
    qtbot.keyClick(window.notes.editor, "/")
    assert window.notes.editor.hasFocus()
    assert window.notes.body().endswith("/")


def test_view_keys_switch_views(sample_folder: Path, open_window: OpenWindow, qtbot: QtBot) -> None:
    with Library(sample_folder) as lib:
        lib.set_status([6], "queued")
    window = open_window(sample_folder)
    window.activateWindow()
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.request.view == "queue"
    assert window.model.ids() == [6]
    assert window.sidebar.currentIndex().data().startswith("Queue")


def test_search_results_sort_by_header(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    search(qtbot, window, "vision")
    found = set(window.model.ids())
    with qtbot.waitSignal(window.loaded):
        window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    titles = [window.model.index(r, 1).data() for r in range(window.model.rowCount())]
    assert set(window.model.ids()) == found
    assert titles == sorted(titles, key=str.casefold)
