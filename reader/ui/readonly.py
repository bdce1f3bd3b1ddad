"""A library the window may read but not write: a banner, and write commands that say why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from reader.ui.commands import CommandRegistry

# Every command that would change the library; the others (moving, searching, copying,
# exporting) keep working.
WRITE_COMMANDS = (
    "paper.star",
    "paper.queue",
    "paper.read",
    "paper.unread",
    "paper.archive",
    "tag.add",
    "tag.remove",
    "paper.trash",
    "paper.restore",
    "edit.undo",
    "edit.redo",
    "tags.manage",
    "trash.empty",
    "file.import",
    "file.undo_import",
    "file.restore_backup",
    "feeds.refresh",
    "feeds.add",
    "paper.add_ids",
    "list.paste",
    "rules.run",
    "view.smart_save",
    "view.smart_rename",
    "view.smart_remove",
    "view.smart_up",
    "view.smart_down",
)


def is_write(cid: str) -> bool:
    """True for commands that change the library."""
    return cid in WRITE_COMMANDS or cid.startswith("tag.quick")


def apply(w: QMainWindow, reason: str, commands: CommandRegistry, editor: QPlainTextEdit) -> QLabel:
    """Open read-only: a banner above the panes (returned), a read-only notes editor, and
    write commands (menus, keys, palette) that report why instead of running."""
    w.setWindowTitle(f"{w.windowTitle()} (read-only)")
    banner = QLabel(
        f"Read-only library: {reason}. Reading, searching, copying and exporting work; "
        "starring, tagging, notes and imports are off.",
        objectName="readOnlyBanner",
    )
    banner.setWordWrap(True)
    banner.setStyleSheet("background: #fff3c4; color: #3d3000; padding: 6px 10px;")
    panes = w.takeCentralWidget()  # not setCentralWidget directly: that deletes the panes
    central = QWidget(w)
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(banner)
    column.addWidget(panes, 1)
    w.setCentralWidget(central)
    editor.setReadOnly(True)
    editor.setPlaceholderText("Notes cannot be written: the library is read-only.")
    for cid in commands.ids():
        if is_write(cid):
            title = commands.title(cid).rstrip("…").lower()
            commands.refuse(cid, lambda _controllers, t=title: refuse(w, t, reason))
    return banner


def refuse(w: QMainWindow, what: str, reason: str) -> None:
    """Say in the status bar why a write did not happen."""
    w.statusBar().showMessage(f"Not done ({what}): the library is read-only — {reason}.", 8000)
