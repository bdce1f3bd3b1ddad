"""Ctrl+= / Ctrl+- / Ctrl+0: the list and the panes in a larger or smaller font, remembered."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

ZOOM_KEY = "view/zoom"
FACTORS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.35, 1.5, 1.7, 2.0, 2.4)
NORMAL = FACTORS.index(1.0)


def scaled(base: QFont, factor: float) -> QFont:
    """base, its size multiplied (pixel-sized fonts stay pixel-sized)."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(round(base.pointSizeF() * factor * 2) / 2)  # half points
    elif base.pixelSize() > 0:
        font.setPixelSize(max(6, round(base.pixelSize() * factor)))
    return font


class Zoom:
    """Scales each pane's own font from the size it had at start (the notes editor keeps
    its fixed-width family); row heights follow the list's font (PaperTable)."""

    def __init__(
        self,
        widgets: Iterable[QWidget],
        store: QSettings,
        report: Callable[[str, int], None],
    ) -> None:
        self._bases = [(w, QFont(w.font())) for w in widgets]
        self._store = store
        self._report = report
        try:
            saved = int(str(store.value(ZOOM_KEY, 0)))
        except ValueError:
            saved = 0
        self.step = max(-NORMAL, min(len(FACTORS) - 1 - NORMAL, saved))
        self._apply()

    @property
    def factor(self) -> float:
        """The current scale (1.0: the system font size)."""
        return FACTORS[NORMAL + self.step]

    def zoom(self, delta: int) -> None:
        """One step larger (+1) or smaller (-1), within the range; remembered."""
        step = max(-NORMAL, min(len(FACTORS) - 1 - NORMAL, self.step + delta))
        if step == self.step:
            end = "largest" if delta > 0 else "smallest"
            self._report(f"Text size is already at its {end}", 3000)
            return
        self._set(step)

    def reset(self) -> None:
        """Back to the system font size."""
        self._set(0)

    def use(self, step: int) -> None:
        """A zoom step applied now, not remembered (screenshots)."""
        self.step = step
        self._apply()

    def _set(self, step: int) -> None:
        self.use(step)
        self._store.setValue(ZOOM_KEY, step)
        self._report(f"Text size {round(self.factor * 100)} %", 3000)

    def _apply(self) -> None:
        for widget, base in self._bases:
            widget.setFont(scaled(base, self.factor))
