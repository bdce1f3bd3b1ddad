"""What a UI controller gets instead of the main window: selection, writer, reads, reporting."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStatusBar, QWidget

from reader.core.listing import ListRequest
from reader.ui.commands import CommandRegistry
from reader.ui.models.paper_list import PaperListModel
from reader.ui.settings import Settings
from reader.ui.tasks import Finder, Writer
from reader.ui.widgets.paper_table import PaperTable


@dataclass(frozen=True)
class Context:
    """The narrow view of the window a controller works through.

    table and model are the selection (ids, the current paper, moving it); read() is the
    GUI thread's read-only connection (None until the library is open); listed() is what
    the list shows; show(view, tag) changes it; report() puts a short message in the
    status bar.
    """

    parent: QWidget  # dialogs open over it
    writer: Writer
    finder: Finder
    table: PaperTable
    model: PaperListModel
    status: QStatusBar
    commands: CommandRegistry
    settings: Settings
    read: Callable[[], sqlite3.Connection | None]
    listed: Callable[[], ListRequest]
    show: Callable[[str, str | None], None]
    # Select the topmost of these papers, now or in the list being fetched (undo, redo).
    reveal: Callable[[list[int]], None] = lambda _ids: None

    def report(self, text: str, msecs: int = 6000) -> None:
        """A short status-bar message."""
        self.status.showMessage(text, msecs)

    def targets(self) -> list[int]:
        """The selected papers, or the current one."""
        ids = self.table.selected_ids()
        if not ids and (pid := self.table.current_id()) is not None:
            ids = [pid]
        return ids

    def back_to_list(self) -> None:
        """After a dialog: the window active again and the list focused, for the next key."""
        self.parent.activateWindow()
        self.table.setFocus()
