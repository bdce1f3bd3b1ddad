"""The command palette and the cheat sheet, both generated from the command registry."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core.library import Library
from reader.ui.main_window import MainWindow
from reader.ui.widgets.cheatsheet import CheatSheet, cheatsheet_html
from reader.ui.widgets.palette import ID_ROLE, CommandListModel, CommandPalette, fuzzy_score

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_palette(qtbot: QtBot, window: MainWindow, mods: Qt.KeyboardModifier) -> CommandPalette:
    window.table.setFocus()
    key = Qt.Key.Key_P if mods & SHIFT else Qt.Key.Key_K
    qtbot.keyClick(window.table, key, mods)
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is not None, timeout=3000)
    palette = window.findChild(CommandPalette)
    assert isinstance(palette, CommandPalette)
    return palette


def test_every_command_has_a_title_and_is_in_palette_and_cheat_sheet(
    sample_folder: Path, open_window: OpenWindow, qtmodeltester: object
) -> None:
    window = open_window(sample_folder)
    registry = window.commands
    model = CommandListModel(registry)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    listed = {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())}
    assert listed == set(registry.ids())
    html = cheatsheet_html(registry)
    for cid in registry.ids():
        assert registry.title(cid).strip(), cid
        assert escape(registry.title(cid)) in html, cid
    model.set_filter("tag")
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_palette_runs_a_command_by_fuzzy_title(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    pid = window.current_id()
    palette = open_palette(qtbot, window, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.field, timeout=3000)
    qtbot.keyClicks(palette.field, "star")
    assert palette.current_command() == "paper.star"
    row = palette.view.currentIndex().row()
    assert palette.model.index(row, 1).data() == "s"  # its key is shown
    qtbot.keyClick(palette.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    with Library(sample_folder) as lib:
        assert pid is not None and lib.user_state([pid])[pid].starred
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is None)


def test_palette_arrow_keys_and_second_shortcut(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    palette = open_palette(qtbot, window, CTRL | SHIFT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.field, timeout=3000)
    qtbot.keyClicks(palette.field, "inbox")
    assert palette.current_command() == "view.inbox"
    qtbot.keyClick(palette.field, Qt.Key.Key_Down)
    assert palette.view.currentIndex().row() in (0, 1)
    qtbot.keyClick(palette.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is None)


def test_question_mark_shows_the_cheat_sheet(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.table.setFocus()
    qtbot.keyClick(window.table, "?")
    qtbot.waitUntil(lambda: window.findChild(CheatSheet) is not None, timeout=3000)
    sheet = window.findChild(CheatSheet)
    assert isinstance(sheet, CheatSheet)
    text = sheet.browser.toPlainText()
    for heading in ("Anywhere", "Paper list", "Notes editor"):
        assert heading in text
    assert "g g" in text and "Star / unstar" in text


def test_fuzzy_score_prefers_word_starts() -> None:
    assert fuzzy_score("xyz", "Star") is None
    star = fuzzy_score("star", "Star / unstar paper.star")
    restore = fuzzy_score("star", "Restore from trash paper.restore")
    assert star is not None and (restore is None or star > restore)
    assert fuzzy_score("gtg", "Go to tag…") is not None


def test_palette_ranks_exact_and_prefix_matches_first_and_says_when_nothing_matches(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    palette = open_palette(qtbot, window, CTRL | SHIFT)
    registry = window.commands
    for cid in registry.ids():  # typing a command's whole title puts it first
        palette.field.setText(registry.title(cid))
        assert palette.model.command_id(0) == cid, registry.title(cid)
    palette.field.clear()
    qtbot.keyClicks(palette.field, "Und")
    first = [registry.title(palette.model.command_id(r) or "") for r in range(2)]
    assert all(t.startswith("Und") for t in first) and first[0] == "Undo"
    assert not palette.nothing.isVisible()
    palette.field.setText("zzqqxx")
    assert palette.model.rowCount() == 0
    assert palette.nothing.isVisible() and palette.nothing.text() == "No command matches “zzqqxx”"
    palette.close()
