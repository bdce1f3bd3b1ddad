"""Merging parsed records into the library: match, insert or update feed fields only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.core.changes import Changes
from reader.core.citekeys import base_key, unique_key
from reader.core.identity import normalise_doi, title_key
from reader.core.models import PaperId, PaperRecord, Skip

# Scalar feed columns a record may set; a value the record lacks never erases one we have.
_SCALARS = (
    "title",
    "abstract",
    "arxiv_version",
    "doi",
    "published",
    "updated",
    "listing_date",
    "journal_ref",
    "comment",
    "upvotes",
)


class ImportCancelled(Exception):
    """The user cancelled an import; nothing was written."""


@dataclass
class ImportReport:
    """What an import did, for the one summary line a user reads."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        """'107 new, 0 updated, 0 unchanged, 0 skipped'."""
        return (
            f"{self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )


def _find(conn: sqlite3.Connection, rec: PaperRecord, doi: str | None) -> tuple | None:
    cols = "id, arxiv_id, doi, " + ", ".join(_SCALARS)
    if rec.arxiv_id:
        row = conn.execute(f"SELECT {cols} FROM papers WHERE arxiv_id = ?", (rec.arxiv_id,))
        if found := row.fetchone():
            return found
    found = (
        conn.execute(f"SELECT {cols} FROM papers WHERE doi = ?", (doi,)).fetchone() if doi else None
    )
    if found:
        return found
    # A title match merges only when the ids the two sides know do not contradict.
    for found in conn.execute(
        f"SELECT {cols} FROM papers WHERE title_key = ? ORDER BY id", (title_key(rec.title),)
    ):
        arxiv_ok = not (rec.arxiv_id and found[1] and found[1] != rec.arxiv_id)
        doi_ok = not (doi and found[2] and found[2] != doi)
        if arxiv_ok and doi_ok:
            return found
    return None


def _values(rec: PaperRecord, doi: str | None) -> dict[str, object]:
    values = {name: getattr(rec, name) for name in _SCALARS}
    values["doi"] = doi
    return values


def _insert(
    conn: sqlite3.Connection, rec: PaperRecord, doi: str | None, source: str, now: str
) -> int:
    key = unique_key(
        base_key(rec),
        lambda k: (
            conn.execute("SELECT 1 FROM papers WHERE citekey = ? COLLATE NOCASE", (k,)).fetchone()
            is not None
        ),
    )
    values = _values(rec, doi)
    values.update(
        arxiv_id=rec.arxiv_id,
        title_key=title_key(rec.title),
        source=source,
        imported=now,
        citekey=key,
        added=now,
        modified=now,
        abstract=rec.abstract or "",
    )
    names = ", ".join(values)
    cur = conn.execute(
        f"INSERT INTO papers ({names}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    paper_id = int(cur.lastrowid or 0)
    conn.execute("INSERT INTO paper_state (paper_id, modified) VALUES (?, ?)", (paper_id, now))
    _write_lists(conn, paper_id, rec, replace=False)
    return paper_id


def _write_lists(
    conn: sqlite3.Connection, paper_id: int, rec: PaperRecord, *, replace: bool
) -> bool:
    """Authors and categories are replaced when the record has them; links are merged."""
    changed = False
    lists = (
        ("authors", "name, family, given", [(a.name, a.family, a.given) for a in rec.authors]),
        ("categories", "term", [(c,) for c in rec.categories]),
    )
    for table, cols, rows in lists:
        if not rows:
            continue
        if replace:
            old = conn.execute(
                f"SELECT {cols} FROM {table} WHERE paper_id = ? ORDER BY position", (paper_id,)
            ).fetchall()
            if [tuple(r) for r in old] == rows:
                continue
            conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (paper_id,))
        marks = ", ".join("?" * (len(rows[0]) + 2))
        conn.executemany(
            f"INSERT INTO {table} (paper_id, position, {cols}) VALUES ({marks})",
            [(paper_id, pos, *row) for pos, row in enumerate(rows)],
        )
        changed = True
    known = {r[0] for r in conn.execute("SELECT url FROM links WHERE paper_id = ?", (paper_id,))}
    fresh = [link for link in rec.links if link.url not in known]
    if fresh:
        start = conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM links WHERE paper_id = ?", (paper_id,)
        ).fetchone()[0]
        conn.executemany(
            "INSERT INTO links (paper_id, position, kind, url) VALUES (?, ?, ?, ?)",
            [(paper_id, start + n, link.kind, link.url) for n, link in enumerate(fresh)],
        )
        changed = True
    return changed


def _update(
    conn: sqlite3.Connection, row: tuple, rec: PaperRecord, doi: str | None, source: str, now: str
) -> bool:
    paper_id, old_arxiv, old_doi = row[0], row[1], row[2]
    old = dict(zip(_SCALARS, row[3:], strict=True))
    new = {k: v for k, v in _values(rec, doi).items() if v not in (None, "")}
    if new.get("doi") and old_doi and new["doi"] != old_doi:
        del new["doi"]
    if (
        old["arxiv_version"]
        and new.get("arxiv_version")
        and int(str(new["arxiv_version"])) < int(old["arxiv_version"])
    ):
        del new["arxiv_version"]
    diff = {k: v for k, v in new.items() if old[k] != v}
    if rec.arxiv_id and not old_arxiv:
        diff["arxiv_id"] = rec.arxiv_id
    if (
        "doi" in diff
        and conn.execute("SELECT 1 FROM papers WHERE doi = ?", (diff["doi"],)).fetchone()
    ):
        del diff["doi"]  # another paper holds this DOI; keep both as they are
    lists_changed = _write_lists(conn, paper_id, rec, replace=True)
    if not diff and not lists_changed:
        return False
    if "title" in diff:
        diff["title_key"] = title_key(str(diff["title"]))
    diff.update(source=source, imported=now, modified=now)
    sets = ", ".join(f"{k} = ?" for k in diff)
    conn.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*diff.values(), paper_id])
    return True


def merge_records(
    conn: sqlite3.Connection,
    records: Sequence[PaperRecord],
    report: ImportReport,
    now: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[set[PaperId], set[PaperId]]:
    """Merge records inside the caller's transaction; return (added ids, updated ids)."""
    added: set[PaperId] = set()
    updated: set[PaperId] = set()
    seen: dict[int, str] = {}
    for n, rec in enumerate(records, start=1):
        where = f"line {rec.line}" if rec.line else f"entry {n}"
        if cancelled is not None and n % 200 == 0 and cancelled():
            raise ImportCancelled()
        if progress is not None and n % 200 == 0:
            progress(n, len(records))
        if not rec.title.strip():
            report.skipped.append(Skip(where, "no title"))
            continue
        doi = normalise_doi(rec.doi) if rec.doi else None
        row = _find(conn, rec, doi)
        if row is not None and row[0] in seen:
            report.skipped.append(Skip(where, f"same paper as {seen[row[0]]}"))
            continue
        if row is None:
            paper_id = PaperId(_insert(conn, rec, doi, report.source, now))
            added.add(paper_id)
            report.new += 1
        else:
            paper_id = PaperId(row[0])
            if _update(conn, row, rec, doi, report.source, now):
                updated.add(paper_id)
                report.updated += 1
            else:
                report.unchanged += 1
        seen[paper_id] = where
    return added, updated
