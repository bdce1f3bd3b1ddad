"""File ▸ Saved Exports…: the files Reader keeps up to date, with Remove and Write now."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.queries import SavedExport
from reader.export import FORMATS
from reader.ui.plain import plain, tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Papers", "Format", "File", "Last written", "Last error")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def local_time(stamp: str | None) -> str:
    """A stored UTC timestamp as local date and time; "never" when missing."""
    if not stamp:
        return "never"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _cell(saved: SavedExport, column: int) -> str:
    if column == 0:
        return saved.query or "(every paper)"
    if column == 1:
        return saved.format
    if column == 2:
        return saved.path
    if column == 3:
        return local_time(saved.last_written)
    return short_error(saved.last_error or "")


def short_error(error: str) -> str:
    """The reason of an OS error without its errno and temporary file name."""
    match = re.match(r"\[Errno \d+\] ([^:]+)", error)
    return match.group(1) if match else error


class SavedExportsModel(QAbstractTableModel):
    """Saved exports, one row each; replaced whole when they change (there are few)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SavedExport] = []

    def set_rows(self, rows: list[SavedExport]) -> None:
        """Show these saved exports."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def saved(self, row: int) -> SavedExport | None:
        """The saved export on a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        saved = self.saved(index.row()) if index.isValid() else None
        if saved is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(saved, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            spec = FORMATS.get(saved.format)
            text = spec.label if spec and index.column() == 1 else _cell(saved, index.column())
            return tooltip(text)
        if role == ID_ROLE:
            return saved.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None


class SavedExportsDialog(QDialog):
    """The table and its buttons; the controller does the work and calls set_rows()."""

    remove_requested = Signal(int)  # saved export id
    write_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedExportsDialog")
        self.setWindowTitle("Saved exports")
        self.model = SavedExportsModel(self)
        self.table = self._table()
        self.empty = QLabel(
            "No saved exports. Tick “Keep this file up to date” in File ▸ Export… "
            "to have a file rewritten whenever its papers change.",
            self,
            objectName="savedExportsEmpty",
            wordWrap=True,
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.write_button = self.buttons.addButton("&Write now", role)
        self.remove_button = self.buttons.addButton("&Remove", role)
        self.remove_button.setToolTip("Stop keeping this file up to date; the file stays")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Files rewritten whenever their papers change:", self))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        self.detail = QLabel(self, objectName="savedExportsDetail", wordWrap=True)
        plain(self.detail)  # an error that quotes a path
        lay.addWidget(self.detail)
        lay.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(lambda: self._emit(self.write_requested))
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.resize(900, 320)
        self._update()

    def _table(self) -> QTableView:
        table = QTableView(self, objectName="savedExportsTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the file name
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, self.fontMetrics().horizontalAdvance("x" * 30))
        return table

    def set_rows(self, rows: list[SavedExport]) -> None:
        """Show these saved exports, keeping the selected one selected."""
        keep = self.selected_id()
        self.model.set_rows(rows)
        for row, saved in enumerate(rows):
            if saved.id == keep or (keep is None and row == 0):
                self.table.selectRow(row)
                break
        self._update()

    def selected_id(self) -> int | None:
        """The id of the selected saved export."""
        rows = self.table.selectionModel().selectedRows()
        saved = self.model.saved(rows[0].row()) if rows else None
        return saved.id if saved else None

    def _emit(self, signal: Signal) -> None:
        export_id = self.selected_id()
        if export_id is not None:
            signal.emit(export_id)  # type: ignore[attr-defined]

    def _update(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        chosen = self.selected_id() is not None
        rows = self.table.selectionModel().selectedRows()
        saved = self.model.saved(rows[0].row()) if rows else None
        error = saved.last_error if saved else None
        self.detail.setText(f"Last error: {error}" if error else "")
        self.detail.setVisible(bool(error))
        self.write_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
