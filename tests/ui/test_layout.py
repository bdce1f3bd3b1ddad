"""The window's layout uses the space: Title takes the free width, empty columns stay hidden,
nothing needs a horizontal scrollbar at 800x600, the paper pane never breaks a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, wait_idle

from reader.core import queries
from reader.core.library import Library
from reader.core.models import Author, PaperRecord
from reader.ui import layout
from reader.ui.columns import month_day, year_of
from reader.ui.main_window import MainWindow
from reader.ui.models.paper_list import COLUMNS
from reader.ui.render import soft_breaks


def _sized(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    """The window at a size, panes as a first start lays them out, columns fitted."""
    window.resize(width, height)
    window.splitter.setSizes(layout.default_sizes(window, width))
    qtbot.waitUntil(lambda: window.table.viewport().width() > 0)
    qtbot.wait(50)  # the fit runs after the resize events


def _widths(window: MainWindow) -> dict[str, int]:
    header = window.table.horizontalHeader()
    return {
        k: header.sectionSize(i) for i, k in enumerate(COLUMNS) if not header.isSectionHidden(i)
    }


def _fits(window: MainWindow) -> bool:
    """Every shown column is inside the list's width (no horizontal scrolling needed)."""
    header = window.table.horizontalHeader()
    return header.length() <= window.table.viewport().width() and header.offset() == 0


@pytest.fixture
def dated_folder(tmp_path: Path) -> Path:
    """Papers with authors, years, month and day, a tag: every column has something."""
    folder = tmp_path / "dated"
    records = [
        PaperRecord(
            title=f"A study of sparse attention number {n} in long-context language models",
            authors=(Author("Ada Lovelace", "Lovelace", "Ada"),),
            published=f"20{10 + n}-0{1 + n % 9}-1{n % 10}",
            abstract="Words.",
        )
        for n in range(12)
    ]
    with Library(folder) as lib:
        lib.import_records(records, "bibtex:dated.bib")
        lib.add_tags([1, 2], ["attention"])
    return folder


