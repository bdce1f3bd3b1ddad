"""Exporting from the GUI: the Export… dialog, saved exports kept up to date, Markdown links."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reader.core import queries, saved_exports
from reader.core.listing import VIEW, ListRequest, as_query, tag_query
from reader.core.plural import plural
from reader.core.tex_display import tex_text
from reader.export import FORMATS, ExportError
from reader.export.markdown import paper_link
from reader.export_sync import SyncResult, export_to_file, sync_saved_exports
from reader.ui import state
from reader.ui.context import Context
from reader.ui.plain import plain
from reader.ui.tasks import Job
from reader.ui.widgets.export_dialog import ExportChoice, ExportDialog, ScopeFacts
from reader.ui.widgets.saved_exports_dialog import SavedExportsDialog

if TYPE_CHECKING:
    from reader.core.library import Library

SYNC_DELAY_MS = 1000  # one rewrite for a burst of changes (typing a note, starring a few)
SETTINGS = "export/"


@dataclass(frozen=True)
class ExportRequest:
    """One export: a query (or hand-picked ids), a format and a file."""

    fmt: str
    path: Path
    query: str = ""
    ids: tuple[int, ...] | None = None
    include_notes: bool = False
    keep: bool = False


@dataclass(frozen=True)
class ExportDone:
    """What an export wrote; saved_id when it is now kept up to date."""

    request: ExportRequest
    papers: int
    saved_id: int | None = None


def file_stem(text: str) -> str:
    """A file name from a scope's description: lower case, words joined by hyphens."""
    stem = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
    return stem[:60].strip("-") or "papers"


def run_export(lib: Library, _job: Job, req: ExportRequest) -> ExportDone:
    """Writer-side: render, verify, write atomically, and maybe keep it up to date."""
    scope = req.ids if req.ids is not None else req.query
    count, saved_id = export_to_file(lib, scope, req.fmt, req.path, req.include_notes, req.keep)
    return ExportDone(req, count, saved_id)


def error_text(exc: BaseException, path: Path | None = None) -> str:
    """A readable sentence for what went wrong with an export."""
    if isinstance(exc, OSError):
        where = path or exc.filename  # not the temporary file beside it
        return f"Could not write {where}: {exc.strerror or exc}."
    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, ValueError):  # a query the index does not understand
        return f"The search cannot be used: {exc}"
    return f"{type(exc).__name__}: {exc}"


