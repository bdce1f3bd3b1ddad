"""Importing from the GUI: File ▸ Import… (several files), dropped files and pasted text,
all on the writer thread through one path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.core.changes import Changes
from reader.core.importer import ImportCancelled, ImportReport
from reader.core.models import PaperRecord, ParseResult
from reader.core.plural import plural
from reader.feeds import parse_feed
from reader.feeds.detect import label_of
from reader.feeds.errors import FeedError
from reader.feeds.files import read_feed
from reader.feeds.idlist import KIND as IDS_KIND
from reader.ui.context import Context
from reader.ui.library_ops import import_step, rules_step
from reader.ui.plain import plain
from reader.ui.tasks import Job
from reader.ui.undo import Step, UndoStack
from reader.ui.widgets.import_panel import ImportPanel

if TYPE_CHECKING:
    from reader.core.library import Library

# Only a convenience: the parser is chosen from the content, whatever the name says.
FEED_FILTER = "Papers (*.txt *.json *.xml *.atom *.rss *.bib *.ris);;All files (*)"


OnIds = Callable[[Sequence[PaperRecord]], None]
NOT_PAPERS = "Nothing pasted: the clipboard holds no identifiers, URLs, BibTeX or feed."


def _import_parsed(lib: Library, job: Job, parsed: ParseResult, name: str) -> ImportReport:
    if job.cancelled():
        raise ImportCancelled()
    return lib.import_records(
        parsed.records,
        f"{parsed.kind}:{name}",
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
    rules_step: Step | None = None  # the rules' run on the new papers: a step of its own

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
    report = _import_parsed(lib, job, parsed, path.name)
    step = import_step(report, parsed.records, parsed.kind)
    return ImportDone(report, step, rules_step(report.rules))


def run_paste(lib: Library, job: Job, text: str) -> ImportDone | ParseResult:
    """Pasted text, parsed by content like a file. Identifiers come back unwritten: the
    caller stores them as pending papers and looks them up (as Add by identifier does)."""
    parsed = parse_feed(text.encode("utf-8"))
    if parsed.kind == IDS_KIND:
        return parsed
    report = _import_parsed(lib, job, parsed, "clipboard")
    step = import_step(report, parsed.records, parsed.kind)
    return ImportDone(report, step, rules_step(report.rules))


NAMED = 3  # skipped entries named in an import report's text; the rest are in its details
DETAILS = 500  # lines of details at most


def report_text(summary: str, report: ImportReport) -> tuple[str, list[str]]:
    """An import report's text (the summary, how many were skipped, the first few named)
    and its details (every entry skipped or cut, up to DETAILS)."""
    text = summary
    if report.skipped:
        named = [_short(f"{s.where}: {s.reason}") for s in report.skipped[:NAMED]]
        more = len(report.skipped) - len(named)
        text += f"\n\nSkipped {plural(len(report.skipped), 'entry', 'entries')}:\n"
        text += "\n".join(f"• {line}" for line in named)
        if more:
            text += f"\n… and {more:,} more (Show Details…)"
    lines = [f"{s.where}: {s.reason}" for s in [*report.skipped, *report.cut]]
    if len(lines) > DETAILS:
        lines = [*lines[:DETAILS], f"… and {len(lines) - DETAILS:,} more"]
    return text, lines


def _short(line: str, width: int = 100) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files a drag carries, in order."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class Importer(QObject):
    """One import at a time (several files go one after another); progress in the status
    bar; a result line per file, or the error, at the end."""

    finished = Signal(object)  # ImportReport, once per file
    failed = Signal(str)
    batch_done = Signal(list)  # the per-file result lines of a multi-file import

    def __init__(self, ctx: Context, undo: UndoStack | None = None) -> None:
        super().__init__(ctx.parent)
        self._undo = undo
        self._window = ctx.parent
        self._writer = ctx.writer
        self._status = ctx.status
        self.job: Job | None = None
        self.dialog: QMessageBox | None = None
        self._queue: list[Path] = []
        self._lines: list[str] = []  # one per file of a multi-file import
        self._batch = False
        self.panel = ImportPanel(ctx.parent)
        ctx.status.addPermanentWidget(self.panel)
        self.panel.cancel_requested.connect(self.cancel)
        ctx.writer.progressed.connect(self._progressed)

    def choose(self) -> None:
        """File ▸ Import…: ask for one or more files, then import each."""
        names, _ = QFileDialog.getOpenFileNames(self._window, "Import feeds", "", FEED_FILTER)
        self.start_many([Path(name) for name in names])

    def start(self, path: Path) -> Job | None:
        """Import a file in the background; None when another import is running."""
        return self.start_many([path])

    def start_many(self, paths: Sequence[Path]) -> Job | None:
        """Import files one after another, each on its own (a bad one stops only itself)."""
        if not paths:
            return None
        if self._busy():
            return None
        self._queue = list(paths)
        self._lines = []
        self._batch = len(paths) > 1
        return self._next()

    def paste(self, on_ids: OnIds) -> Job | None:
        """Ctrl+V in the list: the clipboard's text, parsed on the writer thread; identifiers
        go to on_ids (stored pending, then looked up), anything else is imported."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self._status.showMessage("Nothing pasted: the clipboard holds no text.", 8000)
            return None
        if self._busy():
            return None
        self._queue, self._lines, self._batch = [], [], False
        self.panel.begin("clipboard")
        self._expect()
        self.job = self._writer.submit(
            lambda lib, job: run_paste(lib, job, text),
            lambda result: self._pasted(result, on_ids),
            self._paste_error,
        )
        return self.job

    def cancel(self) -> None:
        """Stop the running import (and the files queued after it); nothing it read is kept."""
        if self.job is not None:
            self._queue = []
            self.job.cancel()
            self.panel.cancelling()

    def _busy(self) -> bool:
        if self.job is not None:
            self._status.showMessage("An import is already running.", 5000)
        return self.job is not None

    def _expect(self) -> None:
        if self._undo is not None:
            self._undo.expect()  # an undo pressed meanwhile waits for this import's step

    def _next(self) -> Job | None:
        path = self._queue.pop(0)
        self.panel.begin(path.name)
        self._expect()
        self.job = self._writer.submit(
            lambda lib, job: run_import(lib, job, path),
            self._done_step,
            lambda exc: self._error(exc, path),
        )
        return self.job

    def _progressed(self, job_id: int, done: int, total: int) -> None:
        if self.job is not None and job_id == self.job.id:
            self.panel.progress(done, total)

    def _done_step(self, done: ImportDone) -> None:
        if self._undo is not None:
            if done.step is not None and done.rules_step is not None:
                self._undo.push(done.step)  # the import, then the rules' run on top of it
                self._undo.settle(done.rules_step)
            else:
                self._undo.settle(done.step)  # Edit ▸ Undo takes the whole import back
        self._done(done.report)

    def _pasted(self, result: ImportDone | ParseResult, on_ids: OnIds) -> None:
        if isinstance(result, ImportDone):
            self._done_step(result)
            return
        self.job = None
        self._settle_none()
        self.panel.end()
        self._status.showMessage(f"Pasted {plural(len(result.records), 'identifier')}…", 8000)
        on_ids(result.records)

    def _paste_error(self, exc: BaseException) -> None:
        if not isinstance(exc, FeedError):
            self._error(exc, Path("clipboard"))
            return
        self.job = None
        self._settle_none()
        self.panel.end()
        self._status.showMessage(NOT_PAPERS, 15000)
        self.failed.emit(NOT_PAPERS)

    def _done(self, report: ImportReport) -> None:
        self.job = None
        self.panel.end()
        name = report.source.split(":", 1)[-1]
        summary = f"{report.summary()} ({label_of(report.source)})"
        if report.rules_error:
            summary += f"; rules did not run: {report.rules_error}"
        if self._batch:
            self._lines.append(f"{name}: {summary}")
        else:
            self._status.showMessage(f"Imported {name}: {summary}", 15000)
            if report.skipped or report.cut:
                text, lines = report_text(summary, report)
                self._show(QMessageBox.Icon.Information, f"Imported {name}", text, lines)
        self.finished.emit(report)
        self._continue()

    def _settle_none(self) -> None:
        if self._undo is not None:
            self._undo.settle(None)  # no step is coming: a waiting undo goes on

    def _error(self, exc: BaseException, path: Path) -> None:
        self.job = None
        self._settle_none()
        self.panel.end()
        detail = str(exc) if isinstance(exc, FeedError) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, ImportCancelled):
            message = "Import cancelled; the library was not changed."
            self._lines.append(f"{path.name}: cancelled")
            self._status.showMessage(message, 10000)
        elif self._batch:
            message = f"{path.name}: failed, nothing written: {detail}"
            self._lines.append(message)
        else:
            message = f"Import failed; the library was not changed.\n\n{detail}"
            self._status.showMessage("Import failed; the library was not changed.", 15000)
            self._show(QMessageBox.Icon.Warning, "Import failed", message, [])
        self.failed.emit(message)
        self._continue()

    def _continue(self) -> None:
        """Start the next queued file, or sum up a multi-file import."""
        if self._queue:
            self._next()
            return
        if not self._batch:
            return
        self._batch = False
        lines = self._lines
        failed = sum(": failed, " in line for line in lines)
        head = f"Imported {plural(len(lines), 'file')}" + (f" ({failed} failed)" if failed else "")
        self._status.showMessage(f"{head}: " + "; ".join(lines), 20000)
        icon = QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information
        self._show(icon, head, "\n".join(lines), [])
        self.batch_done.emit(lines)

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
            if dropped_files(event):  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop:
            paths = dropped_files(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.start_many(paths)
                return True
        return False