def test_title_takes_the_free_width_and_empty_columns_hide(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    _sized(qtbot, window, 1224, 765)
    widths = _widths(window)
    # The sample feed has no authors, no years and no tags: those columns would be blank.
    assert set(widths) == {"star", "title", "date", "status"}
    room = window.table.viewport().width()
    assert widths["title"] >= 0.6 * room
    assert _fits(window)
    qtbot.waitUntil(lambda: _widths(window)["title"] > 300)  # about 40 characters or more


def test_year_author_and_tags_appear_when_papers_have_them(
    dated_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(dated_folder)
    _sized(qtbot, window, 1440, 900)
    qtbot.waitUntil(lambda: {"author", "year", "tags"} <= set(_widths(window)))
    model = window.model
    row = model.row_of(1)
    assert row is not None
    cell = {k: model.index(row, COLUMNS.index(k)).data() for k in ("year", "date", "author")}
    assert cell == {"year": "2010", "date": "Jan 10", "author": "Ada Lovelace"}
    widths = _widths(window)
    assert widths["title"] >= max(w for k, w in widths.items() if k != "title")
    assert _fits(window)


def test_at_800x600_nothing_hides_behind_a_horizontal_scrollbar(
    dated_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(dated_folder)
    _sized(qtbot, window, 800, 600)
    qtbot.waitUntil(lambda: _widths(window)["title"] >= 180)  # about 24 characters
    widths = _widths(window)
    assert {"star", "title", "status"} <= set(widths)
    assert _fits(window)
    assert not window.table.horizontalScrollBar().isVisible()
    assert not window.abstract.horizontalScrollBar().isVisible()


def test_a_larger_font_refits_the_columns(
    dated_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(dated_folder)
    _sized(qtbot, window, 1440, 900)
    qtbot.waitUntil(lambda: "year" in _widths(window))
    before = _widths(window)
    font = window.table.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # what zooming in does to the list
    window.table.setFont(font)
    qtbot.waitUntil(lambda: _widths(window).get("status", 0) > before["status"])
    assert _fits(window)
    assert window.table.verticalHeader().defaultSectionSize() > window.fontMetrics().height()


def test_a_column_the_user_widened_keeps_its_width_after_a_restart(
    dated_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(dated_folder)
    window.resize(1224, 765)
    qtbot.waitUntil(lambda: "author" in _widths(window))
    header = window.table.horizontalHeader()
    header.resizeSection(COLUMNS.index("author"), 171)  # as a drag of the divider does
    window.close()

    again = open_window(dated_folder)
    again.resize(1224, 765)  # restoreGeometry keeps a window inside the 800x600 test screen
    qtbot.waitUntil(lambda: _widths(again).get("author") == 171)
    assert _fits(again)


def test_the_note_indicator_appears_once_a_note_is_written(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    _sized(qtbot, window, 1224, 765)
    with Library(sample_folder) as lib:
        vit = queries.resolve(lib.conn, VIT)
    assert vit is not None
    assert "note" not in _widths(window)
    window.table.select_id(vit)
    window.notes.editor.setFocus()
    qtbot.keyClicks(window.notes.editor, "Read section 3 again.")
    window.notes.flush()
    wait_idle(qtbot, window)
    row = window.model.row_of(vit)
    assert row is not None
    note = window.model.index(row, COLUMNS.index("note"))
    qtbot.waitUntil(lambda: note.data() == "✎")
    qtbot.waitUntil(lambda: "note" in _widths(window))
    assert _fits(window)
    other = window.model.index(0 if row else 1, COLUMNS.index("note"))
    assert other.data() == ""


def test_a_pending_paper_says_so_in_the_status_column(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder = tmp_path / "pending"
    with Library(folder) as lib:
        lib.import_records([PaperRecord(title="", arxiv_id="2106.01548", pending=True)], "ids")
    window = open_window(folder)
    status = window.model.index(0, COLUMNS.index("status"))
    assert status.data() == "Pending"
    assert "looked up" in status.data(3)  # the tooltip says what it waits for


def _broken_words(doc: QTextDocument) -> list[str]:
    """Words the layout split across two lines (a letter on each side of a line break)."""
    broken = []
    block = doc.begin()
    while block.isValid():
        text, lay = block.text(), block.layout()
        for n in range(1, lay.lineCount()):
            start = lay.lineAt(n).textStart()
            if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
                broken.append(text[max(0, start - 12) : start + 3])
        block = block.next()
    return broken


@pytest.mark.parametrize("size", [(800, 600), (1224, 765)])
def test_the_paper_pane_never_breaks_a_word(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window = open_window(sample_folder)
    _sized(qtbot, window, *size)
    shown = 0
    for row in range(0, window.model.rowCount(), 7):  # titles, facts and abstracts of 16
        window.table.selectRow(row)
        doc = window.abstract.document()
        doc.documentLayout().documentSize()  # lays out every line now
        qtbot.wait(5)
        assert _broken_words(doc) == []
        assert not window.abstract.horizontalScrollBar().isVisible()
        shown += 1
    assert shown >= 10


@pytest.mark.parametrize(
    ("date", "year", "day"),
    [
        ("2023-03-17", "2023", "Mar 17"),
        ("2023-03-17T09:00:00Z", "2023", "Mar 17"),
        ("--03-17", "", "Mar 17"),  # a feed's listing date has no year
        ("2021-05", "2021", "May"),
        ("2021", "2021", ""),
        ("", "", ""),
        ("garbage", "", ""),
    ],
)
def test_year_and_date_columns_split_a_date(date: str, year: str, day: str) -> None:
    assert (year_of(date), month_day(date)) == (year, day)


def test_long_keys_and_urls_wrap_at_their_joints_not_inside_tags() -> None:
    html = (
        '<span class="label">Key:</span> PrimeComposerFasterProgressively '
        '<a href="https://example.org/a_very/long/path">https://example.org/a_very/long/path</a>'
        " short words &amp; Ünïcode"
    )
    out = soft_breaks(html)
    assert out.replace("\u200b", "") == html  # only break opportunities were added
    assert "Prime\u200bComposer\u200bFaster\u200bProgressively" in out
    assert 'href="https://example.org/a_very/long/path"' in out  # the link still works
    assert ">https://\u200bexample.\u200borg/\u200ba_\u200bvery/" in out
    assert "short words &amp; Ünïcode" in out