class Exporter(QObject):
    """File ▸ Export…, File ▸ Saved Exports…, keeping saved exports current, copying links."""

    exported = Signal(object)  # ExportDone
    failed = Signal(str)
    synced = Signal(object)  # list[SyncResult]

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self._writer = ctx.writer
        self.dialog: ExportDialog | None = None
        self.saved_dialog: SavedExportsDialog | None = None
        self.error_box: QMessageBox | None = None
        self.sync_job: Job | None = None
        self._sync_again = False
        self.sync_timer = QTimer(self, singleShot=True, interval=SYNC_DELAY_MS)
        self.sync_timer.timeout.connect(self.sync_now)
        self._writer.changed.connect(self.schedule_sync)
        self._writer.opened.connect(self.schedule_sync)  # other processes may have written

    def _status(self, text: str, msecs: int = 10000) -> None:
        self.ctx.report(text, msecs)

    # -- Export… -----------------------------------------------------------------------

    def choose(self) -> None:
        """File ▸ Export…: the dialog, remembering the last choice."""
        dialog = ExportDialog(self._facts(), load_choice(), self.ctx.parent)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog))
        self.dialog = dialog
        dialog.open()  # not exec(): the window keeps running

    def _facts(self) -> ScopeFacts:
        ctx, conn = self.ctx, self.ctx.read()
        tags = [(n, c) for n, c in queries.tag_counts(conn) if c] if conn is not None else []
        selected = len(ctx.table.selected_ids())
        return ScopeFacts(selected, self._list_label(), ctx.model.rowCount(), tags)

    def _list_label(self) -> str:
        return list_label(self.ctx.listed())

    def _dialog_accepted(self, dialog: ExportDialog) -> None:
        choice = dialog.choice()
        save_choice(choice)
        request = self._request_for(choice)
        if request is not None:
            self.start(request)

    def _request_for(self, choice: ExportChoice) -> ExportRequest | None:
        ids: tuple[int, ...] | None = None
        query, name = "", "library"
        if choice.scope == "selection":
            ids = tuple(self.ctx.table.selected_ids())
            name = "selection"
        elif choice.scope == "list":
            query, name = as_query(self.ctx.listed()), self._list_label()
        elif choice.scope == "tag":
            query, name = tag_query(choice.tag), choice.tag
        elif choice.scope == "starred":
            query, name = "is:starred", "starred"
        path = self._ask_path(choice.fmt, file_stem(name))
        if path is None:
            return None
        keep = choice.keep and ids is None
        return ExportRequest(choice.fmt, path, query, ids, choice.include_notes, keep)

    def _ask_path(self, fmt: str, stem: str) -> Path | None:
        spec = FORMATS[fmt]
        store = state.settings()
        folder = str(store.value(SETTINGS + "folder", "") or "") or str(Path.home())
        start = str(Path(folder) / f"{stem}{spec.extension}")
        filters = f"{spec.label} (*{spec.extension});;All files (*)"
        name, _ = QFileDialog.getSaveFileName(self.ctx.parent, "Export to", start, filters)
        if not name:
            return None
        store.setValue(SETTINGS + "folder", str(Path(name).parent))
        return Path(name)

    def start(self, request: ExportRequest) -> Job:
        """Export in the background (on the writer, which owns the library)."""
        self._status(f"Exporting to {request.path}…", 0)
        return self._writer.submit(
            lambda lib, job: run_export(lib, job, request),
            self._done,
            lambda exc: self._failed(exc, request.path),
        )

    def _done(self, done: ExportDone) -> None:
        req = done.request
        kept = "; kept up to date" if done.saved_id is not None else ""
        self._status(f"Exported {plural(done.papers, 'paper')} to {req.path}{kept}", 15000)
        self._refresh_saved()
        self.exported.emit(done)

    def _failed(self, exc: BaseException, path: Path) -> None:
        message = error_text(exc, path)
        self._status(f"Export failed: {message}", 15000)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Export failed",
            f"Nothing was written to {path}.\n\n{message}",
            QMessageBox.StandardButton.Ok,
            self.ctx.parent,
        )
        plain(box)
        self.error_box = box
        box.open()
        self.failed.emit(message)

    # -- keeping saved exports up to date ------------------------------------------------

    def schedule_sync(self, *_args: object) -> None:
        """A write changed papers: rewrite saved exports once the burst is over."""
        self.sync_timer.start()

    def sync_now(self) -> None:
        """Rewrite changed saved exports on the writer thread (one run at a time)."""
        self.sync_timer.stop()
        if self.sync_job is not None:
            self._sync_again = True
            return
        self.sync_job = self._writer.submit(
            lambda lib, _job: sync_saved_exports(lib), self._synced, self._sync_failed
        )

    def sync_idle(self) -> bool:
        """No sync waiting or running (tests wait for this)."""
        return not self.sync_timer.isActive() and self.sync_job is None

    def _synced(self, results: list[SyncResult]) -> None:
        self.sync_job = None
        self.report_sync(results)
        self._refresh_saved()
        self.synced.emit(results)
        if self._sync_again:
            self._sync_again = False
            self.sync_timer.start()

    def _sync_failed(self, exc: BaseException) -> None:
        self.sync_job = None
        self._status(f"Saved exports not updated: {error_text(exc)}", 15000)

    def report_sync(self, results: list[SyncResult]) -> None:
        """A short status message when files were rewritten or could not be."""
        errors = [r for r in results if r.error]
        written = [r for r in results if r.written]
        if errors:
            first = errors[0]
            self._status(f"Could not update {first.path}: {first.error}", 15000)
        elif len(written) == 1:
            self._status(f"Updated {written[0].path} ({plural(written[0].papers, 'paper')})", 8000)
        elif written:
            self._status(f"Updated {len(written)} saved exports", 8000)

    def flush(self) -> None:
        """Before the writer stops: one more sync if a change has not been written yet."""
        if self.sync_timer.isActive() or self._sync_again:
            self.sync_timer.stop()
            self._sync_again = False
            # Queued behind every write; the writer runs it before it stops.
            self._writer.submit(lambda lib, _job: sync_saved_exports(lib))

    # -- File ▸ Saved Exports… ----------------------------------------------------------

    def show_saved(self) -> None:
        """The list of saved exports, with Remove and Write now."""
        if self.saved_dialog is None:
            dialog = SavedExportsDialog(self.ctx.parent)
            dialog.remove_requested.connect(self.remove_saved)
            dialog.write_requested.connect(self.write_now)
            self.saved_dialog = dialog
        self._refresh_saved()
        self.saved_dialog.open()

    def _refresh_saved(self) -> None:
        conn = self.ctx.read()
        if self.saved_dialog is not None and conn is not None:
            self.saved_dialog.set_rows(queries.saved_exports(conn))

    def remove_saved(self, export_id: int) -> None:
        """Forget a saved export; its file stays where it is."""
        self._writer.submit(
            lambda lib, _job: saved_exports.remove(lib, export_id),
            lambda _found: (self._refresh_saved(), self._status("Saved export removed", 8000)),
            lambda exc: self._status(f"Could not remove it: {exc}", 15000),
        )

    def write_now(self, export_id: int) -> None:
        """Rewrite one saved export now."""
        self._writer.submit(
            lambda lib, _job: sync_saved_exports(lib, only=export_id),
            lambda results: (self.report_sync(results), self._refresh_saved()),
            lambda exc: self._status(f"Could not write it: {error_text(exc)}", 15000),
        )

    # -- Copy Markdown link ------------------------------------------------------------

    def copy_markdown_link(self) -> None:
        """`[Title](link)` of each selected paper, one per line, to the clipboard."""
        ids, conn = self.ctx.targets(), self.ctx.read()
        if not ids or conn is None:
            self._status("Select a paper to copy its link.", 5000)
            return
        papers = queries.load_papers(conn, ids)
        # For people to read (a note, a chat): TeX shown as text, unlike the exports.
        links = (paper_link(replace(p, title=tex_text(p.title))) for p in papers)
        QApplication.clipboard().setText("\n".join(links))
        noun = "link" if len(papers) == 1 else "links"
        self._status(f"Copied {len(papers)} Markdown {noun}", 5000)


