"""A library.sqlite with one overwritten 4 KB page: the window says so, names the file, offers
what can be done, and changes nothing (issue 16 item 5: it aborted the window before)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core import listing, queries
from reader.core.db import DB_NAME, LibraryError, connect
from reader.core.library import Library

PAGE = 4096


def _fails_at(folder: Path) -> str | None:
    """Where reading fails: "open", "list" (ids or rows), "paper" (the first paper shown)."""
    try:
        conn = connect(folder, readonly=True).conn
    except LibraryError:
        return "open"
    try:
        ids = listing.view_ids(conn, "inbox")
        queries.list_rows(conn, ids)
        listing.view_counts(conn)
        queries.tag_counts(conn)
    except sqlite3.DatabaseError:
        conn.close()
        return "list"
    try:
        queries.load_papers(conn, ids[:1])
    except sqlite3.DatabaseError:
        return "paper"
    finally:
        conn.close()
    return None


def damage_one_page(folder: Path, where: str) -> bytes:
    """Overwrite the first page whose loss makes reading fail `where`; the file's new bytes."""
    path = folder / DB_NAME
    original = path.read_bytes()
    for page in range(1, len(original) // PAGE):
        damaged = original[: page * PAGE] + b"\xa5" * PAGE + original[(page + 1) * PAGE :]
        path.write_bytes(damaged)
        if _fails_at(folder) == where:
            return damaged
    raise AssertionError(f"no single page makes reading fail at {where}")


def dialog_of(qtbot: QtBot, window: object) -> QMessageBox:
    qtbot.waitUntil(lambda: window.damage.dialog is not None and window.damage.dialog.isVisible())
    return window.damage.dialog


@pytest.mark.parametrize("where", ["open", "list", "paper"])
def test_damaged_database_gets_a_dialog_naming_the_file(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, where: str
) -> None:
    damaged = damage_one_page(sample_folder, where)
    window = open_window(sample_folder)
    dialog = dialog_of(qtbot, window)
    path = str(sample_folder / DB_NAME)
    assert path in dialog.text()
    assert "malformed" in dialog.text()
    advice = dialog.informativeText()
    assert f"reader --library {sample_folder} check" in advice
    assert "Nothing has been changed" in advice
    assert "No good backup was found" in advice
    buttons = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"Quit Reader", "Open Folder", "Keep Window Open"} <= buttons
    assert "damaged" in window.statusBar().currentMessage()
    assert path in window.empty.text()
    # Asked once, not once per failed read; a failed list is not retried in a loop.
    qtbot.wait(500)
    assert window.finder._generation <= 2
    assert (sample_folder / DB_NAME).read_bytes()[: len(damaged)] == damaged


def test_quit_from_the_damage_dialog_closes_the_window(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    damage_one_page(sample_folder, "list")
    window = open_window(sample_folder)
    dialog = dialog_of(qtbot, window)
    quit_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Quit Reader")
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window.writer._thread.isRunning()


def test_the_dialog_names_the_newest_good_backup_and_how_to_restore_it(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        made = lib.backup()
    damage_one_page(sample_folder, "open")
    window = open_window(sample_folder)
    advice = dialog_of(qtbot, window).informativeText()
    assert f"reader --library {sample_folder} backup restore {made.path.name}" in advice
    assert made.describe() in advice
