"""Rekeying: recomputing citation keys for papers that now have authors and a year."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from reader.core.citekeys import base_key, raw_title_base_key, unique_key
from reader.core.models import PaperId
from reader.core.queries import load_papers


@dataclass(frozen=True)
class KeyChange:
    """One paper's key, now and as Reader's scheme would make it."""

    paper_id: PaperId
    old: str
    new: str
    used: str | None = None  # how the old key was used outside Reader: kept unless forced


def key_uses(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """For each paper whose current key was used (copied, exported, imported), how."""
    wanted = [int(i) for i in ids]
    out: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = conn.execute(
            "SELECT u.paper_id, u.how FROM citekey_uses u JOIN papers p "
            "ON p.id = u.paper_id AND p.citekey = u.citekey "
            f"WHERE u.paper_id IN ({','.join('?' * len(chunk))}) ORDER BY u.first_used",
            chunk,
        )
        for paper_id, how in rows:
            out.setdefault(paper_id, how)
    return out


def record_key_use(conn: sqlite3.Connection, ids: Iterable[int], how: str, now: str) -> None:
    """Remember that the papers' current keys left Reader (copied, written to a file)."""
    conn.executemany(
        "INSERT OR IGNORE INTO citekey_uses (paper_id, citekey, how, first_used) "
        "SELECT id, citekey, ?, ? FROM papers WHERE id = ?",
        [(how, now, int(i)) for i in ids],
    )


def _in_scheme(key: str, base: str) -> bool:
    """The key already is the base, or the base plus a clash suffix."""
    return re.fullmatch(re.escape(base) + r"[a-z]{0,2}", key) is not None


def plan_rekey(conn: sqlite3.Connection, ids: Iterable[int], *, force: bool) -> list[KeyChange]:
    """The key changes a rekey of these papers would make (used keys only when forced),
    plus, with `used` set, the used keys it leaves alone."""
    papers = load_papers(conn, ids)
    uses = key_uses(conn, [p.id for p in papers])
    assigned: set[str] = set()

    def taken(key: str, own: int) -> bool:
        if key.casefold() in assigned:
            return True
        row = conn.execute(
            "SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", (key,)
        ).fetchone()
        return row is not None and row[0] != own

    plan = []
    for paper in papers:
        if paper.pending or not paper.authors or paper.year is None:
            continue
        base = base_key(paper)
        # A key made from the title's raw TeX was Reader's scheme then: it stays.
        if _in_scheme(paper.citekey, base) or _in_scheme(paper.citekey, raw_title_base_key(paper)):
            continue
        new = unique_key(base, partial(taken, own=paper.id))
        used = uses.get(paper.id)
        plan.append(KeyChange(paper.id, paper.citekey, new, used))
        if used is None or force:
            assigned.add(new.casefold())
    return plan


def set_keys(conn: sqlite3.Connection, keys: Mapping[int, str], now: str) -> list[PaperId]:
    """Give papers new keys in one go; keys may be swapped among them (undo, redo)."""
    current = dict(
        conn.execute(
            f"SELECT id, citekey FROM papers WHERE id IN ({','.join('?' * len(keys))})",
            list(keys),
        ).fetchall()
    )
    moving = {pid: key for pid, key in keys.items() if pid in current and current[pid] != key}
    # Park the keys first so a swap never meets the unique index halfway.
    conn.executemany(
        "UPDATE papers SET citekey = ? WHERE id = ?",
        [(f"rekey-parked-{pid}", pid) for pid in moving],
    )
    conn.executemany(
        "UPDATE papers SET citekey = ?, modified = ? WHERE id = ?",
        [(key, now, pid) for pid, key in moving.items()],
    )
    return [PaperId(pid) for pid in moving]
