"""Library: THE write API. Every write is one BEGIN IMMEDIATE transaction returning Changes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from reader.core import backup, decisions, queries
from reader.core.backup import BackupInfo
from reader.core.changes import Changes
from reader.core.db import ReadOnlyLibraryError, connect, readonly_reason, transaction
from reader.core.import_log import UndoReport, finish_import, start_import, undo_import
from reader.core.importer import ImportReport, kind_of, merge_records
from reader.core.index import IndexBusyError, SearchIndex
from reader.core.limits import cap_records
from reader.core.models import PaperId, PaperRecord, Skip, Status
from reader.core.outbox import drain_outbox
from reader.core.rekey import KeyChange, plan_rekey, record_key_use, set_keys
from reader.core.saved_queries import SavedQueries
from reader.core.tags import (
    UserState,
    clean_tag,
    delete_tag,
    rename_tag,
    snapshot,
    tag_papers,
    untag_papers,
)
from reader.core.user_data import set_state, store_note

# Index catch-up: papers per Whoosh commit, and the share of the library past which a
# full rebuild beats updating documents one by one.
_SYNC_BATCH = 2000
_REBUILD_SHARE = 0.25
# Imports of more papers than this call Library.before_big_import first (backups).
BIG_IMPORT = 300


def utc_now() -> str:
    """Timestamps are stored as ISO 8601 UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Library(SavedQueries):
    """One library folder: `library.sqlite` plus its Whoosh index in `index/`."""

    def __init__(
        self,
        folder: Path,
        *,
        readonly: bool = False,
        on_index_repair: Callable[[str], None] | None = None,
    ) -> None:
        """on_index_repair hears why an unreadable index is being rebuilt, before the
        rebuild starts."""
        self.folder = Path(folder)
        self.readonly = readonly
        self.db = connect(self.folder, readonly=readonly)
        self._index: SearchIndex | None = None
        self._on_index_repair = on_index_repair
        # The window sets this: its writes return as soon as SQLite commits and the index
        # catches up in a later job (sync_index), so no key waits for Whoosh.
        self.defer_index = False
        if not readonly:
            self.sync_index(wait=False)

    @property
    def index(self) -> SearchIndex:
        """The search index, opened on first use (a read-only library may list and show
        papers even when its index cannot be read)."""
        if self._index is None:
            self._index = SearchIndex(
                self.folder, readonly=self.readonly, connect=lambda: self.db.conn
            )
            why = self._index.replaced_because
            if why and self._on_index_repair is not None:
                self._on_index_repair(why)
        return self._index

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, for read queries (reader.core.queries)."""
        return self.db.conn

    def close(self) -> None:
        """Close the index and the database (again: nothing happens)."""
        self.close_index()
        self.db.close()

    def close_index(self) -> None:
        """Let go of the search index and its segment buffers (tens of MB a 20k library);
        the next use opens it again."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the index outbox ------------------------------------------------------------

    def pending_index_changes(self) -> int:
        """How many outbox entries wait to reach the search index."""
        return int(self.conn.execute("SELECT count(*) FROM index_outbox").fetchone()[0])

    def sync_index(self, *, wait: bool = True) -> int:
        """Bring the index up to date from the outbox (or rebuild it); return docs written.

        With wait=False an index busy in another process is left for later; a read-only
        library leaves the index as it is.
        """
        if self.readonly:
            return 0
        try:
            if self.index.needs_rebuild:
                return self.reindex()
            written = 0
            for _ in range(3):  # writers that keep committing meanwhile drain their own rows
                pending = self.conn.execute(
                    "SELECT count(DISTINCT paper_id) FROM index_outbox"
                ).fetchone()[0]
                if not pending:
                    break
                # Counting the library only matters for bulk changes, not for each star.
                if pending > _SYNC_BATCH and pending > _REBUILD_SHARE * queries.paper_count(
                    self.conn
                ):
                    return written + self.reindex()  # a bulk import: rebuilding is cheaper
                written += drain_outbox(self.db, self.index)
            self.index.refresh()
            return written
        except IndexBusyError:
            if wait:
                raise
            return 0

    def reindex(self) -> int:
        """Rebuild the whole index from SQLite; return the number of papers indexed."""
        self.require_writable("rebuild the search index")
        with transaction(self.db) as conn:
            top = conn.execute("SELECT coalesce(max(seq), 0) FROM index_outbox").fetchone()[0]
        count = self.index.rebuild(queries.iter_papers(self.conn))
        with transaction(self.db) as conn:
            conn.execute("DELETE FROM index_outbox WHERE seq <= ?", (top,))
        return count

    def require_writable(self, what: str) -> None:
        """Refuse a write to a library opened read-only, saying why it is read-only."""
        if self.readonly:
            why = readonly_reason(self.folder) or "it was opened read-only"
            raise ReadOnlyLibraryError(f"cannot {what}: the library is read-only ({why})")

    def _write(self, fn: Callable[[sqlite3.Connection, str], Changes]) -> Changes:
        self.require_writable("change the library")
        with transaction(self.db) as conn:
            changes = fn(conn, utc_now())
        if not self.defer_index:
            self.sync_index(wait=False)
        return changes

    # -- imports ---------------------------------------------------------------------

    def import_records(
        self,
        records: Sequence[PaperRecord],
        source: str,
        *,
        kind: str | None = None,
        skipped: Iterable[Skip] = (),
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        sync: bool = True,
        rules: bool = True,
    ) -> ImportReport:
        """Add new papers and update feed fields of known ones, all in one transaction,
        logged so the import can be undone. User data (star, status, tags, note) is never
        written here. sync=False leaves the index catch-up to the caller (benchmarks).
        Afterwards the rules run on the new papers, as a step of their own (report.rules),
        unless rules=False (a caller that runs them once after several imports)."""
        self.require_writable("import")
        if len(records) > BIG_IMPORT:
            self.before_big_import(len(records), source)
        kind = kind or kind_of(source)
        records, cut = cap_records(records)
        report = ImportReport(source=source, skipped=list(skipped), cut=cut)
        started = utc_now()
        with transaction(self.db) as conn:
            import_id = start_import(conn, source, kind, started)
            added, updated = merge_records(
                conn,
                records,
                report,
                started,
                kind=kind,
                import_id=import_id,
                progress=progress,
                cancelled=cancelled,
            )
            counts = (report.new, report.updated, report.unchanged, len(report.skipped))
            finish_import(conn, import_id, utc_now(), counts)
        report.import_id = import_id
        report.changes = Changes(frozenset(added | updated), frozenset({"feed"}), frozenset(added))
        if sync:
            self.sync_index(wait=False)
            if rules:
                self.rules_after_import(report, added)
        return report

    def before_big_import(self, count: int, source: str) -> None:
        """Called before an import of more than BIG_IMPORT papers, outside its transaction:
        a backup first, which `reader backup list` names after the import."""
        self.backup_before(f"import of {source} ({count} records)")

    def undo_import(self, import_id: int | None = None) -> UndoReport:
        """Undo an import (default: the latest one not undone yet) in one transaction."""
        self.require_writable("undo an import")
        self.backup_before("undoing an import")
        with transaction(self.db) as conn:
            report = undo_import(conn, import_id, utc_now())
        self.sync_index(wait=False)
        return report

    # -- citation keys ---------------------------------------------------------------

    def rekey(
        self, ids: Iterable[int], *, force: bool = False, dry_run: bool = False
    ) -> list[KeyChange]:
        """Recompute keys of papers that now have authors and a year, in one transaction.

        Keys the user already used are left alone (reported with `used` set) unless forced.
        """
        wanted = sorted({int(i) for i in ids})
        if dry_run:
            return plan_rekey(self.conn, wanted, force=force)
        self.require_writable("change citation keys")
        if any(force or c.used is None for c in plan_rekey(self.conn, wanted, force=force)):
            self.backup_before("rekey")
        with transaction(self.db) as conn:
            plan = plan_rekey(conn, wanted, force=force)
            moving: dict[int, str] = {c.paper_id: c.new for c in plan if force or c.used is None}
            set_keys(conn, moving, utc_now())
        self.sync_index(wait=False)
        return plan

    def set_citekeys(self, keys: Mapping[int, str]) -> Changes:
        """Give papers the given keys (undo and redo of a rekey), in one transaction."""
        return self._write(lambda conn, now: Changes.of(set_keys(conn, keys, now), "citekey"))

    def record_key_use(self, ids: Iterable[int], how: str) -> None:
        """Remember that these papers' keys left Reader (copied, written to a saved export)."""
        if self.readonly:
            return  # the key left all the same; a read-only library cannot remember it
        wanted = sorted({int(i) for i in ids})
        with transaction(self.db) as conn:
            record_key_use(conn, wanted, how, utc_now())

    # -- user data -------------------------------------------------------------------

    def set_starred(self, ids: Iterable[int], starred: bool) -> Changes:
        """Star or unstar papers."""
        return self._set_state(ids, "starred", int(starred), "star")

    def set_status(self, ids: Iterable[int], status: Status) -> Changes:
        """Move papers to new, queued, read or archived."""
        return self._set_state(ids, "status", Status(status).value, "status")

    def trash(self, ids: Iterable[int]) -> Changes:
        """Move papers to the trash (they keep everything; restore brings them back)."""
        return self._set_state(ids, "trashed", 1, "trash")

    def restore(self, ids: Iterable[int]) -> Changes:
        """Bring papers back from the trash."""
        return self._set_state(ids, "trashed", 0, "trash")

    def _set_state(self, ids: Iterable[int], column: str, value: object, kind: str) -> Changes:
        wanted = sorted({int(i) for i in ids})

        def run(conn: sqlite3.Connection, now: str) -> Changes:
            changed = set_state(conn, wanted, column, value, now)
            # Nothing changed (q on a queued paper): no kind either, so nobody repaints,
            # recounts or offers an undo for it.
            return Changes.of(changed, kind) if changed else Changes()

        return self._write(decisions.logged(wanted, run))

    def add_tags(self, ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Tag papers; a tag matches case-insensitively and keeps the case first typed."""
        wanted = sorted({int(i) for i in ids})
        tags = [t for t in dict.fromkeys(clean_tag(n) for n in names) if t]
        return self._write(
            decisions.logged(
                wanted, lambda conn, now: Changes.of(tag_papers(conn, wanted, tags, now), "tags")
            )
        )

    def remove_tags(self, ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Untag papers; tags left on no paper stay known (for completion) until deleted."""
        wanted = sorted({int(i) for i in ids})
        tags = [clean_tag(n) for n in names]
        return self._write(
            decisions.logged(
                wanted, lambda conn, now: Changes.of(untag_papers(conn, wanted, tags), "tags")
            )
        )

    def rename_tag(self, old: str, new: str) -> Changes:
        """Rename a tag everywhere; renaming onto an existing tag merges the two."""
        new = clean_tag(new)
        if not new:
            raise ValueError("a tag needs a name")
        if new.casefold() != old.casefold() and queries.tag_exists(self.conn, new):
            self.backup_before(f"merging tag {old} into {new}")
        return self._write(lambda conn, now: Changes.of(rename_tag(conn, old, new), "tags"))

    def delete_tag(self, name: str) -> Changes:
        """Remove a tag from every paper and forget it."""
        if queries.tag_exists(self.conn, name):
            self.backup_before(f"deleting tag {name}")
        return self._write(lambda conn, now: Changes.of(delete_tag(conn, name), "tags"))

    def user_state(self, ids: Iterable[int]) -> dict[PaperId, UserState]:
        """Star, status, trash flag and tags of papers: what undo needs to put back."""
        return snapshot(self.conn, ids)

    def restore_user_state(self, states: Mapping[int, UserState]) -> Changes:
        """Put papers back into earlier states (undo/redo), in one transaction."""
        return self._write(decisions.restoring(states))

    def empty_trash(self) -> Changes:
        """Delete every trashed paper for good, with its note and tags. Not undoable
        (a backup is made first)."""
        if self.conn.execute("SELECT 1 FROM paper_state WHERE trashed = 1").fetchone():
            self.backup_before("emptying the trash")

        def run(conn: sqlite3.Connection, now: str) -> Changes:
            ids = [r[0] for r in conn.execute("SELECT paper_id FROM paper_state WHERE trashed = 1")]
            conn.executemany("DELETE FROM papers WHERE id = ?", [(i,) for i in ids])
            return Changes.of(ids, "deleted")

        return self._write(run)

    def save_note(
        self,
        paper_id: int,
        body: str,
        *,
        base: str | None = None,
        merge: Callable[[str, str], str] | None = None,
    ) -> Changes:
        """Store a paper's Markdown note (an empty body deletes it).

        With `base` (the note the edit started from) and `merge`, a note that someone else
        changed since is never overwritten: merge(stored, body) is stored instead, decided
        inside the write transaction so no other process can slip in between.
        """

        def run(conn: sqlite3.Connection, now: str) -> Changes:
            changed = store_note(conn, paper_id, body, now, base=base, merge=merge)
            return Changes.of([paper_id], "note") if changed else Changes()

        return self._write(run)

    # -- backups ---------------------------------------------------------------------

    def backup(self, reason: str = "on request", dest: Path | None = None) -> BackupInfo:
        """A verified copy of the database now (in backups/, rotated, unless dest)."""
        return backup.make_backup(self.conn, self.folder, reason, dest=dest)

    def backup_before(self, what: str) -> BackupInfo | None:
        """The hook for destructive operations (empty trash, tag delete/merge, rekey, a big
        import): a verified backup "before <what>", or BackupError, which stops the
        operation. Nothing to keep in an empty or read-only library: None."""
        if self.readonly or queries.paper_count(self.conn) == 0:
            return None
        return self.backup(f"before {what}")

    def daily_backup(self) -> BackupInfo | None:
        """The first use of a day backs the library up; None when today's exists."""
        if self.readonly or backup.made_today(self.folder):
            return None
        if queries.paper_count(self.conn) == 0:
            return None
        return self.backup("daily")


__all__ = ["ImportReport", "Library", "PaperId", "clean_tag", "utc_now"]
