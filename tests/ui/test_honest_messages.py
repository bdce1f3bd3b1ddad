"""Messages that say what happened: a malformed query, counts, examples that can match."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import reader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search, wait_idle

from reader.core.library import Library
from reader.feeds.files import read_feed
from reader.ui.main_window import MainWindow
from reader.ui.settings import load_settings
from reader.ui.startup import x_server_answers
from reader.ui.widgets.tag_dialog import TagDialog

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


def test_counts_say_one_paper_not_one_papers(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([5], ["solo"])
        lib.add_tags([5, 6], ["pair"])
    window = open_window(sample_folder)
    window.set_view("all", "solo")
    qtbot.waitUntil(lambda: window.model.ids() == [5], timeout=10000)
    assert window.count_label.text() == "1 paper"
    window.commands.run("tags.manage")
    qtbot.waitUntil(lambda: window.findChild(TagDialog) is not None, timeout=3000)
    dialog = window.findChild(TagDialog)
    assert isinstance(dialog, TagDialog)
    qtbot.waitUntil(lambda: dialog.tags.count() == 2, timeout=5000)
    assert dialog.select("solo")
    assert dialog.hint.text() == "'solo' is on 1 paper."
    assert dialog.select("pair")
    assert dialog.hint.text() == "'pair' is on 2 papers."
    dialog.close()


def test_cli_counts_agree_in_number(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records(read_feed(SAMPLES / "d2l.bib").records[:1], "bibtex:one.bib")
    lib_arg = ("--library", str(folder))
    assert reader("reindex", *lib_arg).stdout == "indexed 1 paper\n"
    assert reader("check", *lib_arg).stdout == "1 paper; ok\n"
    assert reader("star", "1", *lib_arg).stdout == "starred 1 paper\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_an_unreachable_display_is_explained_like_a_missing_one(tmp_path: Path) -> None:
    number = next(n for n in range(990, 1100) if not x_server_answers(f":{n}"))
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    run = [sys.executable, "-m", "reader", "gui", "--library", str(tmp_path / "lib")]
    missing = subprocess.run(run, capture_output=True, text=True, env=base, timeout=60)
    env = {**base, "DISPLAY": f":{number}"}
    gone = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60)
    assert gone.returncode == missing.returncode == 1, gone.stderr
    assert f"no display to open a window on (DISPLAY=:{number}, but no X server" in gone.stderr
    assert gone.stderr.splitlines()[1:] == missing.stderr.splitlines()[1:]
    assert "Aborted" not in gone.stderr and "qt.qpa" not in gone.stderr


def test_quick_tags_are_set_in_the_tag_manager_and_remembered(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1], ["vision"])
    window = open_window(sample_folder)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    assert window.statusBar().currentMessage().startswith("No quick tag 2: pick one in")
    window.commands.run("tags.manage")
    qtbot.waitUntil(lambda: window.findChild(TagDialog) is not None, timeout=3000)
    dialog = window.findChild(TagDialog)
    assert isinstance(dialog, TagDialog)
    assert dialog.select("vision") and dialog.quick.currentText() == "No quick key"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.quick.setFocus()
    qtbot.keyClick(dialog.quick, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.quick, Qt.Key.Key_Down)
    assert window.statusBar().currentMessage() == "Quick tag 2 is now 'vision'"
    dialog.close()
    assert load_settings().quick_tags == ("", "vision")
    target = next(i for i in window.model.ids() if i != 1)
    window.table.select_id(target)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    wait_idle(qtbot, window)
    with Library(sample_folder) as lib:
        assert "vision" in lib.user_state([target])[target].tags
    again = open_window(sample_folder)  # a new window reads the remembered keys
    assert again.triage.quick_tags == ["", "vision"]
