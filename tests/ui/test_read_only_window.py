"""The window on a read-only library: it opens, reads and searches; writes say why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.db import connect
from reader.ui.single_instance import SingleInstance


def test_the_single_instance_lock_works_in_a_read_only_folder(
    sample_folder: Path, read_only: Callable[[Path], Path], qtbot: QtBot
) -> None:
    folder = read_only(sample_folder)
    first, second = SingleInstance(folder), SingleInstance(folder)
    try:
        assert first.acquire()  # raised "Read-only file system" before
    finally:
        first.release()
        second.release()
    assert not (folder / "reader.lock").exists()


def test_window_opens_read_only_with_a_banner_and_refuses_triage(
    sample_folder: Path, read_only: Callable[[Path], Path], open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder = read_only(sample_folder)
    window = open_window(folder)
    qtbot.waitUntil(lambda: window.library_open, timeout=10000)
    assert window.banner is not None and window.banner.isVisible()
    assert "Read-only" in window.banner.text() and str(folder) in window.banner.text()
    assert "read-only" in window.windowTitle()
    assert window.model.rowCount() == 107
    window.table.setFocus()
    qtbot.keyClick(window.table, "s")  # star
    assert "read-only" in window.statusBar().currentMessage()
    assert "star" in window.statusBar().currentMessage().lower()
    window.commands.run("trash.empty")
    assert "read-only" in window.statusBar().currentMessage()
    assert window.notes.editor.isReadOnly()
    search(qtbot, window, "diffusion")
    assert 0 < window.model.rowCount() < 107
    conn = connect(folder, readonly=True).conn
    assert conn.execute("SELECT count(*) FROM paper_state WHERE starred = 1").fetchone()[0] == 0
    conn.close()


def test_an_empty_database_file_is_not_filled_with_the_sample(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    from reader.core.library import Library

    with Library(sample_folder) as lib:
        good = lib.backup("before the accident")
    db = sample_folder / "library.sqlite"
    db.write_bytes(b"")
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.library_open, timeout=10000)
    qtbot.wait(300)  # a sample import, were one started, would be queued by now
    assert window.writer.pending() == 0 and db.read_bytes() == b""
    shown = window.empty.text() + window.statusBar().currentMessage()
    assert str(db) in shown and "damaged" in shown  # the window's dialog is issue 16 item 5
    assert good.verified
