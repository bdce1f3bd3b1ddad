"""Rules: saved queries with an action (tag, untag, star, queue, archive, trash), run as one step.

Queries are answered by listing.list_papers, like every other request. Every rule of a run
sees the library as it was before the run (so a dry run lists exactly what a run does);
the run is written in one transaction, logged as decisions (via 'rule'), and kept in
rule_runs with each changed paper's state before and after, so it can be undone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core import decisions
from reader.core.changes import Changes
from reader.core.listing import ListRequest, list_papers
from reader.core.models import PaperId, Status
from reader.core.tags import (
    UserState,
    apply_snapshot,
    clean_tag,
    snapshot,
    tag_papers,
    untag_papers,
)
from reader.core.user_data import set_state

if TYPE_CHECKING:
    from reader.core.index import SearchIndex

ACTIONS = ("tag", "untag", "star", "queue", "archive", "trash")
_KEEP_RUNS = 100  # undo history of rule runs kept in the library


class RuleError(ValueError):
    """A rule that cannot be saved or found; the message says why."""


@dataclass(frozen=True)
class Rule:
    """A named query and what to do to the papers it matches."""

    id: int
    name: str
    query: str
    action: str
    arg: str | None = None  # the tag, for tag and untag
    enabled: bool = True

    @property
    def spec(self) -> str:
        """The action as typed: 'archive', 'tag:to-read'."""
        return f"{self.action}:{self.arg}" if self.arg else self.action

    def changes(self, state: UserState) -> bool:
        """Whether the action would change a paper in this state."""
        has_tag = (self.arg or "").casefold() in {t.casefold() for t in state.tags}
        return {
            "tag": not has_tag,
            "untag": has_tag,
            "star": not state.starred,
            "queue": state.status is not Status.QUEUED,
            "archive": state.status is not Status.ARCHIVED,
            "trash": not state.trashed,
        }[self.action]


def parse_action(text: str) -> tuple[str, str | None]:
    """'archive' -> ('archive', None); 'tag:to-read' -> ('tag', 'to-read')."""
    action, colon, arg = text.strip().partition(":")
    action = action.strip().lower()
    if action not in ACTIONS:
        known = ", ".join(ACTIONS)
        raise RuleError(f"unknown action {action!r}; use {known} (tag:NAME, untag:NAME)")
    tag = clean_tag(arg) if colon else ""
    if action in ("tag", "untag") and not tag:
        raise RuleError(f"{action} needs a tag: {action}:NAME")
    if action not in ("tag", "untag") and colon:
        raise RuleError(f"{action} takes no argument")
    return action, tag or None


def list_rules(conn: sqlite3.Connection) -> list[Rule]:
    """Every rule, in the order they run."""
    rows = conn.execute("SELECT id, name, query, action, arg, enabled FROM rules ORDER BY id")
    return [Rule(int(r[0]), r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def find_rule(conn: sqlite3.Connection, name: str) -> Rule:
    """A rule by name (case-insensitive), or RuleError."""
    key = name.strip().casefold()
    for rule in list_rules(conn):
        if rule.name.casefold() == key:
            return rule
    raise RuleError(f"no rule named {name!r}; `reader rule list` shows them")


def save_rule(
    conn: sqlite3.Connection, name: str, query: str, action: str, now: str, *, rule_id: int | None
) -> int:
    """Insert a rule (rule_id None) or change one; names are unique ignoring case."""
    name, query = " ".join(name.split()), query.strip()
    if not name:
        raise RuleError("a rule needs a name")
    if not query:
        raise RuleError("a rule needs a query (what papers it acts on)")
    verb, arg = parse_action(action)
    clash = conn.execute(
        "SELECT id FROM rules WHERE name = ? COLLATE NOCASE AND id IS NOT ?", (name, rule_id)
    ).fetchone()
    if clash:
        raise RuleError(f"there is already a rule named {name!r}")
    if rule_id is None:
        cur = conn.execute(
            "INSERT INTO rules (name, query, action, arg, enabled, created) "
            "VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
            (name, query, verb, arg, now),
        )
        return int(cur.fetchone()[0])
    conn.execute(
        "UPDATE rules SET name = ?, query = ?, action = ?, arg = ? WHERE id = ?",
        (name, query, verb, arg, rule_id),
    )
    return rule_id


@dataclass(frozen=True)
class RuleMatch:
    """What one rule matches (newest first) and which of those its action changes."""

    rule: Rule
    ids: list[PaperId]
    changing: list[PaperId]


@dataclass(frozen=True)
class RuleRun:
    """One run of rules: the matches, and (unless a dry run) the run's id and changes."""

    trigger: str
    matches: list[RuleMatch]
    run_id: int | None = None
    changes: Changes = field(default_factory=Changes)
    dry_run: bool = False

    @property
    def changed(self) -> int:
        """How many papers the run changed (or would change)."""
        if self.dry_run:
            return len({i for m in self.matches for i in m.changing})
        return len(self.changes.ids)

    def label(self) -> str:
        """'rules bench, tidy' for the undo history."""
        names = [m.rule.name for m in self.matches if m.changing]
        return f"rule{'s' if len(names) != 1 else ''} {', '.join(names)}"


def plan(
    conn: sqlite3.Connection,
    index: SearchIndex | None,
    chosen: Sequence[Rule],
    only: Iterable[int] | None = None,
) -> list[RuleMatch]:
    """What each rule matches now (within `only` when given) and would change."""
    keep = None if only is None else {int(i) for i in only}
    found = []
    for rule in chosen:
        ids = list_papers(conn, index, ListRequest(query=rule.query)).ids
        if keep is not None:
            ids = [i for i in ids if i in keep]
        states = snapshot(conn, ids)
        changing = [i for i in ids if i in states and rule.changes(states[i])]
        found.append(RuleMatch(rule, ids, changing))
    return found


