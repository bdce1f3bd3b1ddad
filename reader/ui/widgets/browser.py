"""A QTextBrowser for untrusted HTML: loads nothing by itself, opens only http(s) links."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.ui import render

SAFE_SCHEMES = frozenset({"http", "https"})


def open_external(url: QUrl) -> str | None:
    """Open an http/https URL in the system browser, refusing every other scheme; None
    when it opened, else why not."""
    if url.scheme().lower() not in SAFE_SCHEMES or not url.host():
        return "only http and https links open"
    if not QDesktopServices.openUrl(url):
        return "no program on this system opens web links"
    return None


class SafeBrowser(QTextBrowser):
    """Shows sanitised HTML; link clicks go through open_external."""

    link_refused = Signal(str, str)  # the link, why it was not opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self._body: str | None = None
        # Qt's default also breaks inside a word that does not fit ("Bootstrappin g");
        # a word wider than the pane scrolls instead.
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Never fetch images, stylesheets or anything else a document names.

        An empty answer, not None: QTextDocument treats a null answer as "not handled" and
        then reads data: URLs and local files itself."""
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return QByteArray()

    def show_body(self, body: str) -> None:
        """Set a sanitised HTML fragment, styled with the current palette."""
        self._body = body
        pal = self.palette()
        dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
        self.setHtml(
            render.page(
                render.soft_breaks(body),
                text=pal.color(QPalette.ColorRole.Text).name(),
                dim=pal.color(QPalette.ColorRole.PlaceholderText).name(),
                link=pal.color(QPalette.ColorRole.Link).name(),
                hit="#7a6200" if dark else "#ffe066",
                hit_text="white" if dark else "black",
                shade="#2e2e33" if dark else "#f1f1f1",
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: the same text again in the new palette's colours."""
        super().changeEvent(event)
        body = getattr(self, "_body", None)  # None during construction
        if event.type() == QEvent.Type.PaletteChange and body is not None:
            scroll = self.verticalScrollBar().value()
            self.show_body(body)
            self.verticalScrollBar().setValue(scroll)

    def _clicked(self, url: QUrl) -> None:
        why = open_external(url)
        if why:
            self.link_refused.emit(url.toString(), why)
