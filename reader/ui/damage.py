"""A damaged library database, wherever the window first meets it: one clear dialog."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from reader.core import backup
from reader.core.db import DB_NAME
from reader.ui.context import Context

# What SQLite (or DamagedLibraryError) says of a file it cannot trust; never busy or locked.
DAMAGE_SIGNS = ("malformed", "not a database", "file is encrypted", "is damaged")
TITLE = "The library database is damaged"
_DAMAGED_SENTENCE = re.compile(r"is damaged \((?P<detail>.*)\) and was left as it is")


def looks_damaged(text: object) -> bool:
    """True when an error message is SQLite reporting a damaged file."""
    low = str(text).lower()
    return any(sign in low for sign in DAMAGE_SIGNS)


def sqlite_detail(text: str, path: Path) -> str:
    """What SQLite said, without the wrappers that repeat the path."""
    found = _DAMAGED_SENTENCE.search(text)
    if found:
        return found["detail"]
    for prefix in ("search failed: ", f"cannot open {path}: "):
        text = text.removeprefix(prefix)
    return text


def advice(folder: Path) -> str:
    """What the user can do, in the order worth trying."""
    steps = [
        "Nothing has been changed or overwritten.",
        f"Open the folder and keep a copy of {DB_NAME} somewhere safe first.",
        f"Quit, then see what is wrong with:\n      reader --library {folder} check",
    ]
    good = backup.newest_good_backup(folder)
    if good is not None:
        steps.append(
            f"Go back to the newest good backup ({good.describe()}):\n"
            f"      reader --library {folder} backup restore {good.path.name}"
        )
    else:
        steps.append(f"No good backup was found in {backup.backups_dir(folder)}.")
    steps.append("Or start a new library folder and import your feed files again.")
    return "\n".join(f"• {step}" for step in steps)


class DamageReporter(QObject):
    """Watches the writer, the finder, the list and the panes for SQLite's damage errors and
    shows one dialog naming the file, with what can be done (quit, open the folder, check)."""

    def __init__(self, ctx: Context, folder: Path, show_empty: Callable[[str], None]) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.folder = folder
        self._show_empty = show_empty
        self.dialog: QMessageBox | None = None
        ctx.writer.open_failed.connect(self.check)
        ctx.writer.failed.connect(self.check)
        ctx.model.read_failed.connect(self.check)  # the finder's errors: MainWindow._listed

    @property
    def reported(self) -> bool:
        """True once the library was found damaged."""
        return self.dialog is not None

    def check(self, error: object) -> bool:
        """Report error if it says the database is damaged; True when it does."""
        if not looks_damaged(error):
            return False
        if self.dialog is None:
            self.dialog = self._build(str(error))
            # Out of whatever paint or slot found it: the dialog opens on a clean stack.
            QTimer.singleShot(0, self.dialog.open)
        return True

    def _build(self, detail: str) -> QMessageBox:
        path = self.folder / DB_NAME
        detail = sqlite_detail(detail, path)
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, "", parent=self.ctx.parent)
        box.setObjectName("damagedDialog")
        box.setText(f"Reader cannot read the library database\n{path}\n\nSQLite says: {detail}")
        # Wide enough for a path and a command on one line each.
        box.setStyleSheet("#qt_msgbox_label, #qt_msgbox_informativelabel { min-width: 520px; }")
        box.setInformativeText(advice(self.folder))
        quit_button = box.addButton("Quit Reader", QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Keep Window Open", QMessageBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.ctx.parent.close)
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        )
        self.ctx.report(f"The library database {path} is damaged: {detail}", 0)
        self._show_empty(f"The library database is damaged:\n{path}\n{detail}")
        return box
