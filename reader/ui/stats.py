"""Reading statistics from the window: computed on the writer thread, shown in a dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.core.stats import Stats, reading_stats
from reader.ui.context import Context
from reader.ui.widgets.stats_view import StatsDialog

if TYPE_CHECKING:
    from reader.core.library import Library


class Statistics(QObject):
    """View ▸ Reading statistics: the dialog opens at once and fills when the numbers come."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.dialog: StatsDialog | None = None

    def show(self) -> StatsDialog:
        """Open the dialog and compute the statistics off the GUI thread."""
        if self.dialog is None:
            self.dialog = StatsDialog(self.ctx.parent)
            self.dialog.finished.connect(self._closed)
        self.dialog.open()

        def job(lib: Library, _job: object) -> Stats:
            return reading_stats(lib.conn)

        self.ctx.writer.submit(job, self._computed, lambda exc: self.ctx.report(f"{exc}"))
        return self.dialog

    def _computed(self, stats: Stats) -> None:
        if self.dialog is not None:
            self.dialog.set_stats(stats)

    def _closed(self, _result: int) -> None:
        self.dialog = None
        self.ctx.back_to_list()
