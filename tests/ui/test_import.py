"""Importing from the GUI: the dialog path, drag and drop, errors and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core import queries
from reader.core.db import connect

LLAMA = "We study llamas. Llamas are fast readers of research papers, and we show it. " * 4
ALPACA = "Alpacas read too, though more slowly than llamas; we measure it on a benchmark. " * 4
NEW_FEED = (
    "Mar 18\n\nLlamas Learn to Read Papers Faster than Graduate Students\n\n"
    f"{LLAMA}\n\nAnother Paper About Alpacas and Their Reading Habits\n\n{ALPACA}\n"
)


def count(folder: Path) -> int:
    conn = connect(folder, readonly=True).conn
    try:
        return queries.paper_count(conn)
    finally:
        conn.close()


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))


def test_import_through_the_dialog(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed = tmp_path / "new.txt"
    feed.write_text(NEW_FEED)
    choose_file(monkeypatch, feed)
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as blocker:
        window.commands.run("file.import")
        job = window.importer.job
    report = blocker.args[0]
    assert (report.new, report.updated) == (2, 0)
    assert job is not None and job.ran_on != threading.get_ident()
    assert "2 new" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.model.rowCount() == 109, timeout=5000)
    assert count(sample_folder) == 109


def test_bad_file_reports_an_error_and_changes_nothing(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not a feed \xff\xfe")
    choose_file(monkeypatch, bad)
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.failed, timeout=10000) as blocker:
        window.commands.run("file.import")
    assert "bad.txt" in blocker.args[0] and "not changed" in blocker.args[0]
    assert window.importer.dialog is not None and window.importer.dialog.isVisible()
    assert "Traceback" not in window.importer.dialog.text()
    window.importer.dialog.close()
    assert count(sample_folder) == 107


def test_cancelled_import_writes_nothing(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    feed = tmp_path / "new.txt"
    feed.write_text(NEW_FEED)
    window = open_window(sample_folder)
    gate = threading.Event()  # hold the writer so Cancel lands before the import starts
    window.writer.submit(lambda _lib, _job: gate.wait(5))
    with qtbot.waitSignal(window.importer.failed, timeout=10000) as blocker:
        window.importer.start(feed)
        window.importer.cancel()
        gate.set()
    assert "cancelled" in blocker.args[0]
    assert count(sample_folder) == 107


def test_dropping_a_file_imports_it(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    feed = tmp_path / "dropped.txt"
    feed.write_text(NEW_FEED)
    window = open_window(sample_folder)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(feed))])
    target = window.notes.editor.viewport()  # a text editor would insert the path itself
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    enter = QDragEnterEvent(QPointF(10, 10), *args)
    assert QApplication.sendEvent(target, enter) and enter.isAccepted()
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        QApplication.sendEvent(target, QDropEvent(QPointF(10, 10), *args))
    assert count(sample_folder) == 109
    assert window.notes.body() == ""
