"""The paper list view: a QTableView tuned for 100k rows (fixed heights, no per-row widgets)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.ui.models.paper_list import COLUMNS, PaperListModel

DEFAULT_WIDTHS = {"star": 26, "title": 360, "author": 110, "date": 78, "tags": 72, "status": 64}


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
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSectionsMovable(False)
        for column, key in enumerate(COLUMNS):
            header.resizeSection(column, DEFAULT_WIDTHS[key])
        bold = self.font()
        bold.setBold(True)
        date_width = QFontMetrics(bold).horizontalAdvance("2024-12-28") + 18
        header.resizeSection(COLUMNS.index("date"), max(DEFAULT_WIDTHS["date"], date_width))
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)

    def _fit_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        bold = self.font()
        bold.setBold(True)
        date = COLUMNS.index("date")
        need = QFontMetrics(bold).horizontalAdvance("2024-12-28") + 18
        if self.horizontalHeader().sectionSize(date) < need:  # a date is never cut
            self.horizontalHeader().resizeSection(date, need)

    def changeEvent(self, event: QEvent) -> None:
        """A zoomed font: rows as tall as the new text needs."""
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
