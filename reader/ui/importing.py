"""Importing from the GUI: File ▸ Import… and dropped files, on the writer thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.core.changes import Changes
from reader.core.importer import ImportCancelled, ImportReport
from reader.core.models import ParseResult
from reader.feeds.detect import label_of
from reader.feeds.errors import FeedError
from reader.feeds.files import read_feed
from reader.ui.context import Context
from reader.ui.library_ops import import_step
from reader.ui.plain import plain
from reader.ui.tasks import Job
from reader.ui.undo import Step, UndoStack
from reader.ui.widgets.import_panel import ImportPanel

if TYPE_CHECKING:
    from reader.core.library import Library

# Only a convenience: the parser is chosen from the content, whatever the name says.
FEED_FILTER = "Papers (*.txt *.json *.xml *.atom *.rss *.bib *.ris);;All files (*)"


def _import_parsed(lib: Library, job: Job, parsed: ParseResult, path: Path) -> ImportReport:
    if job.cancelled():
        raise ImportCancelled()
    return lib.import_records(
        parsed.records,
        f"{parsed.kind}:{path.name}",
        kind=parsed.kind,
        skipped=parsed.skipped,
        progress=job.progress_cb,
        cancelled=job.cancelled,
    )


@dataclass(frozen=True)
class ImportDone:
    """An import's report, and the step that undoes it (None when it changed nothing)."""

    report: ImportReport
    step: Step | None

    @property
    def changes(self) -> Changes:
        """What the writer announces to the window."""
        return self.report.changes


def run_import(lib: Library, job: Job, path: Path) -> ImportDone:
    """The writer-side work: read, parse and merge one feed file, keeping the records so
    redo can import them again."""
    # The core checks Cancel every 200 records; check here too so a cancel that
    # arrives while the job is queued, or while the file is parsed, also counts.
    if job.cancelled():
        raise ImportCancelled()
    parsed = read_feed(path)
    report = _import_parsed(lib, job, parsed, path)
    return ImportDone(report, import_step(report, parsed.records, parsed.kind))


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The first local file a drag carries."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            return Path(url.toLocalFile())
    return None


class Importer(QObject):
    """One import at a time; progress in the status bar; summary or error at the end."""

    finished = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, ctx: Context, undo: UndoStack | None = None) -> None:
        super().__init__(ctx.parent)
        self._undo = undo
        self._window = ctx.parent
        self._writer = ctx.writer
        self._status = ctx.status
        self.job: Job | None = None
        self.dialog: QMessageBox | None = None
        self.panel = ImportPanel(ctx.parent)
        ctx.status.addPermanentWidget(self.panel)
        self.panel.cancel_requested.connect(self.cancel)
        ctx.writer.progressed.connect(self._progressed)

    def choose(self) -> None:
        """File ▸ Import…: ask for a file, then import it."""
        name, _ = QFileDialog.getOpenFileName(self._window, "Import a feed", "", FEED_FILTER)
        if name:
            self.start(Path(name))

    def start(self, path: Path) -> Job | None:
        """Import a file in the background; None when another import is running."""
        if self.job is not None:
            self._status.showMessage("An import is already running.", 5000)
            return None
        self.panel.begin(path.name)
        if self._undo is not None:
            self._undo.expect()  # an undo pressed meanwhile waits for this import's step
        self.job = self._writer.submit(
            lambda lib, job: run_import(lib, job, path), self._done_step, self._error
        )
        return self.job

    def cancel(self) -> None:
        """Stop the running import; nothing it read is kept."""
        if self.job is not None:
            self.job.cancel()
            self.panel.cancelling()

    def _progressed(self, job_id: int, done: int, total: int) -> None:
        if self.job is not None and job_id == self.job.id:
            self.panel.progress(done, total)

    def _done_step(self, done: ImportDone) -> None:
        if self._undo is not None:
            self._undo.settle(done.step)  # Edit ▸ Undo takes the whole import back
        self._done(done.report)

    def _done(self, report: ImportReport) -> None:
        self.job = None
        self.panel.end()
        name = report.source.split(":", 1)[-1]
        summary = f"{report.summary()} ({label_of(report.source)})"
        self._status.showMessage(f"Imported {name}: {summary}", 15000)
        if report.skipped:
            lines = [f"{s.where}: {s.reason}" for s in report.skipped[:20]]
            self._show(QMessageBox.Icon.Information, f"Imported {name}", summary, lines)
        self.finished.emit(report)

    def _error(self, exc: BaseException) -> None:
        self.job = None
        if self._undo is not None:
            self._undo.settle(None)
        self.panel.end()
        if isinstance(exc, ImportCancelled):
            message = "Import cancelled; the library was not changed."
            self._status.showMessage(message, 10000)
        else:
            detail = str(exc) if isinstance(exc, FeedError) else f"{type(exc).__name__}: {exc}"
            message = f"Import failed; the library was not changed.\n\n{detail}"
            self._status.showMessage("Import failed; the library was not changed.", 15000)
            self._show(QMessageBox.Icon.Warning, "Import failed", message, [])
        self.failed.emit(message)

    def _show(self, icon: QMessageBox.Icon, title: str, text: str, details: list[str]) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        plain(box)
        if details:
            box.setDetailedText("\n".join(details))
        self.dialog = box
        box.open()  # not exec(): the window keeps running

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Dropped files anywhere on the window (even on the editors) are imported."""
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_file(event) is not None:  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop:
            path = dropped_file(event)  # type: ignore[arg-type]
            if path is not None:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.start(path)
                return True
        return False
