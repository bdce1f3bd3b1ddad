"""The paper list's columns: which ones the listed papers fill, widths that give Title room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

# Shown only once a listed paper has something for them (a column of blanks is noise).
OPTIONAL = frozenset({"note", "author", "year", "date", "tags"})
# Left to right on screen; the model's column numbers stay as they were (tests, bindings).
VISUAL_ORDER = ("star", "note", "title", "author", "year", "date", "tags", "status")
# When the list pane is narrow these go first, so Title never needs a horizontal scrollbar.
DROP_ORDER = ("date", "tags", "author", "year")
TITLE_SHARE = 0.45  # the least share of the list's width Title keeps before columns drop
TITLE_LEAST = 180  # ... and the least pixels (about 24 characters)
SAMPLES = {
    "year": ("2024",),
    "date": ("Mar 17", "Sep 30"),
    "status": ("Archived", "Updated", "Pending", "Queued"),
}
ICON_WIDTH = 22
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def year_of(date: str) -> str:
    """'2023' for '2023-03-17', '2023-05' or '2023'; '' for a feed's year-less '--03-17'."""
    head = date[:4]
    return head if len(head) == 4 and head.isdigit() else ""


def month_day(date: str) -> str:
    """'Mar 17' for '2023-03-17' or '--03-17', 'May' for '2023-05', '' for a bare year."""
    rest = date[2:] if date.startswith("--") else date[5:] if year_of(date) else ""
    month = rest[:2]
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return ""
    day = rest[3:5]
    return f"{_MONTHS[int(month) - 1]} {day}" if day.isdigit() else _MONTHS[int(month) - 1]


def parse_widths(text: str) -> dict[str, int]:
    """'author:140,tags:90' (as saved) to a dict; anything malformed is skipped."""
    out: dict[str, int] = {}
    for part in text.split(","):
        key, _, value = part.partition(":")
        if key.strip() in VISUAL_ORDER and value.strip().isdigit():
            out[key.strip()] = int(value)
    return out


def format_widths(widths: dict[str, int]) -> str:
    """The inverse of parse_widths."""
    return ",".join(f"{k}:{v}" for k, v in sorted(widths.items()))


class ColumnFit(QObject):
    """Hides empty columns and sizes the rest; Title stretches into what is left.

    Runs again when the list's width changes or a fetched row fills a hidden column.
    Widths the user dragged are kept (and saved by the window's layout)."""

    def __init__(self, table: QTableView, keys: tuple[str, ...]) -> None:
        super().__init__(table)
        self.table = table
        self.keys = keys
        self.user_widths: dict[str, int] = {}
        self.filled: set[str] = set()
        self._fitting = False
        self.restoring = False  # a saved header state is being restored: not a user drag
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)
        self.arrange()

    def arrange(self) -> None:
        """Visual order and resize modes (again after a saved header state is restored)."""
        header = self.table.horizontalHeader()
        self._fitting = True
        for target, key in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(self.keys.index(key)), target)
        for column, key in enumerate(self.keys):
            stretch = key == "title"
            mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(column, mode)
        self._fitting = False
        self.schedule()

    def set_filled(self, filled: set[str]) -> None:
        """The optional columns the listed papers have something for."""
        if filled != self.filled:
            self.filled = set(filled)
            self.schedule()

    def schedule(self) -> None:
        """Fit after the current event (never inside a paint or a resize)."""
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.schedule()
        return False

    def shown(self) -> list[str]:
        """Keys of the columns on screen, left to right."""
        header = self.table.horizontalHeader()
        visible = [k for i, k in enumerate(self.keys) if not header.isSectionHidden(i)]
        return sorted(visible, key=VISUAL_ORDER.index)

    def fit(self) -> None:
        """Show the filled columns that fit beside a Title of TITLE_SHARE or TITLE_LEAST."""
        room = self.table.viewport().width()
        wanted = [k for k in VISUAL_ORDER if k not in OPTIONAL or k in self.filled]
        widths = {k: self._width(k, room) for k in wanted if k != "title"}
        least = max(room * TITLE_SHARE, TITLE_LEAST)
        # A column the user widened is what they want to see: it goes last.
        order = sorted(DROP_ORDER, key=lambda k: k in self.user_widths)
        for key in order:
            if room - sum(widths.values()) >= least:
                break
            widths.pop(key, None)
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for column, key in enumerate(self.keys):
                header.setSectionHidden(column, key != "title" and key not in widths)
                if key in widths and header.sectionSize(column) != widths[key]:
                    header.resizeSection(column, widths[key])
        finally:
            self._fitting = False

    def _width(self, key: str, room: int) -> int:
        if key in self.user_widths:
            return self.user_widths[key]
        if key in ("star", "note"):
            return ICON_WIDTH
        if key == "author":
            return max(90, min(200, int(room * 0.2)))
        if key == "tags":
            return max(60, min(140, int(room * 0.12)))
        bold = QFont(self.table.font())
        bold.setBold(True)  # new papers are listed in bold
        cells = QFontMetrics(bold)
        text = max(cells.horizontalAdvance(s) for s in SAMPLES.get(key, (key,)))
        header = self.table.horizontalHeader()
        label = str(self.table.model().headerData(self.keys.index(key), header.orientation()))
        # room for the sort arrow beside the label
        return max(text + 16, header.fontMetrics().horizontalAdvance(label) + 24)

    def _resized(self, column: int, _old: int, new: int) -> None:
        key = self.keys[column] if 0 <= column < len(self.keys) else "title"
        if self._fitting or self.restoring or key == "title" or new <= 0:
            return
        self.user_widths[key] = new
        self.schedule()
