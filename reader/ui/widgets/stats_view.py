"""The statistics dialog: papers in vs triaged per week and read per tag, drawn with QPainter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from reader.core.plural import plural
from reader.core.stats import Stats

# Mid-tone hues that read on light and dark backgrounds alike; text and axes take the
# palette's own colours, so they follow the theme.
ARRIVED = QColor("#4C8DF6")
TRIAGED = QColor("#E8912D")


def _nice(value: int) -> int:
    """The axis top: value rounded up to an even number of its second digit's units
    (107 -> 120, 15 -> 16), so the middle line is a whole number too."""
    unit = 2 * 10 ** max(0, len(str(max(1, value))) - 2)
    return max(2, -(-value // unit) * unit)


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1 / 24:
        return "under an hour"
    return f"{value * 24:.0f} hours" if value < 1 else f"{value:.1f} days"


class WeeklyChart(QWidget):
    """Two bars per week: papers that arrived, papers first triaged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weeklyChart")
        self.weeks: list[tuple[str, int, int]] = []
        self.setMinimumSize(520, 220)

    def set_weeks(self, weeks: list[tuple[str, int, int]]) -> None:
        """(Monday as YYYY-MM-DD, arrived, triaged), oldest first."""
        self.weeks = weeks
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        top = _nice(max((max(a, t) for _w, a, t in self.weeks), default=0))
        left = metrics.horizontalAdvance(f"{top:,}") + 10
        plot = QRectF(left, line + 8, self.width() - left - 8, self.height() - 2 * line - 16)
        self._legend(painter, text, line)
        self._grid(painter, plot, top, text, line)
        if self.weeks:
            self._bars(painter, plot, top, text, line)

    def _grid(self, painter: QPainter, plot: QRectF, top: int, text: QColor, line: int) -> None:
        grid = QColor(text)
        grid.setAlpha(80)
        for frac in (0.0, 0.5, 1.0):
            y = plot.bottom() - frac * plot.height()
            painter.setPen(grid)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text)
            where = QRectF(0, y - line / 2, plot.left() - 6, line)
            painter.drawText(where, Qt.AlignmentFlag.AlignRight, f"{round(top * frac):,}")

    def _bars(self, painter: QPainter, plot: QRectF, top: int, text: QColor, line: int) -> None:
        slot = plot.width() / len(self.weeks)
        bar = max(2.0, slot * 0.35)
        every = max(1, len(self.weeks) // 6)  # dates under some weeks only, so they fit
        painter.setPen(text)
        for n, (start, arrived, triaged) in enumerate(self.weeks):
            x = plot.left() + n * slot + (slot - 2 * bar) / 2
            for k, (value, colour) in enumerate(((arrived, ARRIVED), (triaged, TRIAGED))):
                h = plot.height() * value / top
                painter.fillRect(QRectF(x + k * bar, plot.bottom() - h, bar - 1, h), colour)
            if n % every == 0:
                label = date.fromisoformat(start).strftime("%b %d")
                rect = QRectF(plot.left() + (n - 1) * slot, plot.bottom() + 4, 3 * slot, line)
                painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, label)

    def _legend(self, painter: QPainter, text: QColor, line: int) -> None:
        x = self.width() - 8
        for label, colour in (("triaged", TRIAGED), ("arrived", ARRIVED)):
            width = QFontMetrics(self.font()).horizontalAdvance(label)
            x -= width
            painter.setPen(text)
            painter.drawText(int(x), 0, width, line, Qt.AlignmentFlag.AlignLeft, label)
            x -= line
            painter.fillRect(QRectF(x, line * 0.2, line * 0.7, line * 0.7), colour)
            x -= 14


class TagBars(QWidget):
    """One bar per tag: its papers, the read share filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagBars")
        self.tags: list[tuple[str, int, int]] = []

    def set_tags(self, tags: list[tuple[str, int, int]]) -> None:
        """(tag, papers, read), at most eight shown."""
        self.tags = tags[:8]
        self.setMinimumHeight(max(1, len(self.tags)) * (QFontMetrics(self.font()).height() + 6))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        track = QColor(text)
        track.setAlpha(70)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        names = [metrics.horizontalAdvance(t) for t, _p, _r in self.tags]
        label_w = min(160, max(names, default=0))
        count_w = metrics.horizontalAdvance("0,000 of 0,000 read")
        width = max(10, self.width() - label_w - count_w - 24)
        most = max((p for _t, p, _r in self.tags), default=1)
        right = Qt.AlignmentFlag.AlignRight
        for n, (tag, papers, read) in enumerate(self.tags):
            y = n * (line + 6)
            painter.setPen(text)
            name = metrics.elidedText(tag, Qt.TextElideMode.ElideMiddle, label_w)
            painter.drawText(0, y, label_w, line, right, name)
            full = width * papers / most
            painter.fillRect(QRectF(label_w + 8, y + 2, full, line - 4), track)
            done = full * read / max(1, papers)
            painter.fillRect(QRectF(label_w + 8, y + 2, done, line - 4), TRIAGED)
            where = QRectF(label_w + 16 + width, y, count_w, line)
            painter.drawText(where, Qt.AlignmentFlag.AlignLeft, f"{read:,} of {papers:,} read")


class StatsDialog(QDialog):
    """The weekly chart, the backlog and delays in words, and read per tag."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("statsDialog")
        self.setWindowTitle("Reading statistics")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chart = WeeklyChart(self)
        self.tag_bars = TagBars(self)
        self.backlog = QLabel(self, objectName="statsBacklog")
        self.delay = QLabel(self, objectName="statsDelay")
        self.note = QLabel(self, objectName="statsNote")
        self.note.setWordWrap(True)
        for label in (self.backlog, self.delay):
            label.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        facts = QFormLayout()
        facts.addRow("Backlog:", self.backlog)
        facts.addRow("Arrival to decision:", self.delay)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("<b>Papers in vs triaged, per week</b>", self))
        box.addWidget(self.chart, 1)
        box.addLayout(facts)
        box.addWidget(QLabel("<b>Read per tag</b>", self))
        box.addWidget(self.tag_bars)
        box.addWidget(self.note)
        box.addWidget(close)
        self.resize(640, 560)

    def set_stats(self, stats: Stats) -> None:
        """Fill the dialog from computed statistics."""
        self.chart.set_weeks([(w.start, w.arrived, w.triaged) for w in stats.weeks])
        ages = ", ".join(f"{n:,} {label}" for label, n in stats.backlog_ages.items() if n)
        oldest = f"; the oldest has waited {_days(stats.oldest_days)}" if stats.backlog else ""
        self.backlog.setText(
            f"{plural(stats.backlog, 'paper')} in the Inbox ({ages or 'none'}){oldest}"
        )
        self.delay.setText(
            f"median {_days(stats.median_days)}, 90% within {_days(stats.p90_days)} "
            f"({plural(stats.decided, 'paper')} decided)"
        )
        self.tag_bars.set_tags([(t.tag, t.papers, t.read) for t in stats.tags])
        self.note.setText(
            "" if stats.tags else "No tags yet: tag papers to see how much of each you read."
        )
