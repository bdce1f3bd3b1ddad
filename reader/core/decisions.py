"""The decision log: when each triage decision was made, written inside the decision's write.

Rows come from comparing user-state snapshots (reader.core.tags.snapshot) taken before
and after a write in the same transaction, so whatever wrote the state (a key, the CLI,
a rule) logs exactly what changed. Imports never write here. Undo removes the rows of
the decision it undoes; redo logs the decision again, at the time of the redo.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from reader.core.changes import Changes
from reader.core.models import PaperId, Status
from reader.core.tags import UserState, apply_snapshot, snapshot

STATUS_ACTION = {
    Status.NEW: "new",
    Status.QUEUED: "queue",
    Status.READ: "read",
    Status.ARCHIVED: "archive",
}
ACTION_STATUS = {v: k for k, v in STATUS_ACTION.items()}
ACTIONS = ("star", "unstar", *STATUS_ACTION.values(), "trash", "restore", "tag", "untag", "note")
_INVERSE = {"star": "unstar", "unstar": "star", "trash": "restore", "restore": "trash"}
_INVERSE |= {"tag": "untag", "untag": "tag"}


@dataclass(frozen=True)
class Decision:
    """One logged decision: what was done to which paper, from which status, and when.

    via is 'user' (a key, a command), 'rule' (rule names the rule) or 'migrated'
    (reconstructed from what the library kept before the log existed; `at` is then the
    state's last change, an estimate, except for trash, tags and notes).
    """

    paper_id: PaperId
    action: str
    arg: str | None
    from_status: Status
    at: str
    via: str = "user"
    rule: str | None = None


Row = tuple[int, str, str | None, str]  # paper id, action, arg, from_status


def diff(before: Mapping[PaperId, UserState], after: Mapping[PaperId, UserState]) -> list[Row]:
    """The decisions that turn `before` into `after`, paper by paper."""
    rows: list[Row] = []
    for pid, now in after.items():
        was = before.get(pid)
        if was is None or was == now:
            continue
        came = was.status.value
        if was.trashed != now.trashed:
            rows.append((pid, "trash" if now.trashed else "restore", None, came))
        if was.status != now.status:
            rows.append((pid, STATUS_ACTION[now.status], None, came))
        if was.starred != now.starred:
            rows.append((pid, "star" if now.starred else "unstar", None, came))
        had = {t.casefold(): t for t in was.tags}
        has = {t.casefold(): t for t in now.tags}
        rows += [(pid, "tag", has[k], came) for k in has.keys() - had.keys()]
        rows += [(pid, "untag", had[k], came) for k in had.keys() - has.keys()]
    return rows


def record(
    conn: sqlite3.Connection,
    before: Mapping[PaperId, UserState],
    after: Mapping[PaperId, UserState],
    now: str,
    rule: str | None = None,
) -> int:
    """Log what changed between the snapshots (inside the write's transaction)."""
    rows = diff(before, after)
    via = "rule" if rule else "user"
    conn.executemany(
        "INSERT INTO decisions (paper_id, action, arg, from_status, at, via, rule) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*row, now, via, rule) for row in rows],
    )
    return len(rows)


def logged(
    wanted: list[int], fn: Callable[[sqlite3.Connection, str], Changes]
) -> Callable[[sqlite3.Connection, str], Changes]:
    """A write of user state (for Library._write) that logs what it decided, in its own
    transaction: the states of `wanted` before, and of what changed after."""

    def run(conn: sqlite3.Connection, now: str) -> Changes:
        before = snapshot(conn, wanted)
        changes = fn(conn, now)
        record(conn, before, snapshot(conn, changes.ids), now)
        return changes

    return run


def restoring(
    states: Mapping[int, UserState],
) -> Callable[[sqlite3.Connection, str], Changes]:
    """A write putting papers back into earlier states (undo, redo), logged as such."""

    def run(conn: sqlite3.Connection, now: str) -> Changes:
        before = snapshot(conn, states)
        changed = apply_snapshot(conn, states, now)
        record_undo(conn, before, snapshot(conn, changed), now)
        return Changes.of(changed, "star", "status", "trash", "tags")

    return run


def record_note(conn: sqlite3.Connection, paper_id: int, now: str) -> None:
    """A paper got a note (its first one, or again after it was emptied)."""
    row = conn.execute("SELECT status FROM paper_state WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is not None:
        conn.execute(
            "INSERT INTO decisions (paper_id, action, arg, from_status, at) "
            "VALUES (?, 'note', NULL, ?, ?)",
            (paper_id, row[0], now),
        )


def _group(action: str, arg: str | None) -> tuple[str, ...]:
    """The actions that decide the same thing (the star, the status, the trash, one tag)."""
    if action in ACTION_STATUS:
        return tuple(ACTION_STATUS)
    if action in ("tag", "untag"):
        return ("tag", "untag")
    return (action, _INVERSE[action])


def _cancels(conn: sqlite3.Connection, row: Row) -> int | None:
    """The latest logged row this undo reverses (the id to delete), if it is one."""
    pid, action, arg, came = row
    group = _group(action, arg)
    marks = ",".join("?" * len(group))
    tag_clause = " AND arg = ? COLLATE NOCASE" if arg is not None else ""
    latest = conn.execute(
        f"SELECT id, action, from_status FROM decisions WHERE paper_id = ? "
        f"AND action IN ({marks}){tag_clause} ORDER BY id DESC LIMIT 1",
        [pid, *group, *([arg] if arg is not None else [])],
    ).fetchone()
    if latest is None:
        return None
    if action in ACTION_STATUS:
        # The latest move went from this row's target to this row's origin.
        back = latest[2] == ACTION_STATUS[action].value and ACTION_STATUS[latest[1]].value == came
        return int(latest[0]) if back else None
    return int(latest[0]) if latest[1] == _INVERSE[action] else None


def record_undo(
    conn: sqlite3.Connection,
    before: Mapping[PaperId, UserState],
    after: Mapping[PaperId, UserState],
    now: str,
    rule_of: Callable[[Row], str | None] | None = None,
) -> None:
    """Log a return to earlier states (undo, redo): a change that reverses the latest
    logged decision of its kind removes that decision; any other is logged as made now,
    by the user, or by the rule rule_of names (a redone rule run stays the rule's)."""
    fresh: list[Row] = []
    for row in diff(before, after):
        gone = _cancels(conn, row)
        if gone is None:
            fresh.append(row)
        else:
            conn.execute("DELETE FROM decisions WHERE id = ?", (gone,))
    named = [(row, rule_of(row) if rule_of else None) for row in fresh]
    conn.executemany(
        "INSERT INTO decisions (paper_id, action, arg, from_status, at, via, rule) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*row, now, "rule" if rule else "user", rule) for row, rule in named],
    )


def history(
    conn: sqlite3.Connection, ids: Iterable[int] | None = None, since: str | None = None
) -> list[Decision]:
    """Logged decisions, oldest first; of some papers only, or from a time on."""
    sql = "SELECT paper_id, action, arg, from_status, at, via, rule FROM decisions"
    clauses: list[str] = []
    params: list[object] = []
    if ids is not None:
        wanted = sorted({int(i) for i in ids})
        clauses.append(f"paper_id IN ({','.join('?' * len(wanted)) or 'NULL'})")
        params += wanted
    if since is not None:
        clauses.append("at >= ?")
        params.append(since)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(f"{sql}{where} ORDER BY at, id", params)
    return [Decision(PaperId(r[0]), r[1], r[2], Status(r[3]), r[4], r[5], r[6]) for r in rows]
