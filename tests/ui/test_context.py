"""Controllers work through a Context: no main window needed to triage or export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from reader.core import listing, queries
from reader.core.db import connect
from reader.core.listing import ListRequest
from reader.export.markdown import inline, paper_link
from reader.ui.command_table import COMMANDS
from reader.ui.commands import CommandRegistry
from reader.ui.context import Context
from reader.ui.exporting import Exporter
from reader.ui.models.paper_list import PaperListModel
from reader.ui.settings import Settings
from reader.ui.tasks import Finder, Writer
from reader.ui.triage import Triage
from reader.ui.widgets.paper_table import PaperTable


@pytest.fixture
def ctx(sample_folder: Path, qtbot: QtBot) -> Iterator[Context]:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    writer, finder = Writer(sample_folder, parent), Finder(sample_folder, parent)
    model = PaperListModel(parent=parent)
    table = PaperTable(model, parent)
    conn = connect(sample_folder, readonly=True).conn
    model.set_connection(conn)
    model.set_ids(listing.view_ids(conn))
    shown: list[tuple[str, str | None]] = []
    context = Context(
        parent, writer, finder, table, model, parent.statusBar(), CommandRegistry(COMMANDS),
        Settings(), lambda: conn, ListRequest, lambda view, tag: shown.append((view, tag)),
    )  # fmt: skip
    with qtbot.waitSignal(writer.opened, timeout=10000):
        writer.start()
    yield context
    writer.stop()
    finder.stop()
    conn.close()


def test_triage_stars_the_selection_through_its_context(ctx: Context, qtbot: QtBot) -> None:
    triage = Triage(ctx)
    first = ctx.model.id_at(0)
    ctx.table.select_id(first)
    with qtbot.waitSignal(ctx.writer.changed, timeout=10000):
        triage.toggle_star()
    qtbot.waitUntil(lambda: "done" in ctx.status.currentMessage(), timeout=5000)
    (paper,) = queries.load_papers(ctx.read(), [first])  # type: ignore[arg-type]
    assert paper.starred and ctx.status.currentMessage() == "Star on 1 paper — done"
    assert len(triage.undo.undo_label()) > 0


def test_copy_markdown_link_needs_only_the_context(ctx: Context) -> None:
    first = ctx.model.id_at(0)
    ctx.table.select_id(first)
    Exporter(ctx).copy_markdown_link()
    (paper,) = queries.load_papers(ctx.read(), [first])  # type: ignore[arg-type]
    assert QApplication.clipboard().text() == paper_link(paper) == inline(paper.title)
    assert ctx.status.currentMessage() == "Copied 1 Markdown link"
