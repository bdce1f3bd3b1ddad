"""The main window's furniture: pane layout, commands, menus, saved state, the sample feed."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from reader.core.importer import ImportReport
from reader.core.listing import VIEWS
from reader.feeds.files import parse_bytes
from reader.ui import state
from reader.ui.settings import settings_path
from reader.ui.tasks import Job
from reader.ui.widgets.about import AboutDialog

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.main_window import MainWindow

SAMPLE_NAME = "sample-feed.txt"


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


def arrange(w: MainWindow) -> QSplitter:
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
    w.sidebar.setSpacing(1)
    w.sidebar.setUniformItemSizes(True)
    w.abstract.document().setDocumentMargin(10)
    w.notes.preview.document().setDocumentMargin(8)
    w.setCentralWidget(splitter)
    w.statusBar().addPermanentWidget(w.count_label)
    return splitter


def default_sizes(w: MainWindow, width: int) -> list[int]:
    """Pane widths for a window this wide: side list fits its labels; list, abstract, notes."""
    side = w.sidebar.fontMetrics().horizontalAdvance("All papers  (100,000)") + 30
    side = max(side, 150 if width >= 1500 else 120)
    rest = width - side
    first, second = int(rest * 0.54), int(rest * 0.28)
    return [side, first, second, rest - first - second]


def register_commands(w: MainWindow) -> None:
    """Every command the window offers, by id."""
    add = w.commands.add
    add("search.focus", "&Search", lambda: (w.search.setFocus(), w.search.selectAll()))
    add("list.focus", "Go to &list", w.table.setFocus)
    add("notes.focus", "Edit &note", w.notes.editor.setFocus)
    add("notes.toggle_preview", "Note &preview", w.notes.toggle.toggle)
    add("file.import", "&Import…", w.importer.choose, help="Import a feed file")
    add("file.export", "&Export…", w.exporter.choose, help="Export papers to a file")
    add("file.saved_exports", "Saved E&xports…", w.exporter.show_saved)
    add("paper.copy_markdown_link", "Copy &Markdown Link", w.exporter.copy_markdown_link)
    add("app.quit", "&Quit", lambda: (w.close(), QApplication.quit()))
    add("help.about", "&About Reader", lambda: show_about(w))
    for view in VIEWS:
        add(f"view.{view.key}", f"Go to {view.label}", lambda key=view.key: w.set_view(key))


def build_menus(w: MainWindow) -> None:
    """File, View and Go menus from the command registry."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(w.commands.action("file.import"))
    for cid in ("file.export", "file.saved_exports", "paper.copy_markdown_link"):
        file_menu.addAction(w.commands.action(cid))
    file_menu.addSeparator()
    file_menu.addAction(w.commands.action("app.quit"))
    view_menu = bar.addMenu("&View")
    for view in VIEWS:
        view_menu.addAction(w.commands.action(f"view.{view.key}"))
    go_menu = bar.addMenu("&Go")
    for cid in ("search.focus", "list.focus", "notes.focus", "notes.toggle_preview"):
        go_menu.addAction(w.commands.action(cid))
    bar.addMenu("&Help").addAction(w.commands.action("help.about"))


def show_about(w: MainWindow) -> None:
    """Help ▸ About: version, library and where every kind of data lives."""
    dialog = AboutDialog(w.folder, settings_path(), w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def drop_targets(w: MainWindow) -> list[QWidget]:
    """Widgets whose drops of files mean 'import this'."""
    targets: list[QWidget] = [w]
    for view in (w.table, w.sidebar, w.abstract, w.notes.editor, w.notes.preview):
        view.setAcceptDrops(True)
        targets += [view, view.viewport()]
    return targets


def restore_state(w: MainWindow, *, geometry: bool = True) -> bool:
    """Geometry, splitter and columns from QSettings; False when there was nothing saved."""
    store = state.settings()
    found = False
    if geometry and (blob := state.load_bytes(store, "window/geometry")):
        found = w.restoreGeometry(blob)
    if blob := state.load_bytes(store, "window/splitter"):
        w.splitter.restoreState(blob)
    if blob := state.load_bytes(store, "notes/splitter"):
        w.notes.split.restoreState(blob)
    if blob := state.load_bytes(store, "list/header"):
        w.table.horizontalHeader().restoreState(blob)
    w.notes.toggle.setChecked(str(store.value("notes/preview", "true")).lower() == "true")
    return found


def save_state(w: MainWindow) -> None:
    """Everything restore_state reads, plus the view, query and selected paper."""
    store = state.settings()
    state.save_bytes(store, "window/geometry", w.saveGeometry())
    state.save_bytes(store, "window/splitter", w.splitter.saveState())
    state.save_bytes(store, "notes/splitter", w.notes.split.saveState())
    state.save_bytes(store, "list/header", w.table.horizontalHeader().saveState())
    store.setValue("notes/preview", "true" if w.notes.toggle.isChecked() else "false")
    req = w.request
    selected = None
    pid = w.current_id()
    if pid is not None and (row := w.model.row_of(pid)) is not None:
        data = w.model.row_data(row)
        selected = data.citekey if data else None
    view = state.ViewState(req.view, req.tag, req.query, selected)
    state.save_view(store, str(w.folder), view)
    store.sync()
