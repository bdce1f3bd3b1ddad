"""A QTextBrowser for untrusted HTML: loads nothing by itself, opens only http(s) links."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPalette, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.ui import render

SAFE_SCHEMES = frozenset({"http", "https"})


def open_external(url: QUrl) -> bool:
    """Open an http/https URL in the system browser; refuse every other scheme."""
    if url.scheme().lower() not in SAFE_SCHEMES or not url.host():
        return False
    QDesktopServices.openUrl(url)
    return True


class SafeBrowser(QTextBrowser):
    """Shows sanitised HTML; link clicks go through open_external."""

    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Never fetch images, stylesheets or anything else a document names.

        An empty answer, not None: QTextDocument treats a null answer as "not handled" and
        then reads data: URLs and local files itself."""
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return QByteArray()

    def show_body(self, body: str) -> None:
        """Set a sanitised HTML fragment, styled with the current palette."""
        pal = self.palette()
        self.setHtml(
            render.page(
                body,
                text=pal.color(QPalette.ColorRole.Text).name(),
                dim=pal.color(QPalette.ColorRole.PlaceholderText).name(),
                link=pal.color(QPalette.ColorRole.Link).name(),
                hit="#ffe066",
            )
        )

    def _clicked(self, url: QUrl) -> None:
        if not open_external(url):
            self.link_refused.emit(url.toString())
