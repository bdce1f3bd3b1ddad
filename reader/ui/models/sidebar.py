"""The side list: built-in views, smart views, tags, then feeds, each with its paper count."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from reader.core.listing import VIEWS, SmartView
from reader.core.subscriptions import Feed
from reader.ui.plain import tooltip

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    """One line: a view ("view", "inbox"), a tag ("tag", "nlp") or the tags heading."""

    kind: str
    key: str
    label: str
    count: int | None = None
    tip: str = ""  # a feed's source and how its last fetch went


FEEDS_HEADING = Entry("heading", "feeds", "Feeds")
SMART_HEADING = Entry("heading", "smart", "Smart views")


def _feed_tip(feed: Feed) -> str:
    if feed.last_fetch is None:
        state = "not fetched yet (F5 refreshes)"
    elif feed.last_error:
        state = f"last refresh failed: {feed.last_error}"
    else:
        state = f"last refresh {feed.last_fetch[:16].replace('T', ' ')}: {feed.last_new} new"
    return f"{feed.source}\n{feed.unread} new papers; {state}"


class SidebarModel(QAbstractListModel):
    """Views and tags; the tag part is replaced when counts come back."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._entries = [Entry("view", v.key, v.label) for v in VIEWS]
        self.smart: dict[str, SmartView] = {}
        self._heading = QFont()
        self._heading.setBold(True)

    def set_counts(self, views: dict[str, int], tags: list[tuple[str, int]]) -> None:
        """New counts; rows for views stay, the tag rows are rebuilt."""
        view_rows = [Entry("view", e.key, e.label, views.get(e.key)) for e in self._view_entries()]
        tag_rows = [Entry("tag", name, name, count) for name, count in tags]
        heading = [Entry("heading", "tags", "Tags")] if tag_rows else []
        self._replace(view_rows + self._smart_entries() + heading + tag_rows + self._feed_entries())

    def set_smart(self, views: list[tuple[SmartView, int]]) -> None:
        """The smart views, in the user's order, with their counts (after the views)."""
        rows = [Entry("smart", v.name, v.name, count, v.query) for v, count in views]
        self.smart = {v.name: v for v, _count in views}
        part = self._smart_entries()
        rest = [e for e in self._entries if e not in part]
        cut = len(self._view_entries())
        self._replace(rest[:cut] + ([SMART_HEADING] if rows else []) + rows + rest[cut:])

    def _replace(self, new: list[Entry]) -> None:
        if [(e.kind, e.key) for e in new] == [(e.kind, e.key) for e in self._entries]:
            self._entries = new
            self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
            return
        self.beginResetModel()
        self._entries = new
        self.endResetModel()

    def _smart_entries(self) -> list[Entry]:
        return [e for e in self._entries if e.kind == "smart" or e == SMART_HEADING]

    def set_feeds(self, feeds: list[Feed]) -> None:
        """The Feeds section (after the tags): each feed with its count of new papers."""
        rows = [Entry("feed", str(f.id), f.name, f.unread, _feed_tip(f)) for f in feeds]
        feed_part = self._feed_entries()
        kept = [e for e in self._entries if e not in feed_part]
        new = kept + ([Entry("heading", "feeds", "Feeds")] if rows else []) + rows
        self.beginResetModel()
        self._entries = new
        self.endResetModel()

    def _feed_entries(self) -> list[Entry]:
        return [e for e in self._entries if e.kind == "feed" or e == FEEDS_HEADING]

    def _view_entries(self) -> list[Entry]:
        return [e for e in self._entries if e.kind == "view"]

    def entry(self, row: int) -> Entry | None:
        """The entry on a row."""
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_for(self, kind: str, key: str) -> int | None:
        """The row of a view or tag."""
        for row, e in enumerate(self._entries):
            if e.kind == kind and (e.key == key or (kind == "tag" and e.key.casefold() == key)):
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return Qt.ItemFlag.NoItemFlags
        if entry.kind == "heading":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if entry.count is None:
                return entry.label
            if entry.kind == "feed" and "failed" in entry.tip:
                return f"{entry.label}  ({entry.count:,})  ⚠"
            return f"{entry.label}  ({entry.count:,})"
        if role == KEY_ROLE:
            return f"{entry.kind}:{entry.key}"
        if role == Qt.ItemDataRole.FontRole and entry.kind == "heading":
            return self._heading
        if role == Qt.ItemDataRole.ToolTipRole and entry.kind == "tag":
            return tooltip(f"Papers tagged {entry.label}")
        if role == Qt.ItemDataRole.ToolTipRole and entry.kind == "smart":
            return tooltip(f"Smart view: {entry.tip}")
        if role == Qt.ItemDataRole.ToolTipRole and entry.kind == "feed":
            return tooltip(entry.tip)
        if (
            role == Qt.ItemDataRole.DecorationRole
            and entry.kind == "feed"
            and "failed" in entry.tip
        ):
            return QIcon.fromTheme("dialog-warning")
        return None
