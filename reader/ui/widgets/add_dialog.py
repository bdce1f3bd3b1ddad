"""Add by identifier: arXiv ids, DOIs and paper URLs, one per line; lines that are not
identifiers are named before anything is added."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import PaperRecord
from reader.feeds.idlist import identifier

HINT = (
    "One per line: arXiv ids (2106.01548, hep-th/9901001), arXiv or Hugging Face paper URLs, "
    "DOIs (10.1145/…) or doi.org URLs. Their metadata is fetched in the background."
)


def read_ids(text: str) -> tuple[list[PaperRecord], list[str]]:
    """Pending records for the identifier lines, and the lines that are not identifiers."""
    records, bad = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        record = identifier(line)
        if record is None:
            bad.append(line.strip())
        else:
            records.append(record)
    return records, bad


class AddDialog(QDialog):
    """Asks for identifiers; submitted(records) once every line is one."""

    submitted = Signal(list)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("addDialog")
        self.setWindowTitle("Add papers by identifier")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        self.field = QPlainTextEdit(self, objectName="idsField")
        self.field.setPlaceholderText("2106.01548\nhttps://huggingface.co/papers/2410.12345")
        self.problem = QLabel(self, objectName="idsProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # pasted text stays inert
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (hint, self.field, self.problem, buttons):
            box.addWidget(widget)
        self.resize(520, 300)

    def submit(self) -> None:
        """Add, unless a line is not an identifier (then say which and stay open)."""
        records, bad = read_ids(self.field.toPlainText())
        if bad or not records:
            first = f"Not an identifier: {bad[0]}" if bad else "Type or paste identifiers."
            self.problem.setText(first + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""))
            self.problem.show()
            return
        self.submitted.emit(records)
        self.accept()
