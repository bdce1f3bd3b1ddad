"""The paper pane: the current paper's abstract (with its why and similar papers) and note."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QModelIndex

from reader.core import queries
from reader.ui import render
from reader.ui.context import Context
from reader.ui.list_pane import ListPane
from reader.ui.models.paper_list import PaperListModel
from reader.ui.note_store import NoteStore
from reader.ui.ranking import Ranker
from reader.ui.widgets.browser import SafeBrowser
from reader.ui.widgets.notes import NotesPane


class PaperView:
    """Shows the paper the list's current row names; remembers the search words it highlights."""

    def __init__(
        self,
        ctx: Context,
        parts: tuple[SafeBrowser, NotesPane, ListPane, NoteStore, Ranker],
        damaged: Callable[[sqlite3.DatabaseError], bool],
        shown: Callable[[int], None],
    ) -> None:
        """parts: the abstract and notes panes, the list pane, the note store and the ranker;
        damaged(exc): True when it reported a damaged file (the pane then shows nothing);
        shown(pid): called after a paper is shown."""
        self.abstract, self.notes, self.list_pane, self.note_store, self.rank = parts
        self._read = ctx.read
        self._query = lambda: ctx.listed().query
        self._damaged = damaged
        self._shown = shown
        refused = lambda url, why: ctx.report(f"Not opened: {url} ({why})", 8000)  # noqa: E731
        self.abstract.link_refused.connect(refused)
        self.notes.preview.link_refused.connect(refused)
        self.terms: list[str] = []  # the search words the abstract highlights

    def follow(self, model: PaperListModel, current: QModelIndex) -> None:
        """The list's current row moved: show its paper (a reset's empty row is no move)."""
        if self.list_pane.reloading:
            return
        pid = model.id_at(current.row()) if current.isValid() else None
        if pid != self.notes.paper_id:
            self.show(pid)

    def stale(self) -> bool:
        """The shown paper highlights other words than the search shown now."""
        return self.terms != render.search_terms(self._query())

    def show(self, pid: int | None, *, keep_notes: bool = False) -> None:
        """Show a paper's abstract, highlighting the search's words, and its note (the note
        being edited is flushed first, unless keep_notes leaves the notes pane alone)."""
        conn = self._read()
        try:
            papers = queries.load_papers(conn, [pid]) if pid is not None and conn else []
        except sqlite3.DatabaseError as exc:
            if not self._damaged(exc):
                raise
            papers = []
        paper = papers[0] if papers else None
        if paper is None:
            self.abstract.show_body('<p class="empty">Select a paper to read its abstract.</p>')
            self.notes.set_paper(None, "")
            self.rank.paper_shown(None)
            return
        self.terms = render.search_terms(self._query())
        why, similar = self.rank.why(paper), self.rank.similar_html(paper.id)
        self.abstract.show_body(render.paper_html(paper, self.terms, why=why, after=similar))
        self.rank.paper_shown(paper.id)
        if not keep_notes:
            self.notes.set_paper(paper.id, self.note_store.text_to_show(paper.id, paper.note))
        self._shown(paper.id)
