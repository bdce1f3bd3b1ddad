"""The window's controllers, made from one Context; command handlers act on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QTextBrowser

from reader.core.db import readonly_reason
from reader.core.listing import ListRequest
from reader.ui.backups import Backups
from reader.ui.context import Context
from reader.ui.exporting import Exporter
from reader.ui.feeds import Feeds
from reader.ui.importing import Importer
from reader.ui.library_ops import LibraryOps
from reader.ui.look import Look
from reader.ui.navigation import Navigator
from reader.ui.ranking import Ranker
from reader.ui.rules import Rules
from reader.ui.smart_views import SmartViews
from reader.ui.stats import Statistics
from reader.ui.tag_admin import TagAdmin
from reader.ui.triage import Triage
from reader.ui.widgets.notes import NotesPane
from reader.ui.widgets.search_bar import SearchBar


@dataclass(frozen=True)
class Controllers:
    """What the handlers in reader.ui.command_table act on."""

    nav: Navigator
    triage: Triage
    tags: TagAdmin
    exporter: Exporter
    importer: Importer
    feeds: Feeds
    ops: LibraryOps
    backups: Backups
    look: Look  # sort, zoom, theme, welcome guide (the window makes it: it needs the panes)
    rules: Rules
    views: SmartViews
    stats: Statistics
    rank: Ranker


def make_controllers(
    ctx: Context,
    search: SearchBar,
    notes: NotesPane,
    abstract: QTextBrowser,
    folder: Path,
    look: Look,
    rank_hooks: tuple[Callable[[ListRequest, int | None], None], Callable[[int], None]],
) -> Controllers:
    """Every controller over the same context (the panes only navigation needs); the
    ranker also sets the list's request and re-renders the shown paper (rank_hooks)."""
    triage = Triage(ctx)
    apply, rerender = rank_hooks
    readonly = readonly_reason(folder) is not None
    return Controllers(
        nav=Navigator(ctx, search, notes, abstract, folder),
        triage=triage,
        tags=TagAdmin(ctx, triage),
        exporter=Exporter(ctx),
        importer=Importer(ctx, triage.undo),
        feeds=Feeds(ctx, folder, triage.undo),
        ops=LibraryOps(ctx, triage.undo),
        backups=Backups(ctx, folder, triage.undo),
        look=look,
        rules=Rules(ctx, triage.undo),
        views=SmartViews(ctx),
        stats=Statistics(ctx),
        rank=Ranker(ctx, triage, folder, apply, rerender, readonly),
    )
