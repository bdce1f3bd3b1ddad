"""The tag prompt: a small dialog with a comma-aware completer over tags and their counts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.ui.plain import plain

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class TagCompleter(QCompleter):
    """Completes the last comma-separated part of the field; the popup shows counts."""

    def __init__(self, field: QLineEdit, tags: list[tuple[str, int]]) -> None:
        model = QStandardItemModel(field)
        for name, count in tags:
            item = QStandardItem(f"{name}  ({count})")
            item.setData(name, NAME_ROLE)  # EditRole would overwrite the shown text
            model.appendRow(item)
        super().__init__(model, field)
        self._field = field
        self.setCompletionRole(NAME_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex) -> str:
        head = self._field.text().rsplit(",", 1)
        done = head[0].strip() + ", " if len(head) == 2 else ""
        return done + str(index.data(NAME_ROLE))


class TagPrompt(QDialog):
    """Asks for tag names; submitted(names) on Enter (Enter on a completion completes too)."""

    submitted = Signal(list)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        hint: str,
        tags: list[tuple[str, int]],
        empty: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagPrompt")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.field = QLineEdit(self, objectName="tagField")
        self.field.setPlaceholderText(hint)
        self.field.setMinimumWidth(320)
        self.completer = TagCompleter(self.field, tags)
        self.field.setCompleter(self.completer)
        self.completer.popup().installEventFilter(self)
        self.completer.activated.connect(self._completed)
        self.field.returnPressed.connect(self._submit)
        self._enter = False
        self._submitted = False
        box = QVBoxLayout(self)
        heading = QLabel(title, self)
        plain(heading)  # callers may name papers or tags in it
        box.addWidget(heading)
        box.addWidget(self.field)
        if not tags:  # what to do when there is nothing to complete
            text = empty or "No tags yet: type new ones, separated by commas."
            box.addWidget(QLabel(text, self, objectName="tagPromptEmpty"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the popup both completes and submits, so `t vis⏎` is one gesture.
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self._enter = True
            if not self.completer.popup().currentIndex().isValid():
                QTimer.singleShot(0, self, self._submit)
        return False

    def _completed(self, _text: str) -> None:
        if self._enter:
            QTimer.singleShot(0, self, self._submit)

    def names(self) -> list[str]:
        """The names typed, trimmed, without empties or repeats (case-insensitively)."""
        seen: dict[str, str] = {}
        for part in self.field.text().split(","):
            name = " ".join(part.split())
            if name:
                seen.setdefault(name.casefold(), name)
        return list(seen.values())

    def _submit(self) -> None:
        if self._submitted:  # Enter on the popup may arrive by two routes
            return
        self._submitted = True
        names = self.names()
        self.accept()
        if names:
            self.submitted.emit(names)
