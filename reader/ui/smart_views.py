"""Smart views from the window: save the current list as a view, rename, remove and reorder it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from reader.core import listing
from reader.ui.context import Context

if TYPE_CHECKING:
    from reader.core.library import Library


class SmartViews(QObject):
    """Commands on smart views; each write is a writer job, then the side list recounts."""

    show_requested = Signal(str)  # a smart view's name, to show it

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx

    def _write(self, job: object, done_text: str, show: str | None = None) -> None:
        def done(_result: object) -> None:
            self.ctx.report(done_text)
            self.ctx.finder.request_counts()
            if show is not None:
                self.show_requested.emit(show)

        self.ctx.writer.submit(job, done, lambda exc: self.ctx.report(f"Not done: {exc}"))

    def _current(self) -> listing.SmartView | None:
        shown = self.ctx.listed().smart
        if shown is None:
            self.ctx.report("Show a smart view first (the side list, under Smart views)")
        return shown

    def save_current(self) -> None:
        """Save what the list shows (view, tag, search) as a named view."""
        req = self.ctx.listed()
        try:
            query = listing.as_query(req)
        except ValueError as exc:
            self.ctx.report(str(exc))
            return
        if not query:
            self.ctx.report("Search for something first: a smart view is a saved search")
            return
        name, ok = QInputDialog.getText(
            self.ctx.parent, "Save as smart view", f"Name for “{query}”:", QLineEdit.EchoMode.Normal
        )
        self.ctx.back_to_list()
        if ok and name.strip():

            def job(lib: Library, _job: object) -> int:
                return lib.save_smart_view(name, query)

            self._write(job, f"Saved smart view “{name.strip()}”", show=" ".join(name.split()))

    def rename_current(self) -> None:
        """Rename the smart view shown."""
        view = self._current()
        if view is None:
            return
        name, ok = QInputDialog.getText(
            self.ctx.parent, "Rename smart view", "New name:", QLineEdit.EchoMode.Normal, view.name
        )
        self.ctx.back_to_list()
        if ok and name.strip() and name.strip() != view.name:

            def job(lib: Library, _job: object) -> int:
                return lib.save_smart_view(name, view.query, view_id=view.id)

            self._write(
                job, f"Renamed “{view.name}” to “{name.strip()}”", show=" ".join(name.split())
            )

    def remove_current(self) -> None:
        """Remove the smart view shown (its papers stay as they are)."""
        view = self._current()
        if view is None:
            return
        answer = QMessageBox.question(
            self.ctx.parent,
            "Remove smart view",
            f"Remove the smart view “{view.name}”? Its papers stay as they are.",
        )
        self.ctx.back_to_list()
        if answer == QMessageBox.StandardButton.Yes:
            self._write(
                lambda lib, _job: lib.remove_smart_view(view.name), f"Removed “{view.name}”"
            )
            self.ctx.show("all", None)

    def move_current(self, offset: int) -> None:
        """Move the smart view shown up (-1) or down (+1) in the side list."""
        view = self._current()
        if view is None:
            return
        conn = self.ctx.read()
        names = [v.name for v in listing.smart_views(conn)] if conn is not None else []
        if view.name not in names:
            return
        to = max(0, names.index(view.name) + offset)
        self._write(lambda lib, _job: lib.move_smart_view(view.name, to), f"Moved “{view.name}”")
