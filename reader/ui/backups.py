"""Restoring a backup from the window: listed and restored on the writer thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from reader.core import backup
from reader.core.plural import plural
from reader.core.restore import Restored, restore_backup
from reader.ui.context import Context
from reader.ui.undo import UndoStack
from reader.ui.widgets.backups_dialog import BackupsDialog

# The day's backup waits until the window has been in use a while, so opening the window
# and the first keys never queue behind it on the writer.
DAILY_DELAY_MS = 30_000

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.tasks import Job


class Backups(QObject):
    """File ▸ Restore from Backup…; `restored` fires once the library holds the backup."""

    restored = Signal(object)  # Restored

    def __init__(self, ctx: Context, folder: Path, undo: UndoStack) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.folder = folder
        self.undo = undo
        self.dialog: BackupsDialog | None = None

    def schedule_daily(self, delay_ms: int = DAILY_DELAY_MS) -> None:
        """Back the library up on the writer soon, unless today's backup exists."""
        QTimer.singleShot(delay_ms, self, self._daily)

    def _daily(self) -> None:
        if not self.ctx.parent.isVisible():
            return  # the window closed meanwhile: its writer is gone
        self.ctx.writer.submit(
            lambda lib, _job: lib.daily_backup(),
            None,
            lambda exc: self.ctx.report(f"Today's backup failed: {exc}", 15000),
            writes=False,  # VACUUM INTO commits nothing: other processes' writes still show
        )

    def choose(self) -> None:
        """List the backups (off the GUI thread), then open the dialog."""
        self.ctx.writer.submit(
            lambda lib, _job: backup.list_backups(lib.folder),
            self._show,
            lambda exc: self.ctx.report(f"Cannot list backups: {exc}", 10000),
        )

    def _show(self, backups: list[backup.BackupInfo]) -> None:
        self.dialog = BackupsDialog(backups, self.folder, self.ctx.parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.chosen.connect(self.restore)
        self.dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog.finished.connect(lambda _r: self.ctx.back_to_list())
        self.dialog.open()

    def restore(self, path: Path) -> None:
        """Replace the library with the backup at path, on the writer thread."""
        self.ctx.report(f"Restoring {path.name}… (the current library is backed up first)", 0)

        def run(lib: Library, _job: Job) -> Restored:
            return restore_backup(lib, path)

        self.ctx.writer.submit(run, self._done, self._failed)

    def _done(self, done: Restored) -> None:
        self.undo.clear()  # the steps describe a library that is no longer there
        self.ctx.report(
            f"Restored {plural(done.papers, 'paper')} from {done.source.name}; the library as "
            f"it was is kept in {done.previous.name}.",
            20000,
        )
        self.restored.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self.ctx.report(f"Not restored: {exc}. The library was not changed.", 20000)
