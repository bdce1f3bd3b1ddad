"""Merging parsed records into the library: one paper per work, feed fields only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.changes import Changes
from reader.core.citekeys import base_key, provisional_key, unique_key, valid_key
from reader.core.identity import normalise_doi, title_key
from reader.core.import_log import (
    LIST_COLUMNS,
    ROW_COLUMNS,
    SCALARS,
    log_items,
    read_lists,
    record_sources,
    snapshot,
)
from reader.core.models import PaperId, PaperRecord, Skip
from reader.core.queries import encode_keywords

if TYPE_CHECKING:
    from reader.core.rules import RuleRun

# Fields a newer arXiv version replaces; `published` is the first version's date and stays.
_VERSIONED = frozenset({"title", "abstract", "arxiv_version", "updated", "comment", "journal_ref"})
# Counts that change from day to day: the latest wins whatever the source.
_VOLATILE = frozenset({"upvotes"})


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
    import_id: int | None = None
    revised: int = 0  # papers the user had engaged with that got a new version
    cut: list[Skip] = field(default_factory=list)  # entries imported with text cut (limits.py)
    rules: RuleRun | None = None  # the rules' run on the new papers, if it changed any
    rules_error: str | None = None  # why that run failed (the import itself is kept)

    def summary(self) -> str:
        """'107 new, 0 updated, 0 unchanged, 0 skipped' (and ', 1 cut' when text was cut)."""
        cut = f", {len(self.cut)} cut" if self.cut else ""
        return (
            f"{self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped{cut}"
        )


@dataclass(frozen=True)
class _Context:
    conn: sqlite3.Connection
    now: str
    source: str
    kind: str
    import_id: int
    # Log rows, written in bulk at the end: one executemany beats a statement per paper.
    items: list[tuple] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)


def kind_of(source: str) -> str:
    """The parser kind a stored source names ('arxiv-api:feed.xml' -> 'arxiv-api')."""
    return source.split(":", 1)[0]


def _find(conn: sqlite3.Connection, rec: PaperRecord, doi: str | None) -> dict | None:
    """The stored paper for a work: by version-less arXiv id, then DOI, then title."""
    cols = ", ".join(ROW_COLUMNS)
    found = None
    if rec.arxiv_id:
        found = conn.execute(
            f"SELECT {cols} FROM papers WHERE arxiv_id = ?", (rec.arxiv_id,)
        ).fetchone()
    if found is None and doi:
        found = conn.execute(f"SELECT {cols} FROM papers WHERE doi = ?", (doi,)).fetchone()
    if found is not None:
        return dict(zip(ROW_COLUMNS, found, strict=True))
    key = title_key(rec.title)
    if not key:
        return None  # an identifier awaiting lookup has no title to match on
    # A title match merges only when the ids the two sides know do not contradict.
    for candidate in conn.execute(
        f"SELECT {cols} FROM papers WHERE title_key = ? ORDER BY id", (key,)
    ):
        row = dict(zip(ROW_COLUMNS, candidate, strict=True))
        arxiv_ok = not (rec.arxiv_id and row["arxiv_id"] and row["arxiv_id"] != rec.arxiv_id)
        doi_ok = not (doi and row["doi"] and row["doi"] != doi)
        if arxiv_ok and doi_ok:
            return row
    return None


def _values(rec: PaperRecord, doi: str | None) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(rec, name, None) for name in SCALARS}
    values["doi"] = doi
    values["keywords"] = encode_keywords(rec.keywords)
    if not rec.published and rec.year:
        values["published"] = str(rec.year)  # a year alone still dates and keys the paper
    return values


def _key_taken(conn: sqlite3.Connection, key: str, own: int | None = None) -> bool:
    row = conn.execute("SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", (key,)).fetchone()
    return row is not None and row[0] != own


def _new_key(conn: sqlite3.Connection, rec: PaperRecord) -> tuple[str, bool]:
    """(key, whether it is the source's own key): the hint when free and valid."""
    hint = (rec.citekey_hint or "").strip()
    if hint and valid_key(hint) and not _key_taken(conn, hint):
        return hint, True
    base = provisional_key(rec) if rec.pending else base_key(rec)
    return unique_key(base, lambda k: _key_taken(conn, k)), False


def _insert(ctx: _Context, rec: PaperRecord, doi: str | None) -> PaperId:
    conn = ctx.conn
    key, from_source = _new_key(conn, rec)
    values = _values(rec, doi)
    values.update(
        arxiv_id=rec.arxiv_id,
        title_key=title_key(rec.title),
        source=ctx.source,
        imported=ctx.now,
        citekey=key,
        added=ctx.now,
        modified=ctx.now,
        abstract=rec.abstract or "",
        pending=int(rec.pending),
    )
    names = ", ".join(values)
    cur = conn.execute(
        f"INSERT INTO papers ({names}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    paper_id = PaperId(int(cur.lastrowid or 0))
    conn.execute("INSERT INTO paper_state (paper_id, modified) VALUES (?, ?)", (paper_id, ctx.now))
    new_lists = {"authors": _author_rows(rec), "categories": [(c,) for c in rec.categories]}
    new_lists["links"] = [(link.kind, link.url) for link in rec.links]
    _write_lists(conn, paper_id, {t: rows for t, rows in new_lists.items() if rows}, fresh=True)
    if from_source:
        # The user's own .bib key: already cited somewhere, so rekey leaves it alone.
        conn.execute(
            "INSERT OR IGNORE INTO citekey_uses (paper_id, citekey, how, first_used) "
            "VALUES (?, ?, ?, ?)",
            (paper_id, key, f"imported from {ctx.source}", ctx.now),
        )
    return paper_id


def _author_rows(rec: PaperRecord) -> list[tuple]:
    return [(a.name, a.family, a.given, a.affiliation) for a in rec.authors]


def _write_lists(
    conn: sqlite3.Connection, paper_id: int, lists: dict[str, list[tuple]], *, fresh: bool = False
) -> None:
    """Replace the given lists (authors, categories, links) of a paper (fresh: a new one)."""
    for table, rows in lists.items():
        cols = LIST_COLUMNS[table]
        if not fresh:
            conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (paper_id,))
        marks = ", ".join("?" * (cols.count(",") + 3))
        conn.executemany(
            f"INSERT INTO {table} (paper_id, position, {cols}) VALUES ({marks})",
            [(paper_id, pos, *row) for pos, row in enumerate(rows)],
        )


def _is_new_version(old: dict, rec: PaperRecord) -> bool:
    """A later arXiv version than the one stored (or a `replace` of an unversioned paper)."""
    if not rec.arxiv_version:
        return False
    if old["arxiv_version"]:
        return rec.arxiv_version > int(old["arxiv_version"])
    replaced = (rec.announce_type or "").startswith("replace")
    return replaced and bool(rec.abstract) and rec.abstract != old["abstract"]


def _scalar_diff(old: dict, rec: PaperRecord, doi: str | None, kind: str) -> dict[str, object]:
    """What the record may change: fill what is missing, replace only by the merge rule."""
    newer = _is_new_version(old, rec)
    older = bool(
        rec.arxiv_version and old["arxiv_version"] and rec.arxiv_version < old["arxiv_version"]
    )
    # The source that last wrote a paper may revise its own data; a pending paper has none.
    same = kind == kind_of(old["source"]) and not older
    fill_all = bool(old["pending"]) and not rec.pending
    diff: dict[str, object] = {}
    for name, value in _values(rec, doi).items():
        current = old[name]
        if value in (None, "") or value == current:
            continue
        if current in (None, "") or fill_all or name in _VOLATILE:
            diff[name] = value
        elif name == "doi":
            continue  # a paper's DOI is never replaced by another one
        elif (newer and name in _VERSIONED) or same:
            diff[name] = value
    if rec.arxiv_id and not old["arxiv_id"]:
        diff["arxiv_id"] = rec.arxiv_id
    return diff


def _list_diff(
    old_lists: dict[str, list[tuple]], old: dict, rec: PaperRecord, kind: str
) -> dict[str, list[tuple]]:
    older = bool(
        rec.arxiv_version and old["arxiv_version"] and rec.arxiv_version < old["arxiv_version"]
    )
    may_replace = not older and (
        _is_new_version(old, rec) or kind == kind_of(old["source"]) or bool(old["pending"])
    )
    out: dict[str, list[tuple]] = {}
    for table, rows in (
        ("authors", _author_rows(rec)),
        ("categories", [(c,) for c in rec.categories]),
    ):
        current = old_lists[table]
        if rows and rows != current and (not current or may_replace):
            out[table] = rows
    known = {url for _, url in old_lists["links"]}
    fresh = [(link.kind, link.url) for link in rec.links if link.url not in known]
    if fresh:
        out["links"] = old_lists["links"] + list(dict.fromkeys(fresh))
    return out


def _engaged(conn: sqlite3.Connection, paper_id: int) -> bool:
    """Has the user read, queued, archived, starred, tagged or noted this paper?"""
    row = conn.execute(
        "SELECT s.status != 'new' OR s.starred = 1 "
        "OR EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = s.paper_id) "
        "OR EXISTS (SELECT 1 FROM paper_tags t WHERE t.paper_id = s.paper_id) "
        "FROM paper_state s WHERE s.paper_id = ?",
        (paper_id,),
    ).fetchone()
    return bool(row and row[0])


def _update(ctx: _Context, old: dict, rec: PaperRecord, doi: str | None) -> bool:
    conn, paper_id = ctx.conn, int(old["id"])
    diff = _scalar_diff(old, rec, doi, ctx.kind)
    if (
        "doi" in diff
        and conn.execute("SELECT 1 FROM papers WHERE doi = ?", (diff["doi"],)).fetchone()
    ):
        del diff["doi"]  # another paper holds this DOI; keep both as they are
    if (
        "arxiv_id" in diff
        and conn.execute("SELECT 1 FROM papers WHERE arxiv_id = ?", (diff["arxiv_id"],)).fetchone()
    ):
        del diff["arxiv_id"]
    old_lists = read_lists(conn, paper_id)
    lists = _list_diff(old_lists, old, rec, ctx.kind)
    if not diff and not lists:
        return False
    ctx.items.append((paper_id, "updated", snapshot(old, old_lists)))
    # Once flagged, keep the abstract the user saw, not an interim version's.
    if _is_new_version(old, rec) and "abstract" in diff and old["revised"] is None:
        diff["previous_abstract"] = old["abstract"]
        if _engaged(conn, paper_id):
            diff["revised"] = ctx.now
    if old["pending"] and not rec.pending:
        diff["pending"] = 0
        _rekey_resolved(conn, old, rec, diff)
    if "title" in diff:
        diff["title_key"] = title_key(str(diff["title"]))
    diff.update(source=ctx.source, imported=ctx.now, modified=ctx.now)
    sets = ", ".join(f"{k} = ?" for k in diff)
    conn.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*diff.values(), paper_id])
    _write_lists(conn, paper_id, lists)
    return True


