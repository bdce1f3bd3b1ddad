"""The paper list view: a QTableView tuned for 100k rows (fixed heights, no per-row widgets)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.ui.columns import ColumnFit, format_widths, parse_widths
from reader.ui.models.paper_list import COLUMNS, PaperListModel


class PaperTable(QTableView):
    """Rows select whole papers; headers sort; nothing asks the model for every row."""

    def __init__(self, model: PaperListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_font()
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSectionsMovable(False)
        header.setMinimumSectionSize(20)
        header.setSortIndicator(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        # Columns are fitted to the width, so a horizontal scrollbar would only ever show
        # a few pixels of rounding.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns = ColumnFit(self, COLUMNS)
        model.filled_changed.connect(self.columns.set_filled)

    def restore_columns(self, header_state: QByteArray | None, widths: str) -> None:
        """Sort and user-dragged widths as saved by save_columns."""
        if header_state is not None:
            self.columns.restoring = True
            self.horizontalHeader().restoreState(header_state)
            self.columns.restoring = False
        self.columns.user_widths = parse_widths(widths)
        self.columns.arrange()

    def save_columns(self) -> tuple[QByteArray, str]:
        """The header's state (sort) and the widths the user dragged."""
        return self.horizontalHeader().saveState(), format_widths(self.columns.user_widths)

    def _fit_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        columns = getattr(self, "columns", None)  # None while the view is being built
        if columns is not None:
            columns.schedule()  # widths follow the text too: a date is never cut

    def changeEvent(self, event: QEvent) -> None:
        """A zoomed font: rows as tall as the new text needs, columns fitted to it again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_font()

    def paper_model(self) -> PaperListModel:
        """The list model."""
        model = self.model()
        assert isinstance(model, PaperListModel)
        return model

    def current_id(self) -> int | None:
        """The id of the current (focused) row."""
        index = self.currentIndex()
        return self.paper_model().id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """Ids of every selected row, in list order."""
        model = self.paper_model()
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [pid for r in rows if (pid := model.id_at(r)) is not None]

    def select_id(self, paper_id: int | None) -> bool:
        """Make a paper current and selected, scrolled into view; False if not listed."""
        row = self.paper_model().row_of(paper_id) if paper_id is not None else None
        if row is None:
            return False
        index = self.model().index(row, COLUMNS.index("title"))
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True
