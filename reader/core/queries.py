"""Read side: papers for ids, ids for views, counts. Never writes."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.core.models import Author, Link, Paper, PaperId, Status
from reader.core.tex_display import tex_sort_key

_BATCH = 500

_PAPER_SELECT = """
SELECT p.id, p.citekey, p.title, p.abstract, p.arxiv_id, p.arxiv_version, p.doi,
       p.published, p.updated, p.listing_date, p.journal_ref, p.comment, p.upvotes,
       p.source, p.imported, p.added, p.modified,
       s.starred, s.status, s.trashed, n.body, n.modified,
       p.pending, p.entry_type, p.venue, p.volume, p.number, p.pages, p.publisher,
       p.keywords, p.revised, p.previous_abstract
FROM papers p
JOIN paper_state s ON s.paper_id = p.id
LEFT JOIN notes n ON n.paper_id = p.id
"""


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _grouped(conn: sqlite3.Connection, sql: str, ids: Sequence[int]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for row in conn.execute(sql.format(_marks(len(ids))), list(ids)):
        out[row[0]].append(row[1:])
    return out


def load_papers(conn: sqlite3.Connection, ids: Iterable[int]) -> list[Paper]:
    """Papers for ids, in the order given; ids that do not exist are left out."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found: dict[int, Paper] = {}
    for chunk in _chunks(wanted):
        rows = conn.execute(f"{_PAPER_SELECT} WHERE p.id IN ({_marks(len(chunk))})", chunk)
        base = {row[0]: row for row in rows}
        if not base:
            continue
        present = list(base)
        authors = _grouped(
            conn,
            "SELECT paper_id, name, family, given, affiliation FROM authors "
            "WHERE paper_id IN ({}) ORDER BY paper_id, position",
            present,
        )
        cats = _grouped(
            conn,
            "SELECT paper_id, term FROM categories "
            "WHERE paper_id IN ({}) ORDER BY paper_id, position",
            present,
        )
        links = _grouped(
            conn,
            "SELECT paper_id, kind, url FROM links "
            "WHERE paper_id IN ({}) ORDER BY paper_id, position",
            present,
        )
        tags = _grouped(
            conn,
            "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE pt.paper_id IN ({}) ORDER BY pt.paper_id, t.name COLLATE NOCASE",
            present,
        )
        for pid, row in base.items():
            found[pid] = _paper(row, authors[pid], cats[pid], links[pid], tags[pid])
    return [found[i] for i in wanted if i in found]


def _paper(row: tuple, authors: list, cats: list, links: list, tags: list) -> Paper:
    return Paper(
        id=PaperId(row[0]),
        citekey=row[1],
        title=row[2],
        abstract=row[3],
        authors=tuple(Author(*a) for a in authors),
        arxiv_id=row[4],
        arxiv_version=row[5],
        doi=row[6],
        published=row[7],
        updated=row[8],
        listing_date=row[9],
        categories=tuple(c[0] for c in cats),
        links=tuple(Link(*link) for link in links),
        upvotes=row[12],
        journal_ref=row[10],
        comment=row[11],
        source=row[13],
        imported=row[14],
        added=row[15],
        modified=row[16],
        starred=bool(row[17]),
        status=Status(row[18]),
        tags=tuple(t[0] for t in tags),
        note=row[20] or "",
        note_modified=row[21],
        trashed=bool(row[19]),
        pending=bool(row[22]),
        entry_type=row[23],
        venue=row[24],
        volume=row[25],
        number=row[26],
        pages=row[27],
        publisher=row[28],
        keywords=decode_keywords(row[29]),
        revised=row[30],
        previous_abstract=row[31],
    )


def encode_keywords(keywords: Sequence[str]) -> str:
    """Keywords as stored: one a line (a keyword never holds a line break)."""
    return "\n".join(" ".join(k.split()) for k in keywords if k.strip())


def decode_keywords(stored: str | None) -> tuple[str, ...]:
    """The stored keywords back as a tuple."""
    return tuple(stored.split("\n")) if stored else ()


