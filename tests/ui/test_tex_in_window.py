"""TeX in titles and abstracts is shown as text in the window; stored, indexed and
exported text stays exactly as imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core import queries
from reader.core.db import connect
from reader.core.library import Library
from reader.core.models import Author, Link, PaperRecord
from reader.export import FORMATS, export_papers

TITLE = r"\emph{Provable} bounds: 12.5\% faster, $O(n^2)$ at 118\times lower cost"
SHOWN = "Provable bounds: 12.5% faster, O(n²) at 118× lower cost"
ABSTRACT = r"We solve the Schr\"odinger~equation with \emph{sparse} grids (\aka, SG)."
ABSTRACT_SHOWN = "We solve the Schrödinger\xa0equation with sparse grids (\\aka, SG)."


def tex_library(folder: Path) -> None:
    record = PaperRecord(
        TITLE,
        abstract=ABSTRACT,
        authors=(Author("Paul Erd\\H{o}s"),),
        arxiv_id="2401.00001",
        links=(Link("abs", "https://arxiv.org/abs/2401.00001"),),
        published="2024-01-02",
    )
    with Library(folder) as lib:
        lib.import_records([record], "test")


def test_list_pane_and_tooltip_show_tex_as_text(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    tex_library(tmp_path / "lib")
    window = open_window(tmp_path / "lib")
    cell = window.model.index(0, 1)
    assert cell.data() == SHOWN
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == f"<p>{SHOWN}</p>"  # plain.tooltip
    assert window.model.index(0, 2).data() == "Paul Erdős"
    text = window.abstract.toPlainText()
    assert SHOWN in text and "Erdős" in text
    assert ABSTRACT_SHOWN.replace("\xa0", " ") in text  # toPlainText() turns nbsp to space
    assert "\\%" not in text and "$" not in text
    html = window.abstract.toHtml()
    assert "Schrödinger&nbsp;equation" in html or "Schrödinger\xa0equation" in html
    italic = html.index("font-style:italic", html.index("bounds:") - 200)
    assert italic < html.index("Provable") < html.index("bounds:")  # \emph is italic


def test_stored_indexed_and_exported_text_stays_as_imported(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    tex_library(tmp_path / "lib")
    window = open_window(tmp_path / "lib")
    window.commands.run("paper.copy_markdown_link")  # meant for people: shown as text
    assert QApplication.clipboard().text() == (
        "[Provable bounds: 12.5% faster, O(n²) at 118× lower cost]"
        "(https://arxiv.org/abs/2401.00001)"
    )
    search(qtbot, window, "emph")  # a word only the TeX source has: the index holds it
    assert window.model.rowCount() == 1
    conn = connect(tmp_path / "lib", readonly=True).conn
    try:
        (paper,) = queries.load_papers(conn, window.model.ids())
    finally:
        conn.close()
    assert (paper.title, paper.abstract) == (TITLE, ABSTRACT)
    for fmt in FORMATS:
        exported = export_papers([paper], fmt)
        assert "Provable" in exported, fmt
        assert not {"²", "×", "ö", "\xa0"} & set(exported), fmt
    bibtex = export_papers([paper], "bibtex")
    assert r"\emph{Provable}" in bibtex and r"12.5\%" in bibtex and "$O(n^2)$" in bibtex
