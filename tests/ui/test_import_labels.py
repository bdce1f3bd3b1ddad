"""File ▸ Import names the parser that read the file, whatever the file is called."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

SAMPLES = Path(__file__).resolve().parents[1] / "feeds" / "samples"


def test_status_bar_says_which_parser_read_the_file(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed = tmp_path / "papers.txt"  # an arXiv API answer under a misleading name
    feed.write_bytes((SAMPLES / "arxiv_api_query_testing_max10.xml").read_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(feed)], ""))
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.finished, timeout=20000):
        window.commands.run("file.import")
    message = window.statusBar().currentMessage()
    assert "Imported papers.txt: 10 new" in message and message.endswith("(arXiv API)")
