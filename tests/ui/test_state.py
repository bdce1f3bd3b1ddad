"""State that persists across restarts: geometry, splitters, columns, sort, view, paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, search

from reader.core import queries
from reader.core.library import Library
from reader.ui.models.paper_list import COLUMNS


def test_state_survives_a_restart(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        vit = queries.resolve(lib.conn, VIT)
        lib.set_starred([vit, 3, 4], True)
    window = open_window(sample_folder)
    window.resize(760, 540)  # the offscreen screen is 800x600
    with qtbot.waitSignal(window.loaded):
        window.commands.run("view.starred")
    search(qtbot, window, "vision")
    window.table.select_id(vit)
    window.splitter.setSizes([125, 300, 170, 150])
    sizes = window.splitter.sizes()
    status = COLUMNS.index("status")
    window.table.horizontalHeader().resizeSection(status, 93)  # as a drag of its edge does
    with qtbot.waitSignal(window.loaded):
        window.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    window.close()

    again = open_window(sample_folder)
    assert (again.width(), again.height()) == (760, 540)
    assert again.splitter.sizes() == sizes
    header = again.table.horizontalHeader()
    assert header.sectionSize(status) == 93
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        3,
        Qt.SortOrder.AscendingOrder,
    )
    # The view and the paper come back; the search does not (a restored query would narrow
    # the list without saying so), so the whole of Starred is listed around the paper.
    assert (again.request.view, again.request.query) == ("starred", "")
    assert again.search.text() == ""
    assert again.model.rowCount() == 3
    assert again.current_id() == vit
