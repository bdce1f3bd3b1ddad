"""The notes pane: a monospace Markdown editor with a rendered preview and debounced autosave."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui import render
from reader.ui.widgets.browser import SafeBrowser

AUTOSAVE_MS = 700
PREVIEW_MS = 150


class NotesPane(QWidget):
    """Edits one paper's note; emits note_edited(paper id, body) when a save is due."""

    note_edited = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper_id: int | None = None
        self._saved = ""
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self._render)
        self.editor = QPlainTextEdit(self, objectName="notesEditor")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText("Notes in Markdown — saved as you type.")
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._typed)
        self.preview = SafeBrowser(self)
        self.preview.setObjectName("notesPreview")
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.preview)
        self.split.setChildrenCollapsible(True)
        self.status = QLabel("", self, objectName="notesStatus")
        self.toggle = QToolButton(self, text="Preview", checkable=True, checked=True)
        self.toggle.setToolTip("Show or hide the rendered preview")
        self.toggle.toggled.connect(self.preview.setVisible)
        self._layout()
        self.set_paper(None, "")

    def _layout(self) -> None:
        head = QHBoxLayout()
        title = QLabel("<b>Notes</b>", self)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.status)
        head.addWidget(self.toggle)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(head)
        box.addWidget(self.split, 1)

    def set_paper(self, paper_id: int | None, body: str) -> None:
        """Show another paper's note; the previous one is flushed first."""
        self.flush()
        self.paper_id = paper_id
        self._saved = body
        self.editor.blockSignals(True)
        self.editor.setPlainText(body)
        self.editor.blockSignals(False)
        self.editor.setEnabled(paper_id is not None)
        self._render()
        self._say("")

    def take(self, text: str, message: str, *, warn: bool = False) -> None:
        """Show the note as stored now: changed elsewhere (the cursor stays), or both
        versions kept after a conflict (a warning; the cursor goes to the end, where this
        window's version now is)."""
        cursor = len(text) if warn else self.editor.textCursor().position()
        self._timer.stop()
        self._saved = text
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        moved = self.editor.textCursor()
        moved.setPosition(min(cursor, len(text)))
        self.editor.setTextCursor(moved)
        self._render()
        self._say(message, warn=warn)

    def body(self) -> str:
        """The text in the editor."""
        return self.editor.toPlainText()

    def dirty(self) -> bool:
        """True when the editor holds text not yet handed over for saving."""
        return self.paper_id is not None and self.body() != self._saved

    def flush(self) -> None:
        """Hand unsaved text over for saving now (selection change, close, quit)."""
        self._timer.stop()
        if self.dirty() and self.paper_id is not None:
            self._saved = self.body()
            self.note_edited.emit(self.paper_id, self._saved)
            self._say("Saving…")

    def mark_saved(self, paper_id: int) -> None:
        """The writer stored this paper's note."""
        if paper_id == self.paper_id and not self.dirty():
            self._say("Saved")

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.status.setText(text)
        if self.status.property("warning") != warn:
            self.status.setProperty("warning", warn)
            self.status.style().polish(self.status)  # the stylesheet colours warnings

    def _typed(self) -> None:
        self._say("Edited")
        self._timer.start()
        self._preview_timer.start()

    def _render(self) -> None:
        self._preview_timer.stop()
        text = self.body()
        if text.strip():
            self.preview.show_body(render.markdown_html(text))
        else:
            self.preview.show_body('<p class="empty">The rendered note shows here.</p>')