def _rekey_resolved(conn: sqlite3.Connection, old: dict, rec: PaperRecord, diff: dict) -> None:
    """A pending paper's provisional key gives way to a real one, unless it was used."""
    used = conn.execute(
        "SELECT 1 FROM citekey_uses WHERE paper_id = ? AND citekey = ?",
        (old["id"], old["citekey"]),
    ).fetchone()
    if used:
        return
    hint = (rec.citekey_hint or "").strip()
    own = int(old["id"])
    if hint and valid_key(hint) and not _key_taken(conn, hint, own):
        diff["citekey"] = hint
    else:
        diff["citekey"] = unique_key(base_key(rec), lambda k: _key_taken(conn, k, own))


def merge_records(
    conn: sqlite3.Connection,
    records: Sequence[PaperRecord],
    report: ImportReport,
    now: str,
    *,
    kind: str,
    import_id: int,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[set[PaperId], set[PaperId]]:
    """Merge records inside the caller's transaction; return (added ids, updated ids)."""
    ctx = _Context(conn, now, report.source, kind, import_id)
    added: set[PaperId] = set()
    updated: set[PaperId] = set()
    seen: dict[int, str] = {}
    for n, rec in enumerate(records, start=1):
        where = f"line {rec.line}" if rec.line else f"entry {n}"
        if n % 200 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(n, len(records))
        if not rec.title.strip() and not (rec.pending and (rec.arxiv_id or rec.doi)):
            report.skipped.append(Skip(where, "no title"))
            continue
        doi = normalise_doi(rec.doi) if rec.doi else None
        row = _find(conn, rec, doi)
        if row is not None and row["id"] in seen:
            report.skipped.append(Skip(where, f"same paper as {seen[row['id']]}"))
            continue
        if row is None:
            paper_id = _insert(ctx, rec, doi)
            ctx.items.append((paper_id, "added", None))
            added.add(paper_id)
            report.new += 1
        else:
            paper_id = PaperId(row["id"])
            if _update(ctx, row, rec, doi):
                updated.add(paper_id)
                report.updated += 1
            else:
                report.unchanged += 1
        ctx.sources.append(paper_id)
        seen[paper_id] = where
    log_items(conn, import_id, ctx.items)
    record_sources(conn, ctx.sources, ctx.source, kind, import_id, now)
    report.revised = _count_revised(conn, updated, now)
    return added, updated


def _count_revised(conn: sqlite3.Connection, ids: set[PaperId], now: str) -> int:
    if not ids:
        return 0
    return int(conn.execute("SELECT count(*) FROM papers WHERE revised = ?", (now,)).fetchone()[0])
