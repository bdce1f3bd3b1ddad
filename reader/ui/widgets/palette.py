"""The command palette: fuzzy search over every command's title and id, showing its keys."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands import CommandRegistry
from reader.ui.keymap import all_keys
from reader.ui.plain import plain, tooltip

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def fuzzy_score(query: str, text: str) -> int | None:
    """How well `query` matches `text` (higher is better), or None when it does not.

    Every word of the query must appear in order as a subsequence; whole-word and
    word-start hits score higher, so "star" puts "Star / unstar" before "Restore".
    """
    text = text.casefold()
    score = 0
    for word in query.casefold().split():
        if (at := text.find(word)) >= 0:
            end = at + len(word)
            starts_word = at == 0 or not text[at - 1].isalnum()
            ends_word = end == len(text) or not text[end].isalnum()
            score += 100 + 50 * starts_word + 30 * ends_word - min(at, 40)
            continue
        pos = 0
        for char in word:
            pos = text.find(char, pos) + 1
            if pos == 0:
                return None
        score += 10
    return score


def rank(query: str, title: str, cid: str) -> int | None:
    """fuzzy_score, with the title (or id) typed exactly first, then ones it begins."""
    score = fuzzy_score(query, f"{title} {cid}")
    if score is None:
        return None
    typed = " ".join(query.casefold().split())
    names = (title.casefold().rstrip("…. "), cid.casefold())
    if typed in names:
        return score + 10_000
    if any(name.startswith(typed) for name in names):
        return score + 5_000 - len(title)  # the shortest is the nearest to what was typed
    return score


class CommandListModel(QAbstractTableModel):
    """Commands matching a filter: title and keys; ID_ROLE gives the command id."""

    def __init__(self, registry: CommandRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._rows: list[tuple[str, str, str]] = []
        self.set_filter("")

    def set_filter(self, query: str) -> None:
        """Keep the commands matching query, best first (registry order among equals)."""
        scored = []
        for order, cid in enumerate(self._registry.ids()):
            title = self._registry.title(cid)
            score = rank(query, title, cid) if query.strip() else 0
            if score is not None:
                scored.append((-score, order, cid, title))
        self.beginResetModel()
        self._rows = [
            (cid, title, all_keys(self._registry, cid)) for _s, _o, cid, title in sorted(scored)
        ]
        self.endResetModel()

    def command_id(self, row: int) -> str | None:
        """The command on a row."""
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cid, title, keys = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title if index.column() == 0 else keys
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(cid)
        if role == ID_ROLE:
            return cid
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CommandPalette(QDialog):
    """Type to filter, Up/Down to choose, Enter to run, Esc to close."""

    def __init__(self, registry: CommandRegistry, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command palette")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._registry = registry
        self.model = CommandListModel(registry, self)
        self.field = QLineEdit(self, objectName="paletteField")
        self.field.setPlaceholderText("Type a command…")
        self.view = QTableView(self, objectName="paletteList")
        self.nothing = QLabel(self, objectName="paletteNothing")
        plain(self.nothing)  # it quotes what was typed
        self.nothing.hide()
        self._setup_view()
        self.field.textChanged.connect(self._filter)
        self.field.returnPressed.connect(self.run_current)
        self.field.installEventFilter(self)
        self.view.activated.connect(lambda _index: self.run_current())
        box = QVBoxLayout(self)
        box.addWidget(self.field)
        box.addWidget(self.view)
        box.addWidget(self.nothing)
        self.resize(560, 420)
        self._filter("")

    def _setup_view(self) -> None:
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        found = self.model.rowCount() > 0
        if found:
            self.view.selectRow(0)
        self.nothing.setText(f"No command matches “{text.strip()}”" if not found else "")
        self.nothing.setVisible(not found)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in moves
        ):
            self.view.keyPressEvent(event)
            return True
        return False

    def current_command(self) -> str | None:
        """The highlighted command id."""
        return self.model.command_id(self.view.currentIndex().row())

    def run_current(self) -> None:
        """Close, then run the highlighted command (so it acts on the window, not us)."""
        cid = self.current_command()
        self.accept()
        window = self.parentWidget()
        window.activateWindow()
        if cid is not None:
            self._registry.run(cid)
