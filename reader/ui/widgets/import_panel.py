"""Import progress in the status bar: appears after half a second, with a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from reader.ui.plain import plain

SHOW_AFTER_MS = 500


class ImportPanel(QWidget):
    """Label, progress bar and Cancel for one running import."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPanel")
        self.label = QLabel(self)
        plain(self.label)  # a file name
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.clicked.connect(self.cancel_requested)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        box.addWidget(self.bar)
        box.addWidget(self.cancel)
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._timer.timeout.connect(self.show)
        self.hide()

    def begin(self, name: str) -> None:
        """An import of `name` started; show the panel if it is still running in 0.5 s."""
        self.label.setText(f"Importing {name}…")
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        self._timer.start()

    def progress(self, done: int, total: int) -> None:
        """Records merged so far."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def cancelling(self) -> None:
        """Cancel was pressed; the import stops at its next check."""
        self.label.setText("Cancelling…")
        self.cancel.setEnabled(False)

    def end(self) -> None:
        """The import finished, failed or was cancelled."""
        self._timer.stop()
        self.hide()
