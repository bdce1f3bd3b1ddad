"""In the dark theme, unchecked check boxes and radio buttons have a clearly visible outline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.ui.widgets.export_dialog import ExportDialog


def outline_contrast(widget: QWidget) -> int:
    """How much lighter than the window the brightest pixel of the indicator (the widget's
    first 14 columns, before its label) is, in HSL lightness (0-255)."""
    image = widget.grab().toImage()
    window = widget.palette().color(widget.backgroundRole()).lightness()
    columns = range(min(14, image.width()))
    lightest = max(
        QColor(image.pixel(x, y)).lightness() for x in columns for y in range(image.height())
    )
    return lightest - window


def test_unchecked_boxes_and_radios_are_outlined_in_dark(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = open_window(sample_folder)
    window.commands.run("view.theme_dark")
    try:
        window.commands.run("file.export")
        qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None, timeout=3000)
        dialog = window.findChild(ExportDialog)
        assert isinstance(dialog, ExportDialog)
        qtbot.waitExposed(dialog)
        boxes = [b for b in dialog.findChildren(QCheckBox) if not b.isChecked()]
        radios = [r for r in dialog.findChildren(QRadioButton) if not r.isChecked()]
        assert boxes and radios
        for widget in (*boxes, *radios):
            assert outline_contrast(widget) > 50, widget.text()  # was -12
        dialog.close()
        window.commands.run("view.theme_light")  # the light look stays as it was
        assert QApplication.palette(QCheckBox()) == app.palette()
    finally:
        window.commands.run("view.theme_light")
