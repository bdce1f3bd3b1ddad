"""The paper list model: holds ids, fetches light rows lazily for what is painted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from reader.core import queries
from reader.core.models import Status
from reader.core.queries import ListRow
from reader.core.tex_display import tex_text
from reader.ui.columns import OPTIONAL, month_day, year_of
from reader.ui.plain import tooltip

# Column numbers are stable (tests and bindings use them); the table shows them in
# columns.VISUAL_ORDER and hides the optional ones no listed paper fills.
COLUMNS = ("star", "title", "author", "date", "tags", "status", "note", "year")
HEADERS = ("★", "Title", "First author", "Date", "Tags", "Status", "✎", "Year")
HEADER_TIPS = {"star": "Starred", "note": "Has a note", "date": "Month and day"}
SORT_KEYS = {"year": "date"}  # the year column sorts by the whole date
STATUS_LABELS = {
    Status.NEW: "New",
    Status.QUEUED: "Queued",
    Status.READ: "Read",
    Status.ARCHIVED: "Archived",
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_FETCH_BEFORE, _FETCH_AFTER = 40, 160
_CACHE_LIMIT = 20_000

Index = QModelIndex | QPersistentModelIndex


class PaperListModel(QAbstractTableModel):
    """Rows are paper ids; cells come from a cache of ListRows filled block by block."""

    sort_requested = Signal(str, bool)  # column key, descending
    read_failed = Signal(str)  # an SQLite error while fetching rows
    filled_changed = Signal(object)  # set of optional column keys some fetched row fills

    def __init__(self, conn: sqlite3.Connection | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._conn = conn
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, ListRow] = {}
        self._filled: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_connection(self, conn: sqlite3.Connection) -> None:
        """The GUI thread's read connection."""
        self._conn = conn

    # -- the id list -----------------------------------------------------------------

    def set_ids(self, ids: Iterable[int]) -> None:
        """Replace the list (a new view, search or sort)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self.endResetModel()
        # The first rows decide the columns before they are painted (no flicker); rows
        # fetched later can only add columns.
        before = self._filled
        self._filled = set()
        self.row_data(0)
        self._note_filled(self._cache.get(pid) for pid in self._ids[:_FETCH_AFTER])
        if self._filled != before:
            self.filled_changed.emit(set(self._filled))

    def filled(self) -> set[str]:
        """Optional columns that some fetched row of this list has something for."""
        return set(self._filled)

    def _note_filled(self, rows: Iterable[ListRow | None]) -> bool:
        missing = OPTIONAL - self._filled
        found = {c for row in rows if row is not None for c in missing if _text(row, c)}
        self._filled |= found
        return bool(found)

    def append_ids(self, ids: Iterable[int]) -> None:
        """More rows after the ones shown (the rest of a list whose first page is in)."""
        more = list(ids)
        if more:
            start = len(self._ids)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._ids.extend(more)
            self._row_of = None
            self.endInsertRows()

    def ids(self) -> list[int]:
        """The ids, in display order."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        """The paper id shown on a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, paper_id: int) -> int | None:
        """The row showing a paper, if it is in the list."""
        if self._row_of is None:
            self._row_of = {pid: row for row, pid in enumerate(self._ids)}
        return self._row_of.get(paper_id)

    def invalidate(self, ids: Iterable[int]) -> None:
        """Rows changed in the library: drop them from the cache and repaint them."""
        last = self.columnCount() - 1
        for pid in ids:
            self._cache.pop(pid, None)
            row = self.row_of(pid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def invalidate_all(self) -> None:
        """Another process changed the library: forget every cached row and repaint."""
        self._cache.clear()
        if self._ids:
            last = self.index(len(self._ids) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- rows, fetched lazily --------------------------------------------------------

    def row_data(self, row: int) -> ListRow | None:
        """The light row for a list row, fetching its neighbourhood when not cached."""
        pid = self.id_at(row)
        if pid is None:
            return None
        cached = self._cache.get(pid)
        if cached is None and self._conn is not None:
            start = max(0, row - _FETCH_BEFORE)
            block = [i for i in self._ids[start : row + _FETCH_AFTER] if i not in self._cache]
            try:
                fetched = queries.list_rows(self._conn, block)
            except sqlite3.Error as exc:
                self.read_failed.emit(str(exc))
                return None
            self._cache.update(fetched)
            if self._note_filled(fetched.values()):
                self.filled_changed.emit(set(self._filled))
            cached = self._cache.get(pid)
        return cached

    # -- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in _ROLES:
            return None
        row = self.row_data(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 else None
        return _cell(row, COLUMNS[index.column()], role, self._bold)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting runs on the finder thread; the window asks it and calls set_ids."""
        if 0 <= column < len(COLUMNS):
            key = SORT_KEYS.get(COLUMNS[column], COLUMNS[column])
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.AccessibleTextRole,
}


def _author(row: ListRow) -> str:
    name = tex_text(row.first_author)  # `Erd\H{o}s` from a feed that kept the TeX
    return f"{name} et al." if row.author_count > 1 else name


def _text(row: ListRow, column: str) -> str:
    if column == "star":
        return "★" if row.starred else ""
    if column == "title":
        if row.pending and not row.title:
            return f"Awaiting lookup: {row.identifier}"
        return tex_text(row.title)  # cached: a row repainted on j/k costs a dict lookup
    if column == "author":
        return _author(row)
    if column == "date":
        return month_day(row.date)
    if column == "year":
        return year_of(row.date)
    if column == "tags":
        return ", ".join(row.tags)
    if column == "note":
        return "✎" if row.noted else ""
    # A new version outranks the status the user gave: it is what needs their attention.
    if row.updated:
        return "Updated"
    return "Pending" if row.pending else STATUS_LABELS.get(row.status, str(row.status))


_SPOKEN = {"star": ("not starred", "starred"), "note": ("no note", "has a note")}


def _status_tip(row: ListRow) -> str | None:
    status = STATUS_LABELS.get(row.status, str(row.status))
    if row.updated:
        return f"{status}; a new version arrived since. Mark it read to clear."
    if row.pending:
        return f"{status}; its details are still to be looked up (F5 retries)."
    return None


def _cell(row: ListRow, column: str, role: int, bold: QFont) -> object:
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        text = _text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column in _SPOKEN:
            return _SPOKEN[column][bool(text)]
        return text
    if role == Qt.ItemDataRole.FontRole:
        return bold if row.status == Status.NEW or row.updated else None
    if role == Qt.ItemDataRole.TextAlignmentRole and column in ("star", "note"):
        return int(Qt.AlignmentFlag.AlignCenter)
    if role == Qt.ItemDataRole.ToolTipRole and column == "status":
        return _status_tip(row)
    if role == Qt.ItemDataRole.ToolTipRole and column == "note" and row.noted:
        return "Has a note"
    if role == Qt.ItemDataRole.ToolTipRole and column in ("title", "author", "tags"):
        return tooltip(_text(row, column))
    return None
