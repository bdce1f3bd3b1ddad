"""Untrusted text (feeds, notes, tags, queries, paths) for Qt places that may read it as HTML."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def tooltip(text: str | None) -> str | None:
    """A tooltip that shows text literally: Qt renders any tooltip that looks like HTML as
    rich text (images included), so the text is escaped inside an explicit paragraph."""
    if not text:
        return None
    return f"<p>{html.escape(text, quote=False)}</p>"


def plain(*widgets: QLabel | QMessageBox) -> None:
    """Labels and message boxes whose text holds untrusted strings: never rich text."""
    for widget in widgets:
        widget.setTextFormat(Qt.TextFormat.PlainText)
