"""The search field above the list: debounced search-as-you-type, Esc/Return to the list."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 100  # a pause this long in typing searches; older searches are skipped
PLACEHOLDER = 'Search  (e.g. transformer  is:starred  "exact phrase")'


def placeholder(author: str | None = None, tag: str | None = None) -> str:
    """The field's hint, with author: and tag: examples only where the library has one."""
    parts = ["transformer", "is:starred"]
    if tag and re.fullmatch(r"[\w.-]+", tag):
        parts.append(f"tag:{tag}")
    if author and re.fullmatch(r"\w+", author):
        parts.append(f"author:{author.lower()}")
    return f'Search  (e.g. {"  ".join(parts)}  "exact phrase")'


class SearchBar(QLineEdit):
    """Emits query_changed(text) once typing pauses; escaped() on Esc and went_down() on
    Down (back to the list), submitted() on Return (to the first result). Leaving applies
    a query still waiting for the pause; it never clears it (Esc in the list does that)."""

    query_changed = Signal(str)
    escaped = Signal()
    went_down = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self._last = ""
        self._slash_focused = False  # focused by `/`, nothing typed since
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.fire)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._enter)

    def offer_examples(self, author: str | None, tag: str | None) -> None:
        """Examples in the hint that match something in this library (None: leave out)."""
        self.setPlaceholderText(placeholder(author, tag))

    def take_focus(self) -> None:
        """`/`: focus with the query selected, so typing replaces it."""
        self.setFocus()
        self.selectAll()
        self._slash_focused = True

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._slash_focused = False
        super().focusOutEvent(event)

    def set_query(self, text: str) -> None:
        """Put text in the field without waiting for the debounce."""
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)
        self._last = text.strip()

    def fire(self) -> None:
        """Emit now if the query differs from the last one emitted."""
        self._timer.stop()
        text = self.text().strip()
        if text != self._last:
            self._last = text
            self.query_changed.emit(text)

    def _enter(self) -> None:
        self.fire()
        self.submitted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A second `/` (a double tap, the key held down) is not the start of a query:
        # it would replace the selected one with "/". A `/` typed later (a DOI) is text.
        slash = event.text() == "/"
        if slash and (self._slash_focused or event.isAutoRepeat()):
            return
        if event.text():
            self._slash_focused = False
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Down):
            self.fire()
            (self.escaped if event.key() == Qt.Key.Key_Escape else self.went_down).emit()
            return
        super().keyPressEvent(event)
