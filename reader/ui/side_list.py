"""The side list of views, tags and feeds: a click picks what the paper list shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QListView, QWidget

from reader.core.listing import ListRequest, SmartView
from reader.ui.models.sidebar import KEY_ROLE, SidebarModel

Show = Callable[..., None]  # show(view, tag=None, feed=None, smart=None)


class SideList:
    """The side list's view and model, and the request it points at."""

    def __init__(self, parent: QWidget, show: Show) -> None:
        self.model = SidebarModel(parent)
        self.view = QListView(parent, objectName="sidebar")
        self.view.setModel(self.model)
        self._show = show
        self.pending: str | None = None  # a smart view to show once the counts have it
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)

    def _clicked(self, index: QModelIndex) -> None:
        key = str(index.data(KEY_ROLE) or "")
        kind, _, name = key.partition(":")
        if kind == "view":
            self._show(name)
        elif kind == "tag":
            self._show("all", name)
        elif kind == "feed":
            self._show("all", feed=int(name))
        elif kind == "smart":
            self._show("all", smart=name)

    def follow(self, req: ListRequest) -> None:
        """Highlight the entry the request lists (a tag or feed before its view)."""
        spot = ("tag", req.tag) if req.tag else ("view", req.view)
        if req.feed is not None:
            spot = ("feed", str(req.feed))
        if req.smart is not None:
            spot = ("smart", req.smart.name)
        row = self.model.row_for(*spot)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def want_smart(self, name: str) -> SmartView | None:
        """The smart view to show; None (remembered as pending) until the counts have it."""
        found = self.model.smart.get(name)
        self.pending = None if found is not None else name
        return found

    def smart_counted(self, views: list[tuple[SmartView, int]], req: ListRequest) -> None:
        """New smart views and counts; the list follows a view renamed, changed or removed."""
        self.model.set_smart(views)
        self.follow(req)  # a rebuilt side list has lost its current row
        shown = req.smart
        if self.pending is not None:
            self._show("all", smart=self.pending)
        elif shown is not None:
            now = next((v for v, _n in views if v.id == shown.id), None)
            if now is None:
                self._show("all")  # the view shown was removed
            elif (now.name, now.query) != (shown.name, shown.query):
                self._show("all", smart=now.name)  # renamed, or its query changed
