"""File ▸ Restore from Backup…: pick a backup, the library is replaced off the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core import backup, health, queries
from reader.core.library import Library


def test_restore_from_backup_round_trip(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.save_note(3, "as in the backup")
        good = lib.backup("known good")
        lib.save_note(3, "written after the backup")
        lib.add_tags([3], ["after"])
    window = open_window(sample_folder)
    search(qtbot, window, "tag:after")
    assert window.model.rowCount() == 1
    backups = window.controllers.backups
    window.commands.run("file.restore_backup")
    qtbot.waitUntil(lambda: bool(backups.dialog and backups.dialog.isVisible()), timeout=9000)
    dialog = backups.dialog
    assert dialog is not None
    row = next(i for i, b in enumerate(dialog.backups) if b.path == good.path)
    assert dialog.table.item(row, 4).text() == "known good"
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(row)
    gui_thread = threading.get_ident()
    with qtbot.waitSignal(backups.restored, timeout=60000) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "Restored 107 papers" in window.statusBar().currentMessage()
    done = restored.args[0]
    assert done.source == good.path and done.indexed == 107
    assert window.writer._thread.isRunning() and threading.get_ident() == gui_thread
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=10000)
    assert window.request.query == "tag:after"  # the rebuilt index answered it
    with Library(sample_folder) as lib:
        assert queries.load_papers(lib.conn, [3])[0].note == "as in the backup"
        assert health.check(lib) == []
    reasons = [b.reason for b in backup.list_backups(sample_folder)]
    assert f"before restoring {good.path.name}" in reasons


def test_the_window_backs_the_library_up_once_a_day(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    assert backup.list_backups(sample_folder) == []  # not while the window opens
    window.controllers.backups.schedule_daily(0)
    qtbot.waitUntil(lambda: backup.made_today(sample_folder), timeout=20000)
    (made,) = backup.list_backups(sample_folder)
    assert made.reason == "daily" and made.verified and made.papers == 107
    window.controllers.backups.schedule_daily(0)
    qtbot.wait(500)
    assert len(backup.list_backups(sample_folder)) == 1
