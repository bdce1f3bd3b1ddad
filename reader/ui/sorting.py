"""Sort commands: the list by date, title, date added, relevance or first author; reverse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from reader.core.listing import ListRequest, natural_descending
from reader.ui.models.paper_list import COLUMNS
from reader.ui.widgets.paper_table import PaperTable

# (request sort key, command id suffix, menu title, how a message names it)
SORT_COMMANDS = (
    ("date", "date", "Sort by &date", "date"),
    ("title", "title", "Sort by &title", "title"),
    ("added", "added", "Sort by date &added", "date added"),
    ("relevance", "relevance", "Sort by &relevance (when searching)", "relevance"),
    ("author", "author", "Sort by first a&uthor", "first author"),
)
NAMES = {key: name for key, _cid, _title, name in SORT_COMMANDS}


def direction(key: str, descending: bool) -> str:
    """How a sort's direction reads: "newest first", "Z–A", "best match first"."""
    if key in ("date", "added"):
        return "newest first" if descending else "oldest first"
    if key == "relevance":
        return "best match first" if descending else "best match last"
    return "Z–A" if descending else "A–Z"


def effective_descending(req: ListRequest) -> bool:
    """The direction a request sorts in (its natural one unless it says)."""
    return natural_descending(req.sort) if req.descending is None else req.descending


def show_in_header(table: PaperTable, key: str, descending: bool) -> None:
    """The header's sort arrow on the sorted column, or on none (date added, relevance),
    without the header asking for the sort again."""
    header = table.horizontalHeader()
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    header.blockSignals(True)
    header.setSortIndicator(COLUMNS.index(key) if key in COLUMNS else -1, order)
    header.blockSignals(False)
    header.viewport().update()


class Sorter:
    """Turns sort commands into the window's one sort path (the ListRequest's sort)."""

    def __init__(
        self,
        listed: Callable[[], ListRequest],
        apply: Callable[[str, bool], None],
        report: Callable[[str, int], None],
    ) -> None:
        self._listed = listed
        self._apply = apply
        self._report = report

    def sort_by(self, key: str) -> None:
        """Sort in the key's natural direction (newest, A–Z, best match first)."""
        req = self._listed()
        if key == "relevance" and not req.query.strip():
            self._report("Relevance sorts search results: press / and type a search first", 6000)
            return
        self._set(key, natural_descending(key))

    def reverse(self) -> None:
        """The same sort, the other way round."""
        req = self._listed()
        self._set(req.sort, not effective_descending(req))

    def _set(self, key: str, descending: bool) -> None:
        self._apply(key, descending)
        self._report(f"Sorted by {NAMES.get(key, key)}, {direction(key, descending)}", 4000)


def sort_of_header(header: QHeaderView) -> tuple[str, bool]:
    """The sort the header's arrow shows (restored with the columns), as a request's."""
    section = header.sortIndicatorSection()
    key = COLUMNS[section] if 0 <= section < len(COLUMNS) else "date"
    return key, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
