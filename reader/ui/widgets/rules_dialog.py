"""The Rules dialog: rules with an on/off box; add, edit, remove; a dry-run preview; run now."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.rules import ACTIONS, Rule
from reader.ui.plain import plain, tooltip

_INTRO = (
    "A rule is a search and what to do to the papers it finds. Enabled rules run on the "
    "new papers of every import and refresh; “Run now” runs them on the whole library. "
    "Each run is one step that Undo takes back. Rules never touch notes."
)


class RulesDialog(QDialog):
    """Shows rules; the controller does the writes and answers previews."""

    save_requested = Signal(object, str, str, str)  # rule id or None, name, query, action
    remove_requested = Signal(str)
    enable_requested = Signal(str, bool)
    preview_requested = Signal(object)  # rule names, or None for every enabled rule
    run_requested = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle("Rules")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rules: list[Rule] = []
        self._editing: int | None = None
        self._filling = False
        self.table = QTableWidget(0, 4, self, objectName="rulesTable")
        self.table.setHorizontalHeaderLabels(["On", "Name", "Query", "Action"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col in (0, 1, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.name = QLineEdit(self, objectName="ruleName")
        self.query = QLineEdit(self, objectName="ruleQuery")
        self.query.setPlaceholderText("abstract:benchmark AND NOT tag:vision")
        self.action = QComboBox(self, objectName="ruleAction")
        self.action.addItems(list(ACTIONS))
        self.tag = QLineEdit(self, objectName="ruleTag")
        self.tag.setPlaceholderText("tag")
        self.save_button = QPushButton("&Save rule", self, objectName="ruleSave")
        self.new_button = QPushButton("&New", self, objectName="ruleNew")
        self.remove_button = QPushButton("Re&move", self, objectName="ruleRemove")
        self.preview_button = QPushButton("&Dry run", self, objectName="ruleDryRun")
        self.run_button = QPushButton("&Run now", self, objectName="ruleRun")
        self.summary = QLabel(self, objectName="rulesPreviewSummary")
        self.summary.setWordWrap(True)
        self.preview = QListWidget(self, objectName="rulesPreview")
        # A long title is cut with "…" (its tooltip has it whole): no sideways scrolling.
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.preview.setUniformItemSizes(True)
        self.message = QLabel(self, objectName="rulesMessage")
        plain(self.summary, self.message)  # they quote queries and titles
        self._layout()
        self._connect()
        self._update()
        self.resize(760, 600)

    def _layout(self) -> None:
        intro = QLabel(_INTRO, self)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Query:", self.query)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action)
        action_row.addWidget(self.tag, 1)
        action_label = QLabel("&Action:", self)
        action_label.setBuddy(self.action)
        form.addRow(action_label, action_row)
        edit_row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.remove_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.preview_button)
        edit_row.addWidget(self.run_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.table, 2)
        box.addLayout(form)
        box.addLayout(edit_row)
        box.addWidget(self.message)
        box.addWidget(self.summary)
        box.addWidget(self.preview, 2)
        box.addWidget(close)

    def _connect(self) -> None:
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemChanged.connect(self._toggled)
        self.action.currentTextChanged.connect(lambda _t: self._update())
        for field in (self.name, self.query, self.tag):
            field.textChanged.connect(lambda _t: self._update())
            field.returnPressed.connect(self._save)
        self.save_button.clicked.connect(self._save)
        self.new_button.clicked.connect(self.clear_form)
        self.remove_button.clicked.connect(self._remove)
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(self._scope()))
        self.run_button.clicked.connect(lambda: self.run_requested.emit(self._scope()))

    # -- what the controller calls ----------------------------------------------------

    def set_rules(self, rules: list[Rule]) -> None:
        """Show the rules, keeping the selected one selected."""
        keep = self.current_rule()
        self.rules = rules
        self._filling = True
        self.table.setRowCount(len(rules))
        for row, rule in enumerate(rules):
            box = QTableWidgetItem(
                "on" if rule.enabled else "off"
            )  # a box alone can vanish in dark
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, box)
            for col, text in ((1, rule.name), (2, rule.query), (3, f"→ {rule.spec}")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._filling = False
        ids = [r.id for r in rules]
        if keep is not None and keep.id in ids:
            self.table.selectRow(ids.index(keep.id))
        self._update()

    def show_preview(self, summary: str, lines: list[str]) -> None:
        """A dry run's (or a run's) result under the rules."""
        self.summary.setText(summary)
        self.preview.clear()
        self.preview.addItems(lines)
        for row, line in enumerate(lines):
            self.preview.item(row).setToolTip(tooltip(line) or "")

    def say(self, text: str) -> None:
        """A one-line message above the preview (errors, what was saved)."""
        self.message.setText(text)

    def current_rule(self) -> Rule | None:
        """The selected rule."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rules[rows[0].row()] if rows and rows[0].row() < len(self.rules) else None

    def clear_form(self) -> None:
        """An empty form, for a new rule."""
        self.table.clearSelection()
        self._editing = None
        for field in (self.name, self.query, self.tag):
            field.clear()
        self.action.setCurrentIndex(0)
        self.name.setFocus()

    # -- internals --------------------------------------------------------------------

    def _selected(self) -> None:
        rule = self.current_rule()
        if rule is None:
            self._update()
            return
        self._editing = rule.id
        self.name.setText(rule.name)
        self.query.setText(rule.query)
        self.action.setCurrentText(rule.action)
        self.tag.setText(rule.arg or "")
        self._update()

    def _toggled(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or item.row() >= len(self.rules):
            return
        on = item.checkState() == Qt.CheckState.Checked
        self.enable_requested.emit(self.rules[item.row()].name, on)

    def _spec(self) -> str:
        verb = self.action.currentText()
        return f"{verb}:{self.tag.text().strip()}" if verb in ("tag", "untag") else verb

    def _save(self) -> None:
        if self.save_button.isEnabled():
            self.save_requested.emit(
                self._editing, self.name.text(), self.query.text(), self._spec()
            )

    def _remove(self) -> None:
        rule = self.current_rule()
        if rule is not None:
            self.remove_requested.emit(rule.name)

    def _scope(self) -> list[str] | None:
        rule = self.current_rule()
        return [rule.name] if rule is not None else None

    def _update(self) -> None:
        needs_tag = self.action.currentText() in ("tag", "untag")
        self.tag.setEnabled(needs_tag)
        complete = bool(self.name.text().strip() and self.query.text().strip())
        self.save_button.setEnabled(complete and (bool(self.tag.text().strip()) or not needs_tag))
        self.remove_button.setEnabled(self.current_rule() is not None)
        has_rules = bool(self.rules)
        self.preview_button.setEnabled(has_rules)
        self.run_button.setEnabled(has_rules)
        chosen = self.current_rule()
        label = f"“{chosen.name}”" if chosen is not None else "enabled rules"
        self.preview_button.setToolTip(f"Show what the {label} would change, changing nothing")
        self.run_button.setToolTip(f"Run the {label} on the whole library now (one undo step)")
