"""A note changed by another process while the window shows it is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from clihelp import reader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_notes import stored_note, type_note
from uihelp import OpenWindow, wait_idle


def cli_run(folder: Path, *args: str, stdin: str = "") -> None:
    """The command line, as `echo TEXT | reader ARGS` from a terminal would run it."""
    assert reader("--library", str(folder), *args, stdin=stdin).returncode == 0


def test_a_note_written_elsewhere_replaces_an_unedited_editor(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "first draft")
    window.notes.flush()
    wait_idle(qtbot, window)
    cli_run(sample_folder, "note", str(pid), stdin="CLI-B\n")
    # The window polls every 2 s; the editor follows the stored note.
    qtbot.waitUntil(lambda: window.notes.body() == "CLI-B\n", timeout=6000)
    qtbot.keyClicks(window.notes.editor, "+")
    window.notes.flush()
    wait_idle(qtbot, window)
    assert "CLI-B" in stored_note(sample_folder, pid)
    assert "first draft" not in stored_note(sample_folder, pid)


def test_a_note_written_elsewhere_while_editing_keeps_both_with_a_warning(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "first draft")
    window.notes.flush()
    wait_idle(qtbot, window)
    qtbot.keyClicks(window.notes.editor, " with my edits")  # not saved yet (700 ms)
    cli_run(sample_folder, "note", str(pid), stdin="CLI-B\n")
    qtbot.waitUntil(lambda: "CLI-B" in window.notes.body(), timeout=6000)
    wait_idle(qtbot, window)
    stored = stored_note(sample_folder, pid)
    assert "CLI-B" in stored and "first draft with my edits" in stored
    assert window.notes.body() == stored
    assert "both" in window.notes.status.text() and window.notes.status.isVisible()
    # Typing on stores on top of the merged note: neither version is lost later either.
    qtbot.keyClicks(window.notes.editor, " more")
    window.notes.flush()
    wait_idle(qtbot, window)
    stored = stored_note(sample_folder, pid)
    assert "CLI-B" in stored and "first draft with my edits" in stored and stored.endswith("more")


def test_an_external_change_is_seen_when_our_own_save_fell_in_the_same_poll(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(sample_folder)
    window.external._timer.stop()  # polls by hand, so both writes fall in one interval
    qtbot.waitUntil(lambda: window.library_open)
    wait_idle(qtbot, window)
    window.external.poll()
    other = window.model.id_at(3)
    star = window.model.index(3, 0)
    assert star.data(Qt.ItemDataRole.DisplayRole) == ""
    cli_run(sample_folder, "star", str(other))
    type_note(qtbot, window, "own autosave")
    window.notes.flush()
    wait_idle(qtbot, window)
    window.external.poll()
    qtbot.waitUntil(lambda: window.model.index(3, 0).data() == "★", timeout=5000)
