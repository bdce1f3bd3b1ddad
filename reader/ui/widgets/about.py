"""The About dialog: version, library, and where every kind of data lives."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from reader import __version__
from reader.core.db import DB_NAME
from reader.core.index import INDEX_DIR


def about_html(library: Path, settings_file: Path | None) -> str:
    """The dialog's text, as sanitised HTML built from our own values only."""
    rows = [
        ("Library", library),
        ("Database", library / DB_NAME),
        ("Search index", library / INDEX_DIR),
        ("Settings file", settings_file or "(defaults; no settings file yet)"),
        ("Window state", QSettings().fileName()),
    ]
    table = "".join(
        f"<tr><td><b>{html.escape(name)}</b>&nbsp;&nbsp;</td><td>{html.escape(str(value))}</td></tr>"
        for name, value in rows
    )
    py = ".".join(str(n) for n in sys.version_info[:3])
    return (
        f"<h2>Reader {html.escape(__version__)}</h2>"
        "<p>A keyboard-first reading list for research papers.</p>"
        f"<table>{table}</table>"
        f"<p><small>Python {py} · Qt {html.escape(qVersion())} · "
        f"PySide6 {html.escape(PySide6.__version__)}</small></p>"
    )


class AboutDialog(QDialog):
    """Version, library path and data locations; paths are selectable for copying."""

    def __init__(self, library: Path, settings_file: Path | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Reader")
        label = QLabel(about_html(library, settings_file))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        # Top-aligned: a wrapped label given more height than it needs floats mid-dialog.
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
