"""File ▸ Restore from Backup…: the library's backups, newest first, and a Restore button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.backup import BackupInfo

COLUMNS = ("Made (UTC)", "Papers", "Size", "Checked", "Why")  # the reason may run long


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024**2 else f"{size / 1024**2:,.1f} MB"


class BackupsDialog(QDialog):
    """Pick a backup to restore; `chosen(path)` when Restore is pressed."""

    chosen = Signal(object)  # Path

    def __init__(self, backups: list[BackupInfo], folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.resize(760, 360)
        self.backups = backups
        note = QLabel(
            "Restoring replaces the whole library (papers, stars, tags, notes) with the "
            "backup. The library as it is now is backed up first, so this can be undone "
            f"by restoring that copy. Backups are kept in {folder / 'backups'}.",
            self,
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(len(backups), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, info in enumerate(backups):
            self._fill(row, info)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._accept())
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        if backups:
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()  # outside the layout it would float over the dialog's corner
            layout.addWidget(QLabel("No backups yet: Reader makes one on the first use of a day."))
        layout.addWidget(self.buttons)

    def _fill(self, row: int, info: BackupInfo) -> None:
        cells = (
            f"{info.created:%Y-%m-%d %H:%M}",
            "?" if info.papers is None else f"{info.papers:,}",
            _size(info.size),
            "verified" if info.verified else "NOT verified",
            info.reason or "(no record)",
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(str(info.path))
            self.table.setItem(row, column, item)

    def selected(self) -> BackupInfo | None:
        """The backup whose row is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.verified)

    def _accept(self) -> None:
        info = self.selected()
        if info is not None and info.verified:
            self.chosen.emit(info.path)
            self.accept()
