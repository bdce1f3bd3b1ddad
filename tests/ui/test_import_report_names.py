"""An import report names what it skipped: how many, the first few, the rest in its details."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

GOOD = "@article{good2021, title={A Paper That Imports}, author={Doe, Jane}, year={2021}}\n"


def test_the_report_names_the_first_skipped_entries(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bib = tmp_path / "mixed.bib"
    untitled = "".join(f"@misc{{notitle{n}, note={{no title}}, year={{2020}}}}\n" for n in range(5))
    bib.write_text(GOOD + untitled, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(bib)], ""))
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.commands.run("file.import")
    box = window.importer.dialog
    assert isinstance(box, QMessageBox)
    text = box.text()
    assert text.startswith("1 new, 0 updated, 0 unchanged, 5 skipped (BibTeX)")
    assert "Skipped 5 entries:" in text
    for n in range(3):  # the first three by name, in the text itself
        assert f"(notitle{n}, line {n + 2})" in text
    assert "notitle3" not in text and "… and 2 more" in text
    details = box.detailedText().splitlines()
    assert len(details) == 5 and "notitle4" in details[4]
    box.close()