def iter_papers(conn: sqlite3.Connection, batch: int = 1000) -> Iterator[Paper]:
    """Every paper in the library (trashed ones too), in id order, batch by batch."""
    last = 0
    while True:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM papers WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
        ]
        if not ids:
            return
        yield from load_papers(conn, ids)
        last = ids[-1]


def resolve(conn: sqlite3.Connection, ref: str) -> PaperId | None:
    """A paper id from a user's reference: its number or its citation key."""
    ref = ref.strip()
    # isascii: "²".isdigit() is true; the length keeps int() within SQLite's 64 bits.
    if ref.isascii() and ref.isdigit() and len(ref) < 19:
        row = conn.execute("SELECT id FROM papers WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return PaperId(row[0])
    row = conn.execute("SELECT id FROM papers WHERE citekey = ?", (ref,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", (ref,)
        ).fetchone()
    return PaperId(row[0]) if row else None


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag with the number of untrashed papers carrying it, by name."""
    rows = conn.execute(
        "SELECT t.name, count(s.paper_id) FROM tags t "
        "LEFT JOIN paper_tags pt ON pt.tag_id = t.id "
        "LEFT JOIN paper_state s ON s.paper_id = pt.paper_id AND s.trashed = 0 "
        "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    )
    return [(name, count) for name, count in rows]


def tag_exists(conn: sqlite3.Connection, name: str) -> bool:
    """True when a tag of that name (any case) is known."""
    key = name.strip().casefold()
    return conn.execute("SELECT 1 FROM tags WHERE name_key = ?", (key,)).fetchone() is not None


@dataclass(frozen=True)
class SavedExport:
    """A query + format + file that Reader keeps up to date."""

    id: int
    query: str
    format: str
    path: str
    include_notes: bool
    last_written: str | None
    last_error: str | None


def saved_exports(conn: sqlite3.Connection) -> list[SavedExport]:
    """Every saved export, oldest first."""
    rows = conn.execute(
        "SELECT id, query, format, path, include_notes, last_written, last_error "
        "FROM saved_exports ORDER BY id"
    )
    return [SavedExport(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]


def example_author(conn: sqlite3.Connection) -> str | None:
    """A family name from a paper not in the trash, for examples of `author:`; None when no
    such paper has authors. The first hit, not a ranking: it must cost nothing."""
    row = conn.execute(
        "SELECT coalesce(nullif(a.family, ''), a.name) FROM authors a "
        "JOIN paper_state s ON s.paper_id = a.paper_id AND s.trashed = 0 "
        "WHERE a.position = 0 LIMIT 1"
    ).fetchone()
    words = row[0].split() if row else []
    return words[-1] if words else None


def paper_count(conn: sqlite3.Connection) -> int:
    """Number of papers, trashed ones included."""
    return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])


def write_mark(conn: sqlite3.Connection) -> int:
    """A number that grows with every change to papers, authors, state, tags or notes, made
    by any process: the index outbox's AUTOINCREMENT counter, kept when its rows are gone."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'index_outbox'").fetchone()
    return int(row[0]) if row else 0


# -- light rows for list views (appended for the GUI's paper list) -----------------------


@dataclass(frozen=True)
class ListRow:
    """What one line of a paper list shows: no abstract, no note body."""

    id: PaperId
    citekey: str
    title: str
    first_author: str
    author_count: int
    date: str
    tags: tuple[str, ...]
    starred: bool
    status: Status
    noted: bool
    updated: bool = False  # a new version since the user engaged with it
    pending: bool = False  # an identifier awaiting lookup (title may be empty)
    identifier: str = ""  # arXiv id or DOI, to show while pending


def list_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[PaperId, ListRow]:
    """Light rows for the given ids, keyed by id; ids that do not exist are left out."""
    out: dict[PaperId, ListRow] = {}
    for chunk in _chunks(list(ids)):
        marks = _marks(len(chunk))
        tags = _grouped(
            conn,
            "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE pt.paper_id IN ({}) ORDER BY pt.paper_id, t.name COLLATE NOCASE",
            chunk,
        )
        rows = conn.execute(
            "SELECT p.id, p.citekey, p.title, "
            "(SELECT name FROM authors a WHERE a.paper_id = p.id ORDER BY position LIMIT 1), "
            "(SELECT count(*) FROM authors a WHERE a.paper_id = p.id), "
            "coalesce(p.published, p.listing_date, ''), s.starred, s.status, "
            "EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id), "
            "p.revised IS NOT NULL, p.pending, coalesce(p.arxiv_id, p.doi, '') "
            f"FROM papers p JOIN paper_state s ON s.paper_id = p.id WHERE p.id IN ({marks})",
            list(chunk),
        )
        for r in rows:
            pid = PaperId(r[0])
            tag_names = tuple(t[0] for t in tags.get(r[0], ()))
            out[pid] = ListRow(
                pid,
                r[1],
                r[2],
                r[3] or "",
                r[4],
                r[5],
                tag_names,
                bool(r[6]),
                Status(r[7]),
                bool(r[8]),
                bool(r[9]),
                bool(r[10]),
                r[11],
            )
    return out


# An SQL function on our connections (with_title_sort): the title as shown, casefolded,
# accents folded, so `\\emph{Provable}` sorts under P and not under a backslash.
TITLE_SORT = "reader_title_sort"


def with_title_sort(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The connection, able to run TITLE_SORT(title) (registering it again is harmless)."""
    conn.create_function(TITLE_SORT, 1, tex_sort_key, deterministic=True)
    return conn


LIST_SORT_SQL = {
    "star": "SELECT paper_id, starred FROM paper_state",
    "title": f"SELECT id, {TITLE_SORT}(title) FROM papers",
    "author": "SELECT paper_id, lower(name) FROM authors WHERE position = "
    "(SELECT min(position) FROM authors b WHERE b.paper_id = authors.paper_id)",
    "date": "SELECT id, coalesce(published, listing_date, added) FROM papers",
    "tags": "SELECT pt.paper_id, group_concat(lower(t.name), ',') FROM paper_tags pt "
    "JOIN tags t ON t.id = pt.tag_id GROUP BY pt.paper_id",
    "status": "SELECT paper_id, CASE status WHEN 'new' THEN 0 WHEN 'queued' THEN 1 "
    "WHEN 'read' THEN 2 ELSE 3 END FROM paper_state",
    "added": "SELECT id, added FROM papers",
    "note": "SELECT paper_id, 1 FROM notes",
}


def sort_ids(
    conn: sqlite3.Connection, ids: Sequence[int], key: str, descending: bool = False
) -> list[PaperId]:
    """ids ordered by a list column (star, title, author, date, tags, status, added, note)."""
    if key == "author":
        return _by_first_author(conn, ids, descending)
    if key == "title":
        with_title_sort(conn)
    keys: dict[int, object] = dict(conn.execute(LIST_SORT_SQL[key]).fetchall())
    blank: object = 0 if key in ("star", "status", "note") else ""
    ordered = sorted(ids, key=lambda i: (keys.get(i) or blank, i), reverse=descending)
    return [PaperId(i) for i in ordered]


def _by_first_author(
    conn: sqlite3.Connection, ids: Sequence[int], descending: bool
) -> list[PaperId]:
    """By the first author's family name (the name's last word when the source gave no
    family), then the whole name; papers without authors after those with (A-Z)."""
    sql = (
        "SELECT paper_id, family, name FROM authors WHERE position = "
        "(SELECT min(position) FROM authors b WHERE b.paper_id = authors.paper_id)"
    )
    keys = {
        pid: ((family or (name.split() or [""])[-1]).casefold(), name.casefold())
        for pid, family, name in conn.execute(sql)
    }
    none = ("\U0010ffff", "")  # after every name
    ordered = sorted(ids, key=lambda i: (keys.get(i, none), i), reverse=descending)
    return [PaperId(i) for i in ordered]
