"""Library's write API for saved queries: rules (and their runs, undo, redo) and smart views."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

import sqlite_utils

from reader.core import rules
from reader.core.changes import Changes
from reader.core.db import transaction
from reader.core.index import IndexBusyError
from reader.core.listing import smart_view
from reader.core.rules import Rule, RuleError, RuleRun, RunUndo
from reader.core.tags import snapshot

if TYPE_CHECKING:
    from reader.core.importer import ImportReport
    from reader.core.index import SearchIndex


class SavedQueries:
    """Mixed into Library: rules and smart views, each write one transaction."""

    db: sqlite_utils.Database
    if TYPE_CHECKING:  # what Library provides

        @property
        def conn(self) -> sqlite3.Connection: ...

        @property
        def index(self) -> SearchIndex: ...

        def require_writable(self, what: str) -> None: ...

        def sync_index(self, *, wait: bool = True) -> int: ...

        def pending_index_changes(self) -> int: ...

    @staticmethod
    def _now() -> str:
        from reader.core.library import utc_now

        return utc_now()

    # -- rules -----------------------------------------------------------------------

    def save_rule(self, name: str, query: str, action: str, *, rule_id: int | None = None) -> int:
        """Add a rule (or change the rule rule_id); a malformed query is refused now."""
        self.require_writable("save a rule")
        self.index.parse(query.strip() or "*")
        with transaction(self.db) as conn:
            return rules.save_rule(conn, name, query, action, self._now(), rule_id=rule_id)

    def remove_rule(self, name: str) -> Rule:
        """Forget a rule (what it did stays, and stays undoable)."""
        self.require_writable("remove a rule")
        with transaction(self.db) as conn:
            rule = rules.find_rule(conn, name)
            conn.execute("DELETE FROM rules WHERE id = ?", (rule.id,))
        return rule

    def set_rule_enabled(self, name: str, enabled: bool) -> Rule:
        """Switch a rule on or off (off: it runs only when asked for by name)."""
        self.require_writable("change a rule")
        with transaction(self.db) as conn:
            rule = rules.find_rule(conn, name)
            conn.execute("UPDATE rules SET enabled = ? WHERE id = ?", (int(enabled), rule.id))
        return rule

    def run_rules(
        self,
        names: Iterable[str] | None = None,
        *,
        only: Iterable[int] | None = None,
        trigger: str = "on request",
        dry_run: bool = False,
    ) -> RuleRun:
        """Run the enabled rules (or the named ones, enabled or not) as one undoable step,
        on papers in `only` when given (an import's new papers). Rules never touch notes."""
        if not dry_run:
            self.require_writable("run rules")
            self.sync_index(wait=False)  # queries must see the papers just written
            if self.pending_index_changes():
                raise RuleError(
                    "the search index is busy in another process, so rules would miss "
                    "papers; run them later with `reader rule run`"
                )
        conn = self.conn
        if names is None:
            chosen = [r for r in rules.list_rules(conn) if r.enabled]
        else:
            chosen = [rules.find_rule(conn, n) for n in names]
        if not chosen:
            return RuleRun(trigger, [], dry_run=dry_run)
        matches = rules.plan(conn, self.index, chosen, only)
        if dry_run or not any(m.changing for m in matches):
            return RuleRun(trigger, matches, dry_run=dry_run)
        with transaction(self.db) as wconn:
            now = self._now()
            ids = sorted({int(i) for m in matches for i in m.changing})
            before = snapshot(wconn, ids)
            stamps = rules.state_stamps(wconn, ids)
            changed: set[int] = set()
            for match in matches:
                changed |= rules.apply(wconn, match, now)
            after = snapshot(wconn, changed)
            names_run = [m.rule.name for m in matches if m.changing]
            run_id = rules.log_run(wconn, trigger, names_run, before, after, now, stamps)
        self.sync_index(wait=False)
        changes = Changes.of(changed, "star", "status", "trash", "tags")
        return RuleRun(trigger, matches, run_id, changes)

    def rules_after_import(self, report: ImportReport, added: Collection[int]) -> None:
        """Rules act on an import's new papers, as a step of their own (undone apart)."""
        if not added:
            return
        try:
            run = self.run_rules(only=added, trigger=f"import {report.import_id}")
        except (ValueError, sqlite3.Error, IndexBusyError) as exc:
            report.rules_error = str(exc)
            return
        report.rules = run if run.run_id is not None else None  # None: nothing changed

    def undo_rule_run(self, run_id: int | None = None) -> RunUndo:
        """Undo a rule run (default: the latest not undone): papers changed since stay."""
        return self._revert(run_id, redo=False)

    def redo_rule_run(self, run_id: int | None = None) -> RunUndo:
        """Redo an undone rule run (default: the latest undone)."""
        return self._revert(run_id, redo=True)

    def _revert(self, run_id: int | None, *, redo: bool) -> RunUndo:
        self.require_writable("redo rules" if redo else "undo rules")
        with transaction(self.db) as conn:
            wanted = run_id if run_id is not None else rules.latest_run(conn, undone=redo)
            if wanted is None:
                raise RuleError("no rule run to redo" if redo else "no rule run to undo")
            done = rules.revert(conn, wanted, self._now(), redo=redo)
        self.sync_index(wait=False)
        return done

    def rule_runs(self, limit: int = 20) -> list[tuple[int, str, str, list[str], int, bool]]:
        """Recent runs, newest first: id, time, trigger, rule names, papers, undone."""
        rows = self.conn.execute(
            "SELECT id, at, trigger, rules, states, undone FROM rule_runs ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            (int(r[0]), r[1], r[2], json.loads(r[3]), len(json.loads(r[4])), r[5] is not None)
            for r in rows
        ]

    # -- smart views -----------------------------------------------------------------

    def save_smart_view(self, name: str, query: str, *, view_id: int | None = None) -> int:
        """Save a query as a named view (or change the view view_id: rename, new query)."""
        self.require_writable("save a view")
        name, query = " ".join(name.split()), query.strip()
        if not name:
            raise RuleError("a view needs a name")
        if not query:
            raise RuleError("a view needs a query")
        self.index.parse(query)
        with transaction(self.db) as conn:
            clash = conn.execute(
                "SELECT id FROM smart_views WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                (name, view_id),
            ).fetchone()
            if clash:
                raise RuleError(f"there is already a view named {name!r}")
            if view_id is not None:
                conn.execute(
                    "UPDATE smart_views SET name = ?, query = ? WHERE id = ?",
                    (name, query, view_id),
                )
                return view_id
            cur = conn.execute(
                "INSERT INTO smart_views (name, query, position, created) VALUES "
                "(?, ?, (SELECT coalesce(max(position), 0) + 1 FROM smart_views), ?) "
                "RETURNING id",
                (name, query, self._now()),
            )
            return int(cur.fetchone()[0])

    def remove_smart_view(self, name: str) -> None:
        """Forget a smart view (its papers stay as they are)."""
        self.require_writable("remove a view")
        view = self._smart(name)
        with transaction(self.db) as conn:
            conn.execute("DELETE FROM smart_views WHERE id = ?", (view,))

    def move_smart_view(self, name: str, to: int) -> None:
        """Put a smart view at position `to` (0 = first) among the smart views."""
        self.require_writable("reorder views")
        moving = self._smart(name)
        with transaction(self.db) as conn:
            order = [r[0] for r in conn.execute("SELECT id FROM smart_views ORDER BY position, id")]
            order.remove(moving)
            order.insert(max(0, min(to, len(order))), moving)
            conn.executemany(
                "UPDATE smart_views SET position = ? WHERE id = ?",
                [(pos, vid) for pos, vid in enumerate(order)],
            )

    def _smart(self, name: str) -> int:
        view = smart_view(self.conn, name)
        if view is None:
            raise RuleError(f"no view named {name!r}")
        return view.id
