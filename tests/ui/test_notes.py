"""Notes: debounced autosave, flushed on selection change, close and quit; searchable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search, wait_idle

from reader.core import queries
from reader.core.db import connect


def stored_note(folder: Path, pid: int) -> str:
    conn = connect(folder, readonly=True).conn
    try:
        return queries.load_papers(conn, [pid])[0].note
    finally:
        conn.close()


def type_note(qtbot: QtBot, window, text: str) -> int:  # type: ignore[no-untyped-def]
    pid = window.current_id()
    assert pid is not None
    window.notes.editor.setFocus()
    qtbot.keyClicks(window.notes.editor, text)
    return pid


def test_autosave_after_typing_pauses(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "pauses are saved")
    assert stored_note(sample_folder, pid) == ""
    qtbot.waitUntil(lambda: stored_note(sample_folder, pid) == "pauses are saved", timeout=3000)


def test_switching_papers_saves_the_note(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "first thoughts")
    other = window.model.id_at(5)
    window.table.select_id(other)
    assert window.current_id() == other
    wait_idle(qtbot, window)
    assert stored_note(sample_folder, pid) == "first thoughts"
    window.table.select_id(pid)
    assert window.notes.body() == "first thoughts"


def test_closing_the_window_saves_the_note(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "written just before closing")
    window.close()  # waits for the note's save, then closes
    qtbot.waitUntil(lambda: not window.isVisible())
    assert stored_note(sample_folder, pid) == "written just before closing"


def test_quitting_saves_the_note(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    QApplication.instance().aboutToQuit.connect(window.shutdown)
    pid = type_note(qtbot, window, "written just before quitting")
    QApplication.instance().aboutToQuit.emit()
    assert stored_note(sample_folder, pid) == "written just before quitting"


def test_saved_notes_are_searchable(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    pid = type_note(qtbot, window, "zebrafish memo")
    window.notes.flush()
    wait_idle(qtbot, window)
    search(qtbot, window, "note:zebrafish")
    assert window.model.ids() == [pid]


def test_a_note_the_database_refuses_at_session_end_is_rescued_to_a_file(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    wait_idle(qtbot, window)
    QApplication.instance().aboutToQuit.connect(window.shutdown)
    blocker = sqlite3.connect(sample_folder / "library.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock past the timeout
    try:
        pid = type_note(qtbot, window, "do not lose me")
        QApplication.instance().aboutToQuit.emit()  # no one to ask: the rescue file it is
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert stored_note(sample_folder, pid) == ""
    rescued = list((sample_folder / "unsaved-notes").glob(f"paper-{pid}-*.md"))
    assert [p.read_text() for p in rescued] == ["do not lose me"]
