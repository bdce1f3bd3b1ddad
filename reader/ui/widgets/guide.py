"""The first-launch guide above the list: five keys, where import is, `?` for the rest."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

KeyOf = Callable[[str], str]  # command id -> its first key as shown, or ""
# The five keys that matter, by command (so a user's own keys show): what each does.
FIVE = (
    (("list.next", "list.previous"), "next / previous paper"),
    (("paper.star",), "star"),
    (("paper.queue",), "queue to read"),
    (("paper.archive",), "archive (done)"),
    (("search.focus",), "search"),
)


def guide_html(key_of: KeyOf) -> str:
    """The guide's text, with the keys in effect (a command without a key is left out)."""
    items = []
    for cids, what in FIVE:
        keys = [k for k in (key_of(c) for c in cids) if k]
        if keys:
            shown = "&nbsp;/&nbsp;".join(f"<b>{html.escape(k)}</b>" for k in keys)
            # A key and what it does never part at a line end.
            items.append(f"{shown}&nbsp;{html.escape(what).replace(' ', '&nbsp;')}")
    imp = key_of("file.import")
    every = key_of("help.keys")
    return (
        "<b>Welcome to Reader.</b> New papers wait in the Inbox; five keys do most of the work: "
        + " &nbsp;·&nbsp; ".join(items)
        + ".<br/>Add papers with <b>File ▸ Import…</b>"
        + (f" ({html.escape(imp)})" if imp else "")
        + " or by dropping a feed file on the window."
        + (f" Press <b>{html.escape(every)}</b> for every key." if every else "")
    )


class Guide(QFrame):
    """A dismissable strip; dismissed() once the user has read it."""

    dismissed = Signal()

    def __init__(self, key_of: KeyOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstGuide")
        self.text = QLabel(guide_html(key_of), self, objectName="guideText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.close_button = QPushButton("Got it", self, objectName="guideDismiss")
        self.close_button.setToolTip("Hide this guide for good (Help ▸ Welcome guide shows it)")
        self.close_button.clicked.connect(self._dismiss)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 6, 6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
