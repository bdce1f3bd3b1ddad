"""Undoing an import and a rekey in the window, one step each; copied keys are kept by rekey."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, wait_idle

from reader.core import queries
from reader.core.db import connect
from reader.core.library import Library
from reader.core.models import Author, PaperRecord

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TITLE = (
    "When Vision Transformers Outperform ResNets without Pre-training or Strong Data Augmentations"
)
FEED = "Mar 18\n\n" + "\n\n".join(
    f"Llamas Learn to Read Papers, Part {n}\n\n" + "We study llamas reading papers. " * 12
    for n in range(3)
)


def _keys(folder: Path) -> dict[int, str]:
    conn = connect(folder, readonly=True).conn
    try:
        return dict(conn.execute("SELECT id, citekey FROM papers"))
    finally:
        conn.close()


def test_a_window_import_is_one_undo_step(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed = tmp_path / "llamas.txt"
    feed.write_text(FEED)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(feed)], ""))
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.commands.run("file.import")
    qtbot.waitUntil(lambda: window.model.rowCount() == 110, timeout=5000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 107, timeout=10000)
    assert len(_keys(sample_folder)) == 107
    assert "Undone: import of llamas.txt" in window.statusBar().currentMessage()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL | SHIFT)  # redo brings it back
    qtbot.waitUntil(lambda: window.model.rowCount() == 110, timeout=10000)
    window.commands.run("file.undo_import")  # the menu command undoes the latest one
    qtbot.waitUntil(lambda: window.model.rowCount() == 107, timeout=10000)
    wait_idle(qtbot, window)
    assert "3 papers removed" in window.statusBar().currentMessage()


def test_rekey_is_one_undo_step_and_keeps_copied_keys(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    authors = (Author("Xiangning Chen", "Chen", "Xiangning"),)
    other = "Inception Transformer"
    with Library(sample_folder) as lib:
        records = [
            PaperRecord(TITLE, authors=authors, published="2021-06-03"),
            PaperRecord(other, authors=(Author("Chenyang Si", "Si"),), published="2022-05-25"),
        ]
        lib.import_records(records, "arxiv-api:two.xml")
        inception = queries.resolve(lib.conn, "InceptionTransformer")
    before = _keys(sample_folder)
    window = open_window(sample_folder)
    assert inception is not None and window.table.select_id(inception)
    window.table.setFocus()
    qtbot.keyClick(window.table, "c")  # copy its key: it is cited somewhere now
    wait_idle(qtbot, window)
    window.commands.run("paper.rekey")
    wait_idle(qtbot, window)
    assert "Rekeyed 1 paper; 1 used key kept" in window.statusBar().currentMessage()
    after = _keys(sample_folder)
    vit = next(i for i, k in before.items() if k == VIT)
    assert after[vit] == "chenVisionTransformersOutperform2021"
    assert after[inception] == "InceptionTransformer"
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, window)
    assert _keys(sample_folder) == before
