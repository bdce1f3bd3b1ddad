"""The Export… dialog: format, which papers, notes, and whether to keep the file up to date."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.plural import plural
from reader.export import FORMATS

SCOPES = ("selection", "list", "tag", "starred", "all")
ALWAYS_NOTES = frozenset({"markdown"})  # a reading list carries the notes by design


@dataclass
class ExportChoice:
    """What the user picked; remembered between exports."""

    fmt: str = "bibtex"
    scope: str = "list"
    tag: str = ""
    include_notes: bool = False
    keep: bool = False


@dataclass
class ScopeFacts:
    """What the window can tell the dialog about each scope."""

    selected: int = 0
    list_label: str = "The current list"
    listed: int = 0
    tags: list[tuple[str, int]] = field(default_factory=list)


class ExportDialog(QDialog):
    """Pick a format and a scope; accept() means "ask for a file name and export"."""

    def __init__(self, facts: ScopeFacts, choice: ExportChoice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.facts = facts
        self.format_combo = QComboBox(self, objectName="exportFormat")
        for fmt in FORMATS.values():
            self.format_combo.addItem(fmt.label, fmt.name)
        self.tag_combo = QComboBox(self, objectName="exportTag")
        for name, count in facts.tags:
            self.tag_combo.addItem(f"{name}  ({plural(count, 'paper')})", name)
        self.scope_group = QButtonGroup(self)
        self.notes_box = QCheckBox("Include &notes", self, objectName="exportNotes")
        self.keep_box = QCheckBox(
            "&Keep this file up to date (rewritten whenever its papers change)",
            self,
            objectName="exportKeep",
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel, self, objectName="exportButtons"
        )
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._build()
        self.set_choice(choice)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.scope_group.idToggled.connect(lambda *_: self._update())
        self.format_combo.currentIndexChanged.connect(lambda *_: self._update())
        self.tag_combo.activated.connect(lambda *_: self._check_tag())

    def _build(self) -> None:
        scopes = QWidget(self)
        grid = QGridLayout(scopes)
        grid.setContentsMargins(0, 0, 0, 0)
        facts = self.facts
        labels = {
            "selection": f"The &selection ({plural(facts.selected, 'paper')})",
            "list": f"The &current list: {facts.list_label} ({plural(facts.listed, 'paper')})",
            "tag": "Papers &tagged",
            "starred": "St&arred papers",
            "all": "E&very paper (not in the trash)",
        }
        for row, scope in enumerate(SCOPES):
            button = QRadioButton(labels[scope], scopes, objectName=f"scope-{scope}")
            self.scope_group.addButton(button, row)
            grid.addWidget(button, row, 0, 1, 1 if scope == "tag" else 2)
        grid.addWidget(self.tag_combo, SCOPES.index("tag"), 1)
        grid.setColumnStretch(1, 1)
        self.scope_button("selection").setEnabled(facts.selected > 0)
        self.scope_button("tag").setEnabled(bool(facts.tags))
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("Papers:", scopes)
        form.addRow("", self.notes_box)
        form.addRow("", self.keep_box)
        self.keep_hint = QLabel(self, objectName="exportKeepHint", wordWrap=True)
        self.keep_hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", self.keep_hint)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def scope_button(self, scope: str) -> QRadioButton:
        """The radio button of a scope."""
        button = self.scope_group.button(SCOPES.index(scope))
        assert isinstance(button, QRadioButton)
        return button

    def set_choice(self, choice: ExportChoice) -> None:
        """Show a choice; scopes that are not available fall back to the current list."""
        index = self.format_combo.findData(choice.fmt)
        self.format_combo.setCurrentIndex(max(index, 0))
        scope = choice.scope if choice.scope in SCOPES else "list"
        if not self.scope_button(scope).isEnabled():
            scope = "list"
        self.scope_button(scope).setChecked(True)
        self.tag_combo.setCurrentIndex(max(self.tag_combo.findData(choice.tag), 0))
        self.notes_box.setChecked(choice.include_notes)
        self.keep_box.setChecked(choice.keep)
        self._update()

    def choice(self) -> ExportChoice:
        """What is picked now."""
        return ExportChoice(
            fmt=str(self.format_combo.currentData()),
            scope=SCOPES[self.scope_group.checkedId()],
            tag=str(self.tag_combo.currentData() or ""),
            include_notes=self.notes_box.isChecked(),
            keep=self.keep_box.isChecked() and self.keep_box.isEnabled(),
        )

    def _check_tag(self) -> None:
        if self.tag_combo.count():
            self.scope_button("tag").setChecked(True)

    def _update(self) -> None:
        scope = SCOPES[self.scope_group.checkedId()] if self.scope_group.checkedId() >= 0 else ""
        keepable = scope != "selection"
        self.keep_box.setEnabled(keepable)
        self.keep_hint.setText(
            ""
            if keepable
            else "A hand-picked selection cannot be kept up to date: choose the current "
            "list, a tag, starred or every paper for that."
        )
        self.keep_hint.setVisible(not keepable)
        always = self.format_combo.currentData() in ALWAYS_NOTES
        self.notes_box.setEnabled(not always)
        self.notes_box.setToolTip("A Markdown reading list always has the notes" if always else "")
        self.adjustSize()
