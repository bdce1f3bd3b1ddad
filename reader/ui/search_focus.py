"""Where the selection and the focus go around a search: Esc, Return, an undo's paper."""

from __future__ import annotations

from reader.ui.models.paper_list import PaperListModel
from reader.ui.tasks import Finder
from reader.ui.widgets.paper_table import PaperTable
from reader.ui.widgets.search_bar import SearchBar

Want = str | int | None  # a paper id or citation key


class SearchFocus:
    """What the next list selects, and the search field's ways back to the list.

    A new list keeps the current paper unless asked otherwise: the paper named at start
    (--select, the last session), the topmost of the papers an undo or redo changed (also
    when the undo brings them back into the view), or the first result (Return).
    """

    def __init__(
        self, search: SearchBar, table: PaperTable, finder: Finder, select: Want = None
    ) -> None:
        self._search = search
        self._table = table
        self._finder = finder
        self.paper: Want = select
        self._papers: list[int] = []
        self._revealed: int | None = None  # current when reveal() asked for _papers
        self.first = False
        search.escaped.connect(self.leave_search)
        search.went_down.connect(table.setFocus)
        search.submitted.connect(self.first_result)

    @property
    def _model(self) -> PaperListModel:
        return self._table.paper_model()

    def keep(self, ids: list[int]) -> Want:
        """The paper to select in a new list of ids (None: the first)."""
        if self.first:
            return None
        wanted = set(self._papers)
        if wanted and self._table.current_id() == self._revealed:  # the user stayed
            return next((pid for pid in ids if pid in wanted), self._table.current_id())
        return self.paper if self.paper is not None else self._table.current_id()

    def done(self) -> None:
        """A list was applied: what was asked for is served."""
        self.paper, self._papers, self.first = None, [], False

    def leave_search(self) -> None:
        """Esc in the search field: back to the results, the query kept; with no results
        the query goes (the empty list says "press Esc to clear": there is nothing to
        go back to)."""
        if self._model.rowCount() or not self._finder.idle():
            self._table.setFocus()
        else:
            self._search.clear()
            self._search.fire()

    def first_result(self) -> None:
        """Return in the search field: the first result, in the list (once it is listed)."""
        if not self._finder.idle():
            self.first = True
        elif self._model.rowCount():
            self._table.select_id(self._model.id_at(0))
            self._table.setFocus()

    def reveal(self, ids: list[int]) -> None:
        """Select the topmost of these papers, scrolled into view; when a list is being
        fetched (an undo that moves papers between views), in that list too."""
        rows = sorted(r for pid in ids if (r := self._model.row_of(pid)) is not None)
        if rows:
            self._table.select_id(self._model.id_at(rows[0]))
        if not self._finder.idle():
            self._papers = list(ids)
            self._revealed = self._table.current_id()
