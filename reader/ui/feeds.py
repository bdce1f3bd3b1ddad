"""Feeds in the window: Refresh (network thread, then one write), Add feed…, Add by
identifier…, Look up metadata; progress with Cancel in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog

from reader.core.changes import Changes
from reader.core.identity import normalise_doi
from reader.core.library import utc_now
from reader.core.models import PaperRecord
from reader.core.plural import plural
from reader.core.subscriptions import Feed, SubscriptionError, add_feed, list_feeds
from reader.net.config import ConfigError, NetConfig, load_net_config
from reader.net.gate import Cancelled
from reader.net.resolve import Wanted, papers_to_look_up, pending_papers
from reader.net.session import Fetched, Refreshed, apply_all, fetch_all
from reader.net.sources import USAGE, SourceError, parse_source
from reader.ui.context import Context
from reader.ui.library_ops import rules_step
from reader.ui.network import Net, NetJob
from reader.ui.undo import UndoStack
from reader.ui.widgets.add_dialog import AddDialog
from reader.ui.widgets.import_panel import ImportPanel

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.tasks import Job


def is_due(feed: Feed, hours: float, now: str) -> bool:
    """Never fetched, or last fetched at least `hours` ago (ISO UTC times)."""
    if feed.last_fetch is None:
        return True
    then = datetime.fromisoformat(feed.last_fetch)
    return datetime.fromisoformat(now) - then >= timedelta(hours=hours)


@dataclass(frozen=True)
class _Stored:
    """Identifiers stored as pending papers; changes lets the list show them at once."""

    wanted: list[Wanted]
    changes: Changes


class Feeds(QObject):
    """One network task at a time (refresh, add, lookup); the GUI thread only waits for signals."""

    refreshed = Signal(object)  # Refreshed, after its write
    failed = Signal(str)

    def __init__(self, ctx: Context, folder: Path, undo: UndoStack | None = None) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.undo = undo  # a refresh's rules run is an undo step
        self.folder = Path(folder)
        self.net = Net(self)
        self.job: NetJob | None = None
        self.dialog: AddDialog | None = None
        self.panel = ImportPanel(ctx.parent)
        self.panel.setObjectName("refreshPanel")
        ctx.status.addPermanentWidget(self.panel)
        self.panel.cancel_requested.connect(self.cancel)

    # -- commands ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Fetch every feed and retry pending papers (F5)."""
        conn = self.ctx.read()
        if conn is None:
            return
        feeds = list_feeds(conn)
        self._start("Refreshing feeds…", feeds, None)

    def refresh_if_due(self) -> None:
        """At start (when settings.toml asks): refresh the feeds not fetched for a while."""
        conn = self.ctx.read()
        if conn is None or self.job is not None:
            return
        hours = self.ctx.settings.refresh_due_hours
        due = [f for f in list_feeds(conn) if is_due(f, hours, utc_now())]
        if due:
            self._start(f"Refreshing {len(due)} due feeds…", due, None)

    def look_up_selection(self) -> None:
        """Complete the selected papers that lack an arXiv id (or are pending)."""
        conn = self.ctx.read()
        ids = self.ctx.targets()
        if conn is None or not ids:
            return
        wanted = papers_to_look_up(conn, ids)
        wanted += [w for w in pending_papers(conn) if w.paper_id in set(ids)]
        if not wanted:
            self.ctx.report("The selected papers already have an arXiv id.")
            return
        self._start(f"Looking up {plural(len(wanted), 'paper')}…", [], wanted)

    def ask_add_feed(self) -> None:
        """Ask for a SOURCE and subscribe; the next refresh fetches it."""
        # One source kind a line: on one line the dialog grew wider than a small screen.
        kinds = USAGE.removeprefix("use ").replace(", ", ",\n").replace(" or ", "\nor ")
        text, ok = QInputDialog.getText(
            self.ctx.parent, "Add feed", f"Feed source, one of:\n{kinds}", text="arxiv:cs.LG"
        )
        if ok and text.strip():
            self.ctx.writer.submit(
                lambda lib, job: self._subscribe(lib, text), self._subscribed, self._error
            )

    def ask_add_ids(self) -> None:
        """The Add by identifier dialog."""
        self.dialog = AddDialog(self.ctx.parent)
        self.dialog.submitted.connect(self.add_records)
        self.dialog.open()

    def add_records(self, records: Sequence[PaperRecord]) -> None:
        """Store identifiers as pending papers now, then fetch their metadata."""

        def store(lib: Library, job: Job) -> _Stored:
            report = lib.import_records(list(records), "ids:window", kind="ids")
            keys = {r.arxiv_id or normalise_doi(r.doi or "") for r in records}
            wanted = [w for w in pending_papers(lib.conn) if (w.arxiv_id or w.doi) in keys]
            return _Stored(wanted, report.changes)

        self.ctx.writer.submit(store, self._look_up_added, self._error)

    def _look_up_added(self, stored: _Stored) -> None:
        wanted = stored.wanted
        if not wanted:
            self.ctx.report("Those papers are in the library already.", 10000)
            return
        self._start(f"Adding {plural(len(wanted), 'paper')}…", [], wanted)

    def cancel(self) -> None:
        """Stop the running task; nothing it fetched is written."""
        if self.job is not None:
            self.job.cancel()
            self.panel.cancelling()

    def stop(self) -> None:
        """At quit: cancel and end the network thread."""
        self.net.stop()

    # -- the task: network thread, then the writer ------------------------------------

    def _start(self, label: str, feeds: list[Feed], wanted: list[Wanted] | None) -> None:
        if self.job is not None:
            self.ctx.report("Feeds are being refreshed already.")
            return
        try:
            config = load_net_config()
        except ConfigError as exc:
            self._error(exc)
            return
        conn = self.ctx.read()
        if conn is None:
            return
        if not feeds and wanted is None and not pending_papers(conn):
            self.ctx.report("No feeds yet: File ▸ Add feed… subscribes to one.", 10000)
            return
        self.panel.begin("")
        self.panel.label.setText(label)
        self.job = self.net.submit(
            self._fetcher(config, feeds, wanted), self._fetched, self._error, self._step
        )

    def _fetcher(
        self, config: NetConfig, feeds: list[Feed], wanted: list[Wanted] | None
    ) -> Callable[[Callable[[str], None], NetJob], Fetched]:
        folder = self.folder
        return lambda step, job: fetch_all(
            folder, config, feeds, step=step, cancelled=job.cancelled, wanted=wanted
        )

    def _step(self, text: str) -> None:
        if self.job is not None and not self.job.cancelled():
            self.panel.label.setText(text)

    def _fetched(self, fetched: Fetched) -> None:
        if self.job is not None and self.job.cancelled():
            self._error(Cancelled())
            return
        self.ctx.writer.submit(lambda lib, job: apply_all(lib, fetched), self._applied, self._error)

    def _applied(self, done: Refreshed) -> None:
        self.job = None
        self.panel.end()
        step = rules_step(done.rules)
        if step is not None and self.undo is not None:
            self.undo.push(step)
        ruled = f"; {step.label}" if step is not None else ""
        self.ctx.report(done.summary() + ruled, 15000)
        self.refreshed.emit(done)

    def _subscribe(self, lib: Library, text: str) -> Feed:
        source = parse_source(text)
        return add_feed(lib.db, source.text, source.default_name, utc_now())

    def _subscribed(self, feed: Feed) -> None:
        self.ctx.report(f"Subscribed to {feed.source}; press F5 to fetch it.", 10000)
        self.ctx.finder.request_counts()

    def _error(self, exc: BaseException) -> None:
        self.job = None
        self.panel.end()
        if isinstance(exc, Cancelled):
            message = "Cancelled; the library was not changed."
        elif isinstance(exc, SourceError | SubscriptionError | ConfigError):
            message = str(exc)
        else:
            message = f"Refresh failed: {exc}"
        self.ctx.report(message, 15000)
        self.failed.emit(message)