def list_label(req: ListRequest) -> str:
    """What the window lists, in words: "Queue, tag “nlp”, matching “vision”"."""
    label = f"tag “{req.tag}”" if req.tag else VIEW[req.view].label
    if req.smart is not None:
        label = f"view “{req.smart.name}”"
    if req.tag and req.view != "all":
        label = f"{VIEW[req.view].label}, {label}"
    query = req.query.strip()
    if query:
        short = query if len(query) <= 40 else query[:39] + "…"  # the dialog stays narrow
        label += f", matching “{short}”"
    return label


def load_choice() -> ExportChoice:
    """The last Export… choice from QSettings."""
    store = state.settings()
    default = ExportChoice()

    def flag(key: str, value: bool) -> bool:
        return str(store.value(SETTINGS + key, value)).lower() == "true"

    return ExportChoice(
        fmt=str(store.value(SETTINGS + "format", default.fmt)),
        scope=str(store.value(SETTINGS + "scope", default.scope)),
        tag=str(store.value(SETTINGS + "tag", "") or ""),
        include_notes=flag("notes", default.include_notes),
        keep=flag("keep", default.keep),
    )


def save_choice(choice: ExportChoice) -> None:
    """Remember an Export… choice."""
    store = state.settings()
    store.setValue(SETTINGS + "format", choice.fmt)
    store.setValue(SETTINGS + "scope", choice.scope)
    store.setValue(SETTINGS + "tag", choice.tag)
    store.setValue(SETTINGS + "notes", "true" if choice.include_notes else "false")
    store.setValue(SETTINGS + "keep", "true" if choice.keep else "false")
