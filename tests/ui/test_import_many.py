"""Bringing papers in several at a time: File ▸ Import with many files, a drop of many
files, and Ctrl+V in the paper list (identifiers, BibTeX text; prose refused)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from netdata import Entry, FakeArxivApi
from netserver import TestServer
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from test_import import NEW_FEED, count
from uihelp import OpenWindow, wait_idle

from reader.core.db import connect

BIBTEX = """@article{zebra2024,
  title = {Zebras Read Papers in Stripes},
  author = {Stripe, Zed and Dun, Dana},
  year = {2024},
  journal = {Journal of Equine Reading},
}
"""


def titles(folder: Path) -> set[str]:
    conn = connect(folder, readonly=True).conn
    try:
        return {row[0] for row in conn.execute("SELECT title FROM papers")}
    finally:
        conn.close()


def files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "new.txt"
    good.write_text(NEW_FEED)
    bib = tmp_path / "zebra.bib"
    bib.write_text(BIBTEX)
    bad = tmp_path / "notes.md"
    bad.write_text("# My notes\n\nSome *prose* about nothing in particular.\n")
    return [good, bad, bib]


def test_import_several_files_reports_one_line_each(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = files(tmp_path)
    names = [str(p) for p in paths]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (names, ""))
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.batch_done, timeout=20000) as blocker:
        window.commands.run("file.import")
    lines = blocker.args[0]
    assert lines[0] == "new.txt: 2 new, 0 updated, 0 unchanged, 0 skipped (Hugging Face page)"
    assert lines[1].startswith("notes.md: failed, nothing written: ")
    assert lines[2] == "zebra.bib: 1 new, 0 updated, 0 unchanged, 0 skipped (BibTeX)"
    assert window.statusBar().currentMessage().startswith("Imported 3 files (1 failed): ")
    dialog = window.importer.dialog
    assert dialog is not None and dialog.isVisible() and "zebra.bib: 1 new" in dialog.text()
    dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 110, timeout=5000)
    assert count(sample_folder) == 110


def test_dropping_several_files_imports_each(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    paths = files(tmp_path)
    window = open_window(sample_folder)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.table.viewport()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    enter = QDragEnterEvent(QPointF(10, 10), *args)
    assert QApplication.sendEvent(target, enter) and enter.isAccepted()
    with qtbot.waitSignal(window.importer.batch_done, timeout=20000) as blocker:
        QApplication.sendEvent(target, QDropEvent(QPointF(10, 10), *args))
    assert [line.split(":")[0] for line in blocker.args[0]] == ["new.txt", "notes.md", "zebra.bib"]
    assert window.importer.dialog is not None
    window.importer.dialog.close()
    assert count(sample_folder) == 110
    assert "Zebras Read Papers in Stripes" in titles(sample_folder)


def paste(qtbot: QtBot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText(text)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasting_bibtex_imports_it_off_the_gui_thread(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as blocker:
        paste(qtbot, window, BIBTEX)
        job = window.importer.job
    assert blocker.args[0].new == 1
    assert job is not None and job.ran_on != threading.get_ident()
    assert window.statusBar().currentMessage().startswith("Imported clipboard: 1 new, ")
    assert "Zebras Read Papers in Stripes" in titles(sample_folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 108, timeout=5000)


def test_pasting_identifiers_adds_them_pending_then_looks_them_up(
    sample_folder: Path, open_window: OpenWindow, endpoints: TestServer, qtbot: QtBot
) -> None:
    endpoints.routes["/api/query"] = FakeArxivApi(
        [Entry("2401.00001", "Alpha: a paper"), Entry("2401.00002", "Beta: another paper")]
    )
    window = open_window(sample_folder)
    feeds = window.controllers.feeds
    with qtbot.waitSignal(feeds.refreshed, timeout=20000):
        paste(qtbot, window, "arXiv:2401.00001\nhttps://arxiv.org/abs/2401.00002v1\n")
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Looked up 2 papers: 2 completed"
    assert {"Alpha: a paper", "Beta: another paper"} <= titles(sample_folder)
    assert count(sample_folder) == 109


def test_pasting_prose_is_refused_and_writes_nothing(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.failed, timeout=10000) as blocker:
        paste(qtbot, window, "Dear colleague,\n\nthanks for the draft; see you on Monday.\n")
    assert blocker.args[0] == window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Nothing pasted: ")
    assert window.importer.dialog is None
    assert count(sample_folder) == 107