def apply(conn: sqlite3.Connection, match: RuleMatch, now: str) -> set[int]:
    """Do one rule's action on the papers it changes (inside the run's transaction)."""
    rule, ids = match.rule, [int(i) for i in match.changing]
    before = snapshot(conn, ids)
    if rule.action == "tag":
        changed = tag_papers(conn, ids, [rule.arg or ""], now)
    elif rule.action == "untag":
        changed = untag_papers(conn, ids, [rule.arg or ""])
    elif rule.action == "star":
        changed = set(set_state(conn, ids, "starred", 1, now))
    elif rule.action == "trash":
        changed = set(set_state(conn, ids, "trashed", 1, now))
    else:
        status = Status.QUEUED if rule.action == "queue" else Status.ARCHIVED
        changed = set(set_state(conn, ids, "status", status.value, now))
    decisions.record(conn, before, snapshot(conn, changed), now, rule=rule.name)
    return changed


def _state_json(state: UserState) -> list[object]:
    return [state.starred, state.status.value, state.trashed, list(state.tags)]


def _state(data: list) -> UserState:
    return UserState(bool(data[0]), Status(data[1]), bool(data[2]), tuple(data[3]))


def log_run(
    conn: sqlite3.Connection,
    trigger: str,
    names: list[str],
    before: Mapping[PaperId, UserState],
    after: Mapping[PaperId, UserState],
    now: str,
    stamps: Mapping[int, str],
) -> int:
    """Keep a run's states (and when each paper's state last changed before it) so it
    can be undone; older runs beyond the last 100 go."""
    states = {
        str(pid): [_state_json(before[pid]), _state_json(s), stamps.get(int(pid))]
        for pid, s in after.items()
    }
    cur = conn.execute(
        "INSERT INTO rule_runs (at, trigger, rules, states) VALUES (?, ?, ?, ?) RETURNING id",
        (now, trigger, json.dumps(names), json.dumps(states)),
    )
    run_id = int(cur.fetchone()[0])
    conn.execute("DELETE FROM rule_runs WHERE id <= ?", (run_id - _KEEP_RUNS,))
    return run_id


def state_stamps(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """When each paper's user state last changed (paper_state.modified)."""
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT paper_id, modified FROM paper_state WHERE paper_id IN ({marks})", list(ids)
    )
    return {int(r[0]): r[1] for r in rows}


def latest_run(conn: sqlite3.Connection, *, undone: bool) -> int | None:
    """The newest run not undone yet (undone=False), or the newest undone one."""
    test = "IS NOT NULL" if undone else "IS NULL"
    row = conn.execute(f"SELECT max(id) FROM rule_runs WHERE undone {test}").fetchone()
    return int(row[0]) if row and row[0] is not None else None


@dataclass(frozen=True)
class RunUndo:
    """What undoing (or redoing) a run did: papers put back, and papers left alone because
    they were changed since."""

    run_id: int
    changes: Changes
    kept: int


def _rule_of(conn: sqlite3.Connection, names: list[str]) -> Callable[[decisions.Row], str]:
    """Which of a run's rules made a decision (a rule's action is the decision's name);
    the run's rules together when none of them, as they are now, did."""
    ran = {n.casefold() for n in names}
    by_action = {
        (r.action, (r.arg or "").casefold()): r.name
        for r in list_rules(conn)
        if r.name.casefold() in ran
    }
    together = ", ".join(names)

    def name(row: decisions.Row) -> str:
        _pid, action, arg, _came = row
        return by_action.get((action, (arg or "").casefold()), together)

    return name


def revert(conn: sqlite3.Connection, run_id: int, now: str, *, redo: bool = False) -> RunUndo:
    """Undo a run (or redo it): papers still as the run left them (as before it, for a
    redo) go back; papers changed since are left as they are."""
    row = conn.execute("SELECT states, rules FROM rule_runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise RuleError(f"no rule run {run_id} to {'redo' if redo else 'undo'}")
    stored = json.loads(row[0])
    rule_of = _rule_of(conn, json.loads(row[1])) if redo else None
    pairs = {PaperId(int(k)): (_state(v[0]), _state(v[1])) for k, v in stored.items()}
    current = snapshot(conn, pairs)
    want = {pid: pair[1] if redo else pair[0] for pid, pair in pairs.items()}
    movable: dict[int, UserState] = {
        pid: want[pid] for pid, pair in pairs.items() if current.get(pid) == pair[0 if redo else 1]
    }
    before = snapshot(conn, movable)
    changed = apply_snapshot(conn, movable, now)
    decisions.record_undo(conn, before, snapshot(conn, changed), now, rule_of)
    if not redo:
        # Undone, the run never happened: the papers' state is as old as it was before
        # (so undoing the import that brought them still sees them untouched).
        conn.executemany(
            "UPDATE paper_state SET modified = ? WHERE paper_id = ?",
            [(stored[str(pid)][2], pid) for pid in changed if stored[str(pid)][2]],
        )
    conn.execute("UPDATE rule_runs SET undone = ? WHERE id = ?", (None if redo else now, run_id))
    kinds = ("star", "status", "trash", "tags")
    return RunUndo(run_id, Changes.of(changed, *kinds), len(pairs) - len(movable))
