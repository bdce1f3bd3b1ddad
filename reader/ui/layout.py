"""The main window's furniture: pane layout, saved state, drop targets, the sample feed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QLabel, QListView, QSplitter, QStatusBar, QVBoxLayout, QWidget

from reader.core.importer import ImportReport
from reader.core.listing import ListRequest
from reader.feeds.files import parse_bytes
from reader.ui import state
from reader.ui.models.paper_list import PaperListModel
from reader.ui.tasks import Job
from reader.ui.widgets.browser import SafeBrowser
from reader.ui.widgets.notes import NotesPane
from reader.ui.widgets.paper_table import PaperTable
from reader.ui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.core.library import Library

SAMPLE_NAME = "sample-feed.txt"


class Panes(Protocol):
    """The parts of the main window this module arranges, saves and restores."""

    folder: Path
    request: ListRequest
    sidebar: QListView
    search: SearchBar
    search_message: QLabel
    table: PaperTable
    model: PaperListModel
    empty: QLabel
    abstract: SafeBrowser
    notes: NotesPane
    count_label: QLabel
    splitter: QSplitter

    def current_id(self) -> int | None: ...
    def statusBar(self) -> QStatusBar: ...
    def setCentralWidget(self, widget: QWidget) -> None: ...
    def saveGeometry(self) -> QByteArray: ...
    def restoreGeometry(self, geometry: QByteArray) -> bool: ...


def import_sample(lib: Library, job: Job) -> ImportReport:
    """Writer-side: import the bundled sample feed into an empty library."""
    data = resources.files("reader.resources").joinpath(SAMPLE_NAME).read_bytes()
    parsed = parse_bytes(data, SAMPLE_NAME)
    return lib.import_records(
        parsed.records, f"{parsed.kind}:{SAMPLE_NAME}", skipped=parsed.skipped
    )


def _column(*widgets: QWidget, margins: int = 0) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(margins, margins, margins, margins)
    lay.setSpacing(4)
    for widget in widgets:
        lay.addWidget(widget, 1 if widget.sizePolicy().verticalStretch() else 0)
    return box


def arrange(w: Panes) -> QSplitter:
    """Side list | (search, list) | abstract | notes, in one horizontal splitter."""
    w.search_message.hide()
    w.search_message.setWordWrap(True)
    w.search_message.setStyleSheet(
        "color: palette(bright-text); background: #b3261e; padding: 4px;"
    )
    w.empty.hide()
    w.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.empty.setWordWrap(True)
    for widget in (w.table, w.empty):
        policy = widget.sizePolicy()
        policy.setVerticalStretch(1)
        widget.setSizePolicy(policy)
    list_column = _column(w.search, w.search_message, w.table, w.empty, margins=4)
    list_column.setObjectName("listPane")
    splitter = QSplitter(Qt.Orientation.Horizontal, w)
    splitter.setObjectName("mainSplitter")
    splitter.setChildrenCollapsible(False)
    for pane in (w.sidebar, list_column, w.abstract, w.notes):
        splitter.addWidget(pane)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 5)
    splitter.setStretchFactor(2, 3)
    splitter.setStretchFactor(3, 2)
    w.sidebar.setMinimumWidth(120)
    # Room for a title's longest words, so the paper pane never has to break one.
    w.abstract.setMinimumWidth(w.abstract.fontMetrics().averageCharWidth() * 24)
    w.sidebar.setSpacing(1)
    w.sidebar.setUniformItemSizes(True)
    # A long feed or tag name loses its middle, not the count at its end.
    w.sidebar.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    w.abstract.document().setDocumentMargin(10)
    w.notes.preview.document().setDocumentMargin(8)
    w.setCentralWidget(splitter)
    w.statusBar().addPermanentWidget(w.count_label)
    return splitter


def default_sizes(w: Panes, width: int) -> list[int]:
    """Pane widths for a window this wide: side list fits its labels; list, abstract, notes."""
    side = w.sidebar.fontMetrics().horizontalAdvance("All papers  (100,000)") + 30
    side = max(side, 150 if width >= 1500 else 120)
    if width < 1000:  # a small screen: the list and the abstract before the side list
        side = max(120, w.sidebar.fontMetrics().horizontalAdvance("All papers  (99,999)") + 28)
    rest = width - side
    shares = (0.54, 0.28) if width >= 1000 else (0.49, 0.31)
    first, second = int(rest * shares[0]), int(rest * shares[1])
    return [side, first, second, rest - first - second]


def zoomed(w: Panes) -> list[QWidget]:
    """The widgets whose text the zoom keys scale: the list and the panes."""
    return [w.sidebar, w.search, w.table, w.empty, w.abstract, w.notes.editor, w.notes.preview]


def drop_targets(w: Panes) -> list[QWidget]:
    """Widgets whose drops of files mean 'import this'."""
    targets: list[QWidget] = [w]
    for view in (w.table, w.sidebar, w.abstract, w.notes.editor, w.notes.preview):
        view.setAcceptDrops(True)
        targets += [view, view.viewport()]
    return targets


def restore_state(w: Panes, *, geometry: bool = True) -> bool:
    """Geometry, splitter and columns from QSettings; False when there was nothing saved."""
    store = state.settings()
    found = False
    if geometry and (blob := state.load_bytes(store, "window/geometry")):
        found = w.restoreGeometry(blob)
    if blob := state.load_bytes(store, "window/splitter"):
        w.splitter.restoreState(blob)
    if blob := state.load_bytes(store, "notes/splitter"):
        w.notes.split.restoreState(blob)
    w.table.restore_columns(
        state.load_bytes(store, "list/header"), str(store.value("list/widths", "") or "")
    )
    w.notes.toggle.setChecked(str(store.value("notes/preview", "true")).lower() == "true")
    return found


def save_state(w: Panes) -> None:
    """Everything restore_state reads, plus the view, query and selected paper."""
    store = state.settings()
    state.save_bytes(store, "window/geometry", w.saveGeometry())
    state.save_bytes(store, "window/splitter", w.splitter.saveState())
    state.save_bytes(store, "notes/splitter", w.notes.split.saveState())
    header, widths = w.table.save_columns()
    state.save_bytes(store, "list/header", header)
    store.setValue("list/widths", widths)
    store.setValue("notes/preview", "true" if w.notes.toggle.isChecked() else "false")
    req = w.request
    selected = None
    pid = w.current_id()
    if pid is not None and (row := w.model.row_of(pid)) is not None:
        data = w.model.row_data(row)
        selected = data.citekey if data else None
    view = state.ViewState(
        req.view, req.tag, req.query, selected, req.feed, req.sort, req.descending
    )
    state.save_view(store, str(w.folder), view)
    store.sync()
