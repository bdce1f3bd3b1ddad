"""Feed, note and tag text shown by Qt stays plain text; the browsers load no resource at all."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QEvent, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core.library import Library
from reader.core.models import Author, PaperRecord

RED = QColor(255, 0, 0)


def red_png(path: Path) -> Path:
    """A 400x200 pure red picture: if any of it shows, a local file was loaded."""
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(RED)
    assert image.save(str(path))
    return path


def red_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    return sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixelColor(x, y) == RED
    )


def shown_as(text: str) -> str:
    """What Qt shows for a tooltip or AutoText label string."""
    if not GuiQt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, str]:
    """A library whose only paper has a title, author and tag that are HTML naming a file."""
    picture = red_png(tmp_path / "picture.png")
    img = f'<img src="{picture.as_uri()}" width="400" height="200">'
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        record = PaperRecord(
            f"{img} Title", "An abstract.", (Author(f"{img} Author"),), arxiv_id="2401.00001"
        )
        report = lib.import_records([record], "test")
        lib.add_tags(report.changes.ids, [f"{img}tag"])
    return folder, img


def tooltip_after_hover(qtbot: QtBot, view: QWidget, pos: QPoint) -> QLabel:
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos))
    QApplication.sendEvent(view, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    labels = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label"]
    assert labels
    return labels[0]  # type: ignore[return-value]


def test_hovering_a_hostile_title_shows_text_not_a_local_file(
    hostile: tuple[Path, str], open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder, img = hostile
    window = open_window(folder)
    table = window.table
    rect = table.visualRect(window.model.index(0, 1))
    tip = tooltip_after_hover(qtbot, table.viewport(), rect.center())
    assert red_pixels(tip) == 0
    assert shown_as(tip.text()) == f"{img} Title"
    QToolTip.hideText()


def test_item_model_tooltips_show_feed_and_tag_text_literally(
    hostile: tuple[Path, str], open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder, img = hostile
    window = open_window(folder)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("tag", f"{img}tag") is not None)
    tips = {
        "title": window.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole),
        "author": window.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole),
        "tags": window.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole),
    }
    row = window.sidebar_model.row_for("tag", f"{img}tag")
    tips["sidebar"] = window.sidebar_model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert {k: shown_as(v) for k, v in tips.items()} == {
        "title": f"{img} Title",
        "author": f"{img} Author",
        "tags": f"{img}tag",
        "sidebar": f"Papers tagged {img}tag",
    }


def test_labels_showing_a_hostile_tag_or_query_show_it_literally(
    hostile: tuple[Path, str], open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder, img = hostile
    window = open_window(folder)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_view("all", "<b>nothing</b> tagged")
    assert window.empty.isVisible()
    assert window.empty.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_query(f"{img}")
    for label in (window.empty, window.count_label, window.search_message):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert red_pixels(window) == 0


def data_url(path: Path) -> str:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImage(str(path)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(bytes(buffer.data())).decode()


def test_browsers_refuse_every_resource_even_without_the_sanitiser(
    tmp_path: Path, sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    picture = red_png(tmp_path / "picture.png")
    window = open_window(sample_folder)
    html = (
        f'<img src="{picture.as_uri()}" width="400" height="200">'
        f'<img src="{picture}" width="400" height="200">'
        f'<img src="{data_url(picture)}" width="400" height="200">'
        f'<div style="background-image: url({picture.as_uri()})">{"<br>" * 20}</div>'
        f'<table background="{picture}" width="400" height="200"><tr><td>x</td></tr></table>'
    )
    for browser in (window.abstract, window.notes.preview):
        browser.resize(900, 900)
        browser.setHtml(html)  # straight in: no markdown, no nh3
        assert red_pixels(browser.viewport()) == 0, browser.objectName()
