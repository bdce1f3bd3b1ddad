"""Sort commands, zoom keys and the theme switch in the real window, each remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core import queries
from reader.core.library import Library
from reader.core.listing import USER_SORTS
from reader.feeds.files import read_feed
from reader.ui.main_window import MainWindow
from reader.ui.models.paper_list import COLUMNS
from reader.ui.sorting import SORT_COMMANDS
from reader.ui.theme import is_dark
from reader.ui.widgets.palette import CommandPalette

ARXIV = Path(__file__).resolve().parents[1] / "data" / "arxiv_api_query_testing_max10.xml"


def surnames(window: MainWindow) -> list[str]:
    """The first author's last name per row ('' for none)."""
    assert window.conn is not None
    papers = queries.load_papers(window.conn, window.model.ids())
    return [p.authors[0].name.split()[-1].casefold() if p.authors else "" for p in papers]


def titles(window: MainWindow) -> list[str]:
    rows = [window.model.row_data(r) for r in range(window.model.rowCount())]
    return [r.title for r in rows if r is not None]


def press(qtbot: QtBot, window: MainWindow, *keys: tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
    """Keys typed into the focused list, waiting for the list to follow the last one."""
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        for key, mods in keys:
            qtbot.keyClick(window.table, key, mods)


NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_sort_keys_change_the_order_and_the_sort_is_remembered(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:  # ten papers with authors beside 107 without
        lib.import_records(read_feed(ARXIV).records, "arxiv-api:testing")
    window = open_window(sample_folder)
    press(qtbot, window, (Qt.Key.Key_O, SHIFT), (Qt.Key.Key_T, NO))  # O t: by title
    by_title = titles(window)
    assert by_title == sorted(by_title, key=str.casefold) != titles(window)[::-1]
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMNS.index("title")
    assert window.commands.action("sort.title").isChecked()
    press(qtbot, window, (Qt.Key.Key_O, SHIFT), (Qt.Key.Key_O, SHIFT))  # O O: reversed
    assert titles(window) == by_title[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    with qtbot.waitSignal(window.loaded):
        window.commands.run("sort.author")  # as the View menu and the palette run it
    authors = surnames(window)[:10]  # by family name; papers without authors after them
    assert authors == sorted(authors) and authors[:2] == ["ahuja", "ali"]
    assert surnames(window)[10:] == [""] * 107
    press(qtbot, window, (Qt.Key.Key_O, SHIFT), (Qt.Key.Key_O, SHIFT))
    shown = window.model.ids()
    assert surnames(window)[-10:] == authors[::-1]
    window.close()

    again = open_window(sample_folder)
    assert (again.request.sort, again.request.descending) == ("author", True)
    assert again.model.ids() == shown
    assert again.commands.action("sort.author").isChecked()


def test_added_and_relevance_have_no_column_and_relevance_needs_a_search(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    order = window.model.ids()
    window.commands.run("sort.relevance")  # nothing searched: nothing to rank
    assert window.request.sort == "date" and window.model.ids() == order
    assert "search first" in window.statusBar().currentMessage()
    assert window.commands.action("sort.date").isChecked()
    search(qtbot, window, "vision transformer")
    with qtbot.waitSignal(window.loaded):
        window.commands.run("sort.relevance")
    assert window.request.sort == "relevance"
    assert window.table.horizontalHeader().sortIndicatorSection() == -1  # no column for it
    assert "relevance, best match first" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.loaded):
        window.commands.run("sort.added")
    assert window.request.sort == "added" and window.commands.action("sort.added").isChecked()


def test_palette_sorts_by_title(sample_folder: Path, open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(sample_folder)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is not None, timeout=3000)
    palette = window.findChild(CommandPalette)
    assert isinstance(palette, CommandPalette)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.field, timeout=3000)
    qtbot.keyClicks(palette.field, "sort by title")
    assert palette.current_command() == "sort.title"
    row = palette.view.currentIndex().row()
    assert palette.model.index(row, 1).data() == "O t"  # its key is shown
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(palette.field, Qt.Key.Key_Return)
    shown = titles(window)
    assert shown == sorted(shown, key=str.casefold)
    assert window.commands.action("sort.title").isChecked()  # View ▸ Sort shows it


def test_sort_commands_are_in_the_view_menu_and_name_the_cli_sorts(
    sample_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window(sample_folder)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    sort_menu = next(a.menu() for a in view.actions() if a.text() == "&Sort")
    names = [a.objectName() for a in sort_menu.actions() if not a.isSeparator()]
    assert names == [f"sort.{cid}" for _k, cid, *_ in SORT_COMMANDS] + ["sort.reverse"]
    assert tuple(key for key, *_ in SORT_COMMANDS) == USER_SORTS  # `reader list --sort` names


def test_zoom_keys_scale_list_and_panes_and_are_remembered(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    list_size = window.table.font().pointSizeF()
    abstract_size = window.abstract.font().pointSizeF()
    row = window.table.verticalHeader().defaultSectionSize()
    editor = window.notes.editor.font()
    empty_size = window.empty.font().pointSizeF()
    assert empty_size > list_size  # the empty state's larger text
    for _ in range(3):
        qtbot.keyClick(window.table, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.table.font().pointSizeF() >= list_size * 1.3
    assert window.abstract.font().pointSizeF() >= abstract_size * 1.3
    assert window.notes.editor.font().family() == editor.family()  # still fixed-width
    assert window.notes.editor.font().pointSizeF() >= editor.pointSizeF() * 1.3
    assert window.empty.font().pointSizeF() >= empty_size * 1.3
    assert window.table.verticalHeader().defaultSectionSize() > row  # rows follow the text
    bold = window.table.font()
    bold.setBold(True)
    header, date = window.table.horizontalHeader(), COLUMNS.index("date")
    need = QFontMetrics(bold).horizontalAdvance("Sep 30") + 16  # the date column shows "Mar 17"
    # A shown date is never cut (on a narrow list the column gives way to Title instead).
    qtbot.waitUntil(lambda: header.isSectionHidden(date) or header.sectionSize(date) >= need)
    assert "135 %" in window.statusBar().currentMessage()
    qtbot.keyClick(window.table, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    zoomed = window.table.font().pointSizeF()
    assert list_size < zoomed < list_size * 1.3
    window.close()

    again = open_window(sample_folder)
    assert again.table.font().pointSizeF() == zoomed
    assert again.table.verticalHeader().defaultSectionSize() > row
    qtbot.keyClick(again.table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.table.font().pointSizeF() == list_size
    assert again.table.verticalHeader().defaultSectionSize() == row


def test_dark_theme_applies_to_panes_and_is_remembered(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = open_window(sample_folder)
    assert not is_dark(app.palette())
    light_html = window.abstract.toHtml()
    window.commands.run("view.theme_dark")
    try:
        assert is_dark(app.palette()) and is_dark(window.table.palette())
        assert window.commands.action("view.theme_dark").isChecked()
        dark_html = window.abstract.toHtml()  # the paper pane re-rendered in dark colours
        assert dark_html != light_html
        text = app.palette().color(app.palette().ColorRole.Text).name()
        assert text in dark_html
        window.close()
        again = open_window(sample_folder)
        assert is_dark(app.palette())
        assert again.commands.action("view.theme_dark").isChecked()
        again.commands.run("view.theme_light")
        assert not is_dark(app.palette())
        assert again.commands.action("view.theme_light").isChecked()
    finally:
        app.setPalette(app.style().standardPalette())


def test_system_theme_follows_the_desktop_scheme(
    sample_folder: Path, open_window: OpenWindow
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = open_window(sample_folder)
    assert window.commands.action("view.theme_system").isChecked()  # the default
    hints = app.styleHints()
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the platform does
        assert is_dark(app.palette())
        assert window.look.theme.dark
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not is_dark(app.palette())
        window.commands.run("view.theme_light")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # an explicit choice stays
        assert not is_dark(app.palette())
    finally:
        app.setPalette(app.style().standardPalette())
