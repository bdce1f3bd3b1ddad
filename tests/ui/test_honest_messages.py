"""Messages that say what happened: a malformed query, counts, examples that can match."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.library import Library
from reader.feeds.files import read_feed
from reader.ui.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parents[1] / "feeds" / "samples"


def test_a_malformed_query_explains_itself_instead_of_no_results(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    search(qtbot, window, "qqqzzzxxyy")  # an empty list first: its text must not linger
    search(qtbot, window, "year:[2020 TO")
    shown = window.empty.text() if window.empty.isVisible() else ""
    said = " ".join([window.search_message.text(), shown, window.count_label.text()])
    assert "year:" in window.search_message.text() and window.search_message.isVisible()
    assert "No results" not in said and "fewer words" not in said
    assert window.count_label.text() == "Query not understood"
    if window.empty.isVisible():
        assert "year:" in shown


def _hint(qtbot: QtBot, window: MainWindow, *, has: str) -> str:
    qtbot.waitUntil(lambda: has in window.search.placeholderText(), timeout=10000)
    return window.search.placeholderText()


def test_the_search_hint_offers_only_examples_that_can_match(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)  # the sample feed has no authors and no tags
    hint = _hint(qtbot, window, has="is:starred")
    qtbot.wait(500)  # the counts arrive after the list
    hint = window.search.placeholderText()
    assert "author:" not in hint and "tag:" not in hint
    with Library(sample_folder) as lib:
        lib.add_tags([3], ["vision"])
        parsed = read_feed(SAMPLES / "d2l.bib")
        lib.import_records(parsed.records, "bibtex:d2l.bib")
    window.reload_from_library()
    hint = _hint(qtbot, window, has="author:")
    assert "tag:vision" in hint
    (author,) = re.findall(r"author:(\w+)", hint)
    search(qtbot, window, f"author:{author}")
    assert window.model.rowCount() > 0
