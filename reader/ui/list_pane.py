"""The list area: the paper table or the empty state, the count, and the query's message."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from reader.core import queries
from reader.ui import render
from reader.ui.empty import empty_text
from reader.ui.models.paper_list import PaperListModel
from reader.ui.tasks import ListResult
from reader.ui.widgets.paper_table import PaperTable


class ListPane:
    """Shows one finder result in the table (or the empty state) with its count."""

    def __init__(
        self,
        model: PaperListModel,
        table: PaperTable,
        labels: tuple[QLabel, QLabel, QLabel],
        read: Callable[[], sqlite3.Connection | None],
        key_of: Callable[[str], str] = lambda _cid: "",
    ) -> None:
        """labels: the empty state, the count and the query message; key_of: a command's
        key as shown (empty views say which key fills them)."""
        self.model = model
        self.table = table
        self.empty, self.count_label, self.search_message = labels
        self._read = read
        larger = self.empty.font()  # set here, not in the stylesheet, so zoom scales it
        if larger.pointSizeF() > 0:
            larger.setPointSizeF(larger.pointSizeF() * 1.4)
            self.empty.setFont(larger)
        self._key_of = key_of
        self.reloading = False  # while set, the reset's empty current row is no selection
        self._paged: int | None = None  # the generation whose first page is shown

    def show_error(self, error: str) -> None:
        """A query that could not be understood: say why, keep what is listed."""
        self.search_message.setText(f"⚠ {error}")
        self.search_message.show()
        self.count_label.setText("Query not understood")
        if not self.empty.isHidden():  # the last query's "No results" would be a wrong answer
            self.empty.setText(render.query_error_text(error))

    def show_result(
        self, result: ListResult, query: str, keep: str | int | None, *, focus: bool = False
    ) -> bool:
        """Put the result's ids in the table, keeping `keep` current if it is listed;
        `query` is the one now typed (a result for an older query leaves its message);
        focus moves the keyboard focus to the table. False when nothing is listed (the
        empty state shows instead)."""
        if result.request.query == query:
            self.search_message.hide()
        self._set_ids(result)
        if not result.partial:
            self.count_label.setText(render.count_text(len(result.ids), result.request.query))
        if not result.ids:
            self.show_empty(empty_text(result.request, self._key_of))
            return False
        self.empty.hide()
        self.table.show()
        if focus:
            self.table.setFocus()
        if not self.select(keep):
            self.table.select_id(result.ids[0])
        return True

    def _set_ids(self, result: ListResult) -> None:
        shown = self.model.rowCount()
        if self._paged == result.generation and result.ids[:shown] == self.model.ids():
            self.model.append_ids(result.ids[shown:])  # the rest, under the first page
        else:
            self.reloading = True
            self.model.set_ids(result.ids)
            self.reloading = False
        self._paged = result.generation if result.partial else None

    def select(self, want: str | int | None) -> bool:
        """Make a paper (id or citation key) current; False when it is not listed."""
        conn = self._read()
        if isinstance(want, str) and conn is not None:
            want = queries.resolve(conn, want)
        return self.table.select_id(want) if isinstance(want, int) else False

    def show_empty(self, text: str) -> None:
        """The 'no results' state in place of the list."""
        self.model.set_ids([])
        self.empty.setText(text)
        self.table.hide()
        self.empty.show()
