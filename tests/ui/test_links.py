"""Links in the abstract and note preview open only http/https, in the system browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core import queries
from reader.ui import render
from reader.ui.main_window import MainWindow


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) is None
    )
    return calls


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "javascript:alert(1)", "reader-custom://x", "data:text/html,hi"],
)
def test_unsafe_links_never_reach_the_browser(
    url: str, sample_folder: Path, open_window: OpenWindow, opened: list[str], qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    for browser in (window.abstract, window.notes.preview):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert "Not opened" in window.statusBar().currentMessage()


def test_https_link_opens(sample_folder: Path, open_window: OpenWindow, opened: list[str]) -> None:
    window = open_window(sample_folder)
    window.abstract.anchorClicked.emit(QUrl("https://arxiv.org/abs/2106.01548"))
    assert opened == ["https://arxiv.org/abs/2106.01548"]


def test_rendered_html_is_sanitised() -> None:
    html = render.markdown_html(
        "<script>alert(1)</script> [a](javascript:alert(1)) ![i](http://x/y.png) "
        '<img src="file:///etc/passwd"> [ok](https://example.org) <b onclick="x()">b</b>'
    )
    assert "<script" not in html and "javascript:" not in html
    assert "<img" not in html and "onclick" not in html
    assert 'href="https://example.org"' in html


def test_browser_loads_no_resources(sample_folder: Path, open_window: OpenWindow) -> None:
    window = open_window(sample_folder)
    for kind in (1, 2, 3):  # html, image, stylesheet: an empty answer, never the file
        answer = window.abstract.loadResource(kind, QUrl("file:///etc/hostname"))
        assert answer is not None and answer.isNull() if kind == 2 else answer.isEmpty()
    assert not window.abstract.openLinks() and not window.abstract.openExternalLinks()


class _Browser(QObject):
    """Stands in for the desktop's browser through Qt's own URL handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def _press_o(qtbot: QtBot, window: MainWindow) -> str:
    """`o` on the first listed paper that has a link."""
    assert window.conn is not None
    linked = [p.id for p in queries.load_papers(window.conn, window.model.ids()) if p.main_link]
    assert window.table.select_id(linked[0])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_O)
    return window.statusBar().currentMessage()


def test_o_says_when_nothing_could_open_the_link(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    # The offscreen platform has no opener at all: QDesktopServices.openUrl says False,
    # as it does on a desktop without xdg-open or a browser.
    window = open_window(sample_folder)
    said = _press_o(qtbot, window)
    assert "Opened" not in said
    assert said.startswith("Not opened: https://") and "no program" in said
    window.abstract.anchorClicked.emit(QUrl("https://arxiv.org/abs/2106.01548"))
    said = window.statusBar().currentMessage()
    assert said.startswith("Not opened: https://arxiv.org/abs/2106.01548") and "no program" in said


def test_o_says_opened_when_the_browser_took_the_link(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        window = open_window(sample_folder)
        said = _press_o(qtbot, window)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.urls and said == f"Opened {browser.urls[0]}"
