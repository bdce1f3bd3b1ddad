"""The tag manager: every tag with its count; rename, merge into another, or delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.plural import plural
from reader.ui.plain import plain

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class TagDialog(QDialog):
    """Pick a tag; type a new name to rename it (an existing name merges); or delete it."""

    rename_requested = Signal(str, str)  # old, new
    delete_requested = Signal(str)
    quick_requested = Signal(str, int)  # tag, quick tag number (0: none)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle("Manage tags")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tags = QListWidget(self, objectName="tagList")
        self.field = QLineEdit(self, objectName="tagNewName")
        self.field.setPlaceholderText("New name, or an existing tag to merge into")
        self.rename_button = QPushButton("&Rename", self, objectName="tagRename")
        self.delete_button = QPushButton("&Delete", self, objectName="tagDelete")
        self.quick = QComboBox(self, objectName="tagQuick")
        self.quick.addItems(["No quick key", *(f"Quick tag {n}" for n in range(1, 10))])
        self.quick.setToolTip("Keys 1-9 in the list toggle the quick tags")
        self._quick: list[str] = []
        self.hint = QLabel(self, objectName="tagHint")
        self.hint.setWordWrap(True)
        plain(self.hint)  # it quotes tag names
        self._counts: dict[str, int] = {}
        self._layout()
        self.tags.currentItemChanged.connect(lambda *_: self._update())
        self.field.textChanged.connect(lambda _t: self._update())
        self.field.returnPressed.connect(self._rename)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._delete)
        self.quick.currentIndexChanged.connect(self._quick_picked)
        self.resize(420, 460)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        quick_row = QHBoxLayout()
        quick_row.addWidget(QLabel("&Key for the selected tag:", buddy=self.quick))
        quick_row.addWidget(self.quick, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("Tags match without regard to case and keep their first spelling."))
        box.addWidget(self.tags, 1)
        box.addLayout(row)
        box.addLayout(quick_row)
        box.addWidget(self.hint)
        box.addWidget(close)

    def set_tags(self, _views: object, tags: list[tuple[str, int]]) -> None:
        """New names and counts (from the finder); the selected tag stays selected."""
        keep = self.selected()
        self._counts = dict(tags)
        self.tags.clear()
        for name, count in tags:
            item = QListWidgetItem(f"{name}  ({count:,})")
            item.setData(NAME_ROLE, name)
            self.tags.addItem(item)
            if keep is not None and name.casefold() == keep.casefold():
                self.tags.setCurrentItem(item)
        if self.tags.currentItem() is None and self.tags.count():
            self.tags.setCurrentRow(0)
        self._update()

    def set_quick(self, tags: list[str]) -> None:
        """The quick tags now in use (position = number - 1, '' for a free number)."""
        self._quick = list(tags)
        self._update()

    def _quick_picked(self, number: int) -> None:
        name = self.selected()
        if name is not None:
            self.quick_requested.emit(name, number)

    def _quick_number(self, name: str) -> int:
        key = name.casefold()
        return next((i + 1 for i, t in enumerate(self._quick) if t.casefold() == key), 0)

    def selected(self) -> str | None:
        """The tag picked in the list."""
        item = self.tags.currentItem()
        return str(item.data(NAME_ROLE)) if item is not None else None

    def select(self, name: str) -> bool:
        """Pick a tag by name (case-insensitively)."""
        for row in range(self.tags.count()):
            if str(self.tags.item(row).data(NAME_ROLE)).casefold() == name.casefold():
                self.tags.setCurrentRow(row)
                return True
        return False

    def _target(self) -> str | None:
        new = " ".join(self.field.text().split()).casefold()
        old = (self.selected() or "").casefold()
        return next((n for n in self._counts if n.casefold() == new and new != old), None)

    def _update(self) -> None:
        old, target = self.selected(), self._target()
        self.rename_button.setText(f"&Merge into '{target}'" if target else "&Rename")
        self.rename_button.setEnabled(bool(old and self.field.text().strip()))
        self.delete_button.setEnabled(old is not None)
        self.quick.setEnabled(old is not None)
        self.quick.blockSignals(True)  # showing the tag's key is not choosing one
        self.quick.setCurrentIndex(self._quick_number(old) if old else 0)
        self.quick.blockSignals(False)
        if old is None:
            self.hint.setText(
                "No tags yet. Tag papers in the list (Paper ▸ Tag…), then rename, merge "
                "or delete the tags here."
            )
        elif target:
            self.hint.setText(
                f"'{old}' ({self._counts.get(old, 0):,}) will be merged into '{target}' "
                f"({self._counts[target]:,}). Ctrl+Z undoes it."
            )
        else:
            self.hint.setText(f"'{old}' is on {plural(self._counts.get(old, 0), 'paper')}.")

    def _rename(self) -> None:
        old, new = self.selected(), self.field.text().strip()
        if old and new:
            self.rename_requested.emit(old, new)
            self.field.clear()

    def _delete(self) -> None:
        if (old := self.selected()) is not None:
            self.delete_requested.emit(old)
