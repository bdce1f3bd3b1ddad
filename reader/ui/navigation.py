"""Moving around the window: focus, the list cursor, views, the abstract, dialogs, quitting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSlider, QApplication, QDialog, QTextBrowser

from reader.ui.context import Context
from reader.ui.settings import settings_path
from reader.ui.widgets.about import AboutDialog
from reader.ui.widgets.cheatsheet import CheatSheet
from reader.ui.widgets.notes import NotesPane
from reader.ui.widgets.palette import CommandPalette
from reader.ui.widgets.search_bar import SearchBar


class Navigator:
    """Commands that move the focus or the cursor, switch views and open helper dialogs."""

    def __init__(
        self,
        ctx: Context,
        search: SearchBar,
        notes: NotesPane,
        abstract: QTextBrowser,
        folder: Path,
    ) -> None:
        self.ctx = ctx
        self._search = search
        self._notes = notes
        self._abstract = abstract
        self._folder = folder

    def focus_search(self) -> None:
        """`/`: the search field, its text selected for replacing."""
        self._search.take_focus()

    def clear_search(self) -> None:
        """Esc in the list: the whole view again (Esc in the search field only leaves it)."""
        if self._search.text():
            self._search.clear()
            self._search.fire()

    def focus_list(self) -> None:
        """Back to the paper list."""
        self.ctx.table.setFocus()

    def focus_notes(self) -> None:
        """Into the note editor."""
        self._notes.editor.setFocus()

    def toggle_preview(self) -> None:
        """Show or hide the note's rendered preview."""
        self._notes.toggle.toggle()

    def show_view(self, view: str, tag: str | None = None) -> None:
        """A built-in view (or a tag)."""
        self.ctx.show(view, tag)

    def move(self, delta: int | None = None, row: int | None = None) -> None:
        """Select the row `delta` away from the current one, or row `row` (-1: last)."""
        table, model = self.ctx.table, self.ctx.model
        count = model.rowCount()
        if count == 0:
            return
        if row is None:
            current = table.currentIndex().row()
            row = (current if current >= 0 else -1) + (delta or 0)
        elif row < 0:
            row = count - 1
        table.select_id(model.id_at(max(0, min(count - 1, row))))

    def scroll_abstract(self, pages: int) -> None:
        """Space / Shift+Space: page the abstract while the list keeps focus."""
        action = QAbstractSlider.SliderAction
        step = action.SliderPageStepAdd if pages > 0 else action.SliderPageStepSub
        self._abstract.verticalScrollBar().triggerAction(step)

    def show_dialog(self, dialog: QDialog) -> None:
        """Open a dialog over the window; the list gets the focus back when it closes."""
        dialog.finished.connect(lambda _r: self.ctx.back_to_list())
        dialog.open()

    def show_palette(self) -> None:
        """Ctrl+K: find any command by name."""
        self.show_dialog(CommandPalette(self.ctx.commands, self.ctx.parent))

    def show_keys(self) -> None:
        """`?`: every key."""
        self.show_dialog(CheatSheet(self.ctx.commands, self.ctx.parent))

    def show_about(self) -> None:
        """Help ▸ About: version, library and where every kind of data lives."""
        dialog = AboutDialog(self._folder, settings_path(), self.ctx.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def quit(self) -> None:
        """Close the window (which flushes and stops its threads), then the application.

        A window that refuses to close (it may ask about an unsaved note) keeps the app.
        """
        if self.ctx.parent.close():
            QApplication.quit()
