"""A new arXiv version of a paper the user read: flagged in the list, both abstracts shown."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, search, wait_idle

from reader.core import queries
from reader.core.library import Library
from reader.core.models import Author, PaperRecord, Status
from reader.ui.models.paper_list import COLUMNS

TITLE = (
    "When Vision Transformers Outperform ResNets without Pre-training or Strong Data Augmentations"
)


def _replace_after_reading(folder: Path) -> None:
    authors = (Author("Xiangning Chen", "Chen", "Xiangning"),)
    with Library(folder) as lib:
        pid = queries.resolve(lib.conn, VIT)
        assert pid is not None
        lib.set_status([pid], Status.READ)
        v1 = PaperRecord(TITLE, authors=authors, arxiv_id="2106.01548", arxiv_version=1)
        lib.import_records([v1], "arxiv-api:v1.xml")
        replace = PaperRecord(
            TITLE,
            "Version three says something new about sharpness.",
            authors=authors,
            arxiv_id="2106.01548",
            arxiv_version=3,
            announce_type="replace",
        )
        assert lib.import_records([replace], "arxiv-rss:cs.CV.xml").revised == 1


def test_replaced_read_paper_shows_updated_until_read_again(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    _replace_after_reading(sample_folder)
    window = open_window(sample_folder, select=VIT)
    search(qtbot, window, "is:updated")
    assert window.model.rowCount() == 1
    status = window.model.index(0, COLUMNS.index("status")).data()
    assert status == "Updated"
    window.table.select_id(window.model.ids()[0])
    text = window.abstract.toPlainText()
    assert "Version three says something new" in text
    assert "Previous version's abstract" in text and "loss geometry" in text
    window.table.setFocus()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        qtbot.keyClick(window.table, "r")  # mark it read again: acknowledged
    wait_idle(qtbot, window)
    search(qtbot, window, "is:read")
    search(qtbot, window, "is:updated")
    assert window.model.rowCount() == 0
