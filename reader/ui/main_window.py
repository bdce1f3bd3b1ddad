"""The main window: side list, paper list, abstract and notes, wired to the background tasks."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from reader.core import queries
from reader.core.changes import Changes
from reader.core.db import LibraryError, connect, readonly_reason
from reader.core.importer import ImportReport
from reader.core.listing import ListRequest, changes_membership, full_query
from reader.ui import layout, menus, readonly, welcome
from reader.ui.command_table import COMMANDS
from reader.ui.commands import LIST, NOTES, CommandRegistry
from reader.ui.context import Context
from reader.ui.controllers import make_controllers
from reader.ui.damage import DamageReporter
from reader.ui.external import ExternalChanges
from reader.ui.keymap import bind_keys, key_text
from reader.ui.list_pane import ListPane
from reader.ui.look import Look
from reader.ui.models.paper_list import PaperListModel
from reader.ui.note_store import NoteStore
from reader.ui.paper_view import PaperView
from reader.ui.plain import plain
from reader.ui.rescue import rescue_notes
from reader.ui.search_focus import SearchFocus
from reader.ui.settings import load_settings
from reader.ui.side_list import SideList
from reader.ui.sorting import show_in_header, sort_of_header
from reader.ui.tasks import Finder, ListResult, Writer
from reader.ui.unsaved import CloseGuard
from reader.ui.widgets.browser import SafeBrowser
from reader.ui.widgets.notes import NotesPane
from reader.ui.widgets.paper_table import PaperTable
from reader.ui.widgets.search_bar import SearchBar

COUNTS_AFTER_MS = 50  # counts cost ~3 ms at 20k: the pause only gathers keys back to back


class MainWindow(QMainWindow):
    """Three panes (list, abstract, notes) beside a list of views and tags."""

    loaded = Signal()  # a list result was applied and the selection restored
    paper_shown = Signal(int)

    def __init__(self, folder: Path, *, select: str | None = None, query: str | None = None):
        super().__init__()
        self.folder = Path(folder)
        self.conn: sqlite3.Connection | None = None
        self.request = ListRequest()
        self._query_override = query
        self._closed = False
        self.library_open = False
        self.persist_state = True  # off for --screenshot, which must not change saved state
        self.first_load_done = False
        self.readonly = readonly_reason(self.folder)  # why the library cannot be written
        self.banner: QLabel | None = None
        self.writer = Writer(self.folder, self, readonly=self.readonly is not None)
        self.finder = Finder(self.folder, self)
        self.model = PaperListModel(parent=self)
        self._build_widgets()
        self.wants = SearchFocus(self.search, self.table, self.finder, select)
        self.settings = load_settings()
        self.commands = CommandRegistry(COMMANDS)
        ctx = self._context()
        self.look = Look(self, lambda: self.request, self._sort, ctx.report, layout.zoomed(self))
        self.note_store = NoteStore(ctx, self.notes)
        self.pending_notes = self.note_store.pending
        self.close_guard = CloseGuard(ctx, self.notes, self.note_store)
        # The ranking re-lists, and re-renders the paper shown with its why and similar list.
        hooks = (self.set_request, lambda pid: self.show_paper(pid, keep_notes=True))
        widgets = (self.search, self.notes, self.abstract)
        self.controllers = make_controllers(ctx, *widgets, self.folder, self.look, hooks)
        self.importer = self.controllers.importer
        self.exporter = self.controllers.exporter
        self.triage = self.controllers.triage
        self.commands.bind(self, self.controllers)
        panes = {LIST: [self.table, self.sidebar], NOTES: [self.notes]}
        self.key_problems = bind_keys(self.commands, self, panes, self.settings, ctx.report)
        menus.build_menu_bar(self.menuBar(), self.commands)
        menus.attach_context_menu(self.table, self.commands)
        menus.follow_undo(self.commands, self.triage.undo)
        self.look.bind(self.commands)
        self._wire()
        # After _wire: on a damaged file its message is the last word.
        self.damage = DamageReporter(ctx, self.folder, self.show_empty)
        parts = (self.abstract, self.notes, self.list_pane, self.note_store, self.controllers.rank)
        self.paper_view = PaperView(ctx, parts, self.damage.check, self.paper_shown.emit)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_AFTER_MS)
        self._counts_timer.timeout.connect(self.finder.request_counts)
        self.external = ExternalChanges(ctx, self.reload_from_library)
        self.loaded.connect(self.external.first_look)
        self.setWindowTitle(f"{self.folder.name} — Reader")
        if self.readonly:
            self.banner = readonly.apply(self, self.readonly, self.commands, self.notes.editor)
        self.setAcceptDrops(True)
        for widget in layout.drop_targets(self):
            widget.installEventFilter(self.importer)

    def _build_widgets(self) -> None:
        self.side = SideList(self, self.set_view)
        self.sidebar, self.sidebar_model = self.side.view, self.side.model
        self.search = SearchBar(self)
        self.search_message = QLabel(self, objectName="searchMessage")
        self.table = PaperTable(self.model, self)
        self.empty = QLabel(self, objectName="emptyState")
        self.abstract = SafeBrowser(self)
        self.abstract.setObjectName("abstractView")
        self.notes = NotesPane(self)
        self.count_label = QLabel(self, objectName="countLabel")
        plain(self.search_message, self.empty, self.count_label)  # they quote tags and queries
        labels = (self.empty, self.count_label, self.search_message)
        self.list_pane = ListPane(
            self.model,
            self.table,
            labels,
            lambda: self.conn,
            lambda cid: key_text(self.commands, cid),  # empty views name the user's keys
        )
        self.splitter: QSplitter = layout.arrange(self)

    def _context(self) -> Context:
        return Context(
            parent=self,
            writer=self.writer,
            finder=self.finder,
            table=self.table,
            model=self.model,
            status=self.statusBar(),
            commands=self.commands,
            settings=self.settings,
            read=lambda: self.conn,
            listed=lambda: self.request,
            show=self.set_view,
            reveal=self.wants.reveal,
        )

    def _wire(self) -> None:
        self.writer.opened.connect(self._opened)
        self.writer.open_failed.connect(self._open_failed)
        self.writer.changed.connect(self.apply_changes)
        self.writer.indexed.connect(self._index_caught_up)
        self.controllers.backups.restored.connect(
            lambda _done: self.reload_from_library(restored=True)
        )
        self.finder.listed.connect(self._listed)
        self.finder.counted.connect(self.sidebar_model.set_counts)
        self.finder.smart_counted.connect(lambda v: self.side.smart_counted(v, self.request))
        self.controllers.views.show_requested.connect(lambda name: self.set_view("all", smart=name))
        self.finder.counted.connect(lambda *_: self._sync_sidebar())
        self.finder.counted.connect(self._offer_examples)
        self.finder.feeds_counted.connect(self.sidebar_model.set_feeds)
        # Both rebuild the side list, which drops its current row: follow the request again.
        self.finder.feeds_counted.connect(lambda *_: self._sync_sidebar())
        self.search.query_changed.connect(self.set_query)
        self.model.sort_requested.connect(self._sort)
        rows = self.table.selectionModel()
        rows.currentRowChanged.connect(lambda row, _old: self.paper_view.follow(self.model, row))
        self.notes.note_edited.connect(self.note_store.save)

    # -- startup ---------------------------------------------------------------------

    def start(self) -> None:
        """Open the library on the writer thread; the list follows when it is open."""
        header = self.table.horizontalHeader()
        self.request, selected = welcome.opening_request(
            str(self.folder),
            remember=self.persist_state,
            header_sort=sort_of_header(header),
            query=self._query_override,
        )
        if self.wants.paper is None:
            self.wants.paper = selected
        self.search.set_query(self.request.query)
        self.look.opened(remember=self.persist_state)
        # A library that needs no migration is listed at once; the writer opens it (and
        # catches up the search index) only after the first list is painted, so the two
        # threads do not compete with the first paint.
        with contextlib.suppress(LibraryError, sqlite3.Error):
            self._use_connection(connect(self.folder, readonly=True).conn)
            self.refresh_list(page=True)
            self.finder.request_counts()
        if self.conn is None:
            self.writer.start()

    def _use_connection(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.model.set_connection(conn)

    def _opened(self, count: int) -> None:
        self.library_open = True
        self.controllers.backups.schedule_daily()
        listed = self.conn is not None
        if not listed:
            self._use_connection(connect(self.folder, readonly=True).conn)
        if count == 0 and not self.readonly:
            self.statusBar().showMessage("Empty library: importing the bundled sample feed…")
            self.writer.submit(layout.import_sample, self._sample_imported, self._open_failed)
        elif not listed:
            self.refresh_list(page=True)
            self.finder.request_counts()

    def _sample_imported(self, report: ImportReport) -> None:
        self.statusBar().showMessage(
            f"New library: imported {report.new} sample papers from the bundled feed "
            "(File ▸ Import… or drop a file to add your own)."
        )
        self.refresh_list()
        self.finder.request_counts()

    def settled(self) -> bool:
        """Library open, no write queued, newest list shown (screenshots wait for this)."""
        return self.library_open and self.writer.pending() == 0 and self.finder.idle()

    def _open_failed(self, message: object) -> None:
        self.library_open = True
        self.statusBar().showMessage(f"Cannot open the library: {message}")
        self.show_empty(f"Cannot open the library at {self.folder}:\n{message}")
        self.loaded.emit()

    # -- the list --------------------------------------------------------------------

    def refresh_list(self, *, page: bool = False) -> None:
        """Ask the finder for the current request's ids (page: a new list, first rows first)."""
        if self.conn is not None:
            self.finder.request(self.request, page=page)

    def set_view(
        self, view: str, tag: str | None = None, feed: int | None = None, smart: str | None = None
    ) -> None:
        """Show a built-in view, a tag, a feed's or a smart view's papers (the search query
        still applies); a smart view just saved shows once the side list has it."""
        found = self.side.want_smart(smart) if smart else None
        if smart and found is None:
            return
        tags = (tag,) if tag else ()
        self.request = replace(self.request, view=view, tags=tags, feed=feed, smart=found)
        self._sync_sidebar()
        self.refresh_list(page=True)

    def set_request(self, req: ListRequest, select: int | None = None) -> None:
        """List another request (the ranking's sorts); select a paper when it arrives."""
        self.request = req
        if select is not None:
            self.wants.paper = select
        show_in_header(self.table, req.sort, True)  # for-you is no column's: no arrow
        self.search.set_query(req.query)
        self._sync_sidebar()
        self.refresh_list()
        self.look.show_state()

    def set_query(self, text: str) -> None:
        """Search within the current view; an empty query shows the whole view."""
        if self.search.text().strip() != text:
            self.search.set_query(text)
        self.request = replace(self.request, query=text)
        self.refresh_list()

    def _sort(self, key: str, descending: bool) -> None:
        """The one sort path: header clicks and sort commands; the header shows it."""
        req = self.request
        show_in_header(self.table, key, descending)
        if (req.sort, req.descending) != (key, descending):
            self.request = replace(req, sort=key, descending=descending, like=None)
            self.refresh_list(page=True)
        self.look.show_state()

    def _listed(self, result: ListResult) -> None:
        keep = self.wants.keep(result.ids)
        if result.error and self.damage.check(result.error):
            self._finish_load()  # no retry: a damaged file fails every request alike
            return
        if result.error:
            self.list_pane.show_error(result.error)
            if not self.first_load_done and result.request.query:
                # Nothing listed yet: show the view itself while the query gets fixed.
                self.finder.request(replace(result.request, query=""))
                return
            self._finish_load()
            return
        focus = not self.first_load_done or self.wants.first
        if not self.list_pane.show_result(result, self.request.query, keep, focus=focus):
            self.show_paper(None)
        elif self.paper_view.stale():  # same paper, new query
            self.show_paper(self.notes.paper_id, keep_notes=True)
        if not result.partial:  # a first page: the whole list (and `loaded`) follows
            self._finish_load()

    def _finish_load(self) -> None:
        self.wants.done()
        if not self.first_load_done:
            self.first_load_done = True
            QTimer.singleShot(0, self.writer.start)
            self.finder.warm(self.request.sort)
            if self.settings.refresh_at_start and not self.readonly:
                QTimer.singleShot(0, self.controllers.feeds.refresh_if_due)
        self.loaded.emit()

    def show_empty(self, text: str) -> None:
        """The 'no results' state in place of the list."""
        self.list_pane.show_empty(text)

    def _sync_sidebar(self) -> None:
        self.side.follow(self.request)

    def _offer_examples(self, _views: object, tags: list[tuple[str, int]]) -> None:
        author = None
        with contextlib.suppress(sqlite3.DatabaseError):  # a damaged file says so elsewhere
            author = queries.example_author(self.conn) if self.conn is not None else None
        used = [name for name, count in tags if count]
        self.search.offer_examples(author, used[0] if used else None)

    # -- the current paper -----------------------------------------------------------

    def current_id(self) -> int | None:
        """The paper shown in the abstract and notes panes."""
        return self.notes.paper_id

    def show_paper(self, pid: int | None, *, keep_notes: bool = False) -> None:
        """Show a paper's abstract and note (flushing the note being edited first)."""
        self.paper_view.show(pid, keep_notes=keep_notes)

    # -- writes ----------------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """A write finished: repaint touched rows, refresh panes, counts and membership."""
        self.model.invalidate(changes.ids)
        current = self.notes.paper_id
        if current in changes.ids and changes.kinds - {"note"}:
            self.show_paper(current, keep_notes=True)
        self._counts_timer.start()
        if changes_membership(self.request, changes):
            self.refresh_list()

    def _index_caught_up(self, _written: int) -> None:
        # Searches listed or counted (smart views) before the index caught up: again.
        self.finder.warm(self.request.sort)  # a new searcher: its tables before a search
        if full_query(self.request):
            self.refresh_list()
        self._counts_timer.start()

    def reload_from_library(self, *, restored: bool = False) -> None:
        """Another process wrote (or a backup was restored): fetch rows, list, counts and
        the shown paper again; after a restore the note too, as the backup has it."""
        self.model.invalidate_all()
        self.refresh_list()
        self._counts_timer.start()
        if self.notes.paper_id is not None:
            self.show_paper(self.notes.paper_id, keep_notes=not restored)
            self.note_store.reloaded()
        if not restored:
            text = "The library was changed outside this window; reloaded."
            self.statusBar().showMessage(text, 5000)

    # -- shutdown --------------------------------------------------------------------

    def save_notes_now(self) -> None:
        """The session is ending: store the note before whatever comes next (a kill)."""
        self.notes.flush()
        self.close_guard.drain()

    def closing(self) -> bool:
        """True once the window started shutting down."""
        return self._closed

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and self.close_guard.blocks_close():
            event.ignore()  # a note is being saved, or the user is asked what to do with it
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Flush the note, remember the state, finish queued writes and stop the threads."""
        if self._closed:
            return
        self._closed = True
        self.external.stop()
        self.note_store.stopped = True
        self.notes.flush()
        if self.persist_state:
            layout.save_state(self)
        self.exporter.flush()
        self.controllers.feeds.stop()
        self.controllers.rank.stop()
        self.writer.deliver_while(self.triage.undo.busy)
        self.writer.stop()
        self.finder.stop()
        unstored = self.note_store.unstored()
        if unstored:
            rescue_notes(self.folder, unstored)  # verified; what no place took is logged
        if self.conn is not None:
            self.conn.close()
            self.conn = None
