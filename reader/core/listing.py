"""Which papers, in what order: one request type and one function, for window, CLI and exports."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core import queries
from reader.core.changes import Changes
from reader.core.models import PaperId

if TYPE_CHECKING:
    # Whoosh loads only when a query needs it (the window's first paint does not).
    from reader.core.index import SearchIndex


@dataclass(frozen=True)
class View:
    """A built-in view: its key, its label, its meaning in SQL and in the query language."""

    key: str
    label: str
    where: str  # over paper_state s, trash rule excluded (the request decides it)
    query: str  # the same papers in the search language (saved exports store queries)
    trash: bool = False  # the view *is* the trash


VIEWS: tuple[View, ...] = (
    View("inbox", "Inbox", "s.status = 'new'", "status:new"),
    View("queue", "Queue", "s.status = 'queued'", "status:queued"),
    View("starred", "Starred", "s.starred = 1", "is:starred"),
    View("read", "Read", "s.status = 'read'", "status:read"),
    View("archive", "Archive", "s.status = 'archived'", "status:archived"),
    View("all", "All papers", "1", ""),
    View("trash", "Trash", "1", "is:trashed", trash=True),
)
VIEW = {v.key: v for v in VIEWS}


@dataclass(frozen=True)
class SmartView:
    """A query the user saved under a name: a view of its own in the side list."""

    id: int
    name: str
    query: str
    position: int = 0


def smart_views(conn: sqlite3.Connection) -> list[SmartView]:
    """The saved smart views, in the user's order."""
    rows = conn.execute("SELECT id, name, query, position FROM smart_views ORDER BY position, id")
    return [SmartView(int(r[0]), r[1], r[2], int(r[3])) for r in rows]


def smart_view(conn: sqlite3.Connection, name: str) -> SmartView | None:
    """A smart view by name (case-insensitive)."""
    key = name.casefold()
    return next((v for v in smart_views(conn) if v.name.casefold() == key), None)


def smart_counts(conn: sqlite3.Connection, index: SearchIndex | None) -> dict[str, int]:
    """How many papers each smart view holds (a view whose query fails counts as none)."""
    counts: dict[str, int] = {}
    for view in smart_views(conn):
        try:
            counts[view.name] = list_papers(conn, index, ListRequest(smart=view)).total
        except ValueError:
            counts[view.name] = 0
    return counts


# Sorts SQLite answers in one ORDER BY, with their natural direction (descending or not).
SORT_SQL = {
    "date": "coalesce(p.published, p.listing_date, p.added) DESC, p.id DESC",
    "title": f"{queries.TITLE_SORT}(p.title) ASC, p.id ASC",  # the title as shown
    "added": "p.added DESC, p.id DESC",
}
# The search index sorts these itself; titles it would sort by their TeX source.
INDEX_SORTS = ("date", "added")
FOR_YOU = "for-you"  # the learned ranking (reader.core.ranking): best first
SORTS = (
    "relevance",
    *SORT_SQL,
    *(k for k in queries.LIST_SORT_SQL if k not in SORT_SQL),
    FOR_YOU,
)
# The sorts people ask for by name: the window's sort commands and `reader list/search --sort`.
USER_SORTS = ("date", "title", "added", "relevance", "author")


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ListRequest:
    """A view, tags (all of them), a search, a sort and the trash rule; limit cuts the ids
    (None or 0: no cut, as `--limit 0` asks); feed keeps the papers one feed brought.

    tags accepts one name or several. descending None means the sort's natural order
    (newest first, titles A-Z, best match first, best liked first). include_trash None
    means: only when the view is the trash or the query names it (is:trashed).
    """

    view: str = "all"
    tags: tuple[str, ...] = field(default=())
    query: str = ""
    sort: str = "date"
    descending: bool | None = None
    include_trash: bool | None = None
    limit: int | None = None
    feed: int | None = None  # only the papers this feed (by id) brought in
    smart: SmartView | None = None  # only the papers of this smart view (its query too)
    like: str | None = None  # with the for-you sort: rank by this tag's model instead

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", _tags(self.tags))
        if self.view not in VIEW:
            raise ValueError(f"unknown view {self.view!r}; use one of {', '.join(VIEW)}")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")

    @property
    def tag(self) -> str | None:
        """The first tag (the window shows one tag at a time)."""
        return self.tags[0] if self.tags else None


@dataclass(frozen=True)
class Listing:
    """Ordered ids (cut to the limit) and how many papers the request matches in all."""

    ids: list[PaperId]
    total: int


def natural_descending(sort: str) -> bool:
    """Dates, additions, relevance and for-you run newest/best first; everything else A-Z."""
    return sort in ("date", "added", "relevance", FOR_YOU)


# Change kinds that can move a paper into or out of a filtered list (a note edit cannot:
# a search over notes is asked again when the index catches up).
MEMBERSHIP_KINDS = frozenset({"star", "status", "trash", "tags", "feed"})


def changes_membership(req: ListRequest, changes: Changes) -> bool:
    """A write's changes can add papers to what `req` lists, or take some away."""
    filtered = req.view != "all" or req.tags or req.query or req.smart or req.feed is not None
    trashed = changes.kinds & {"trash", "deleted"}  # leaves or joins every view
    return bool(changes.added or trashed or (filtered and changes.kinds & MEMBERSHIP_KINDS))


def full_query(req: ListRequest) -> str:
    """The search the request makes: its query, within its smart view's query if any."""
    search = req.query.strip()
    saved = req.smart.query.strip() if req.smart else ""
    if saved and search:
        return f"({saved}) AND ({search})"
    return saved or search


def trash_included(req: ListRequest) -> bool:
    """Whether trashed papers may be listed: the trash view, asked for, or named."""
    if VIEW[req.view].trash:
        return True
    if req.include_trash is not None:
        return req.include_trash
    return "trashed" in full_query(req).lower()


def _where(req: ListRequest) -> tuple[str, list[object]]:
    view = VIEW[req.view]
    clauses = [view.where]
    if view.trash:
        clauses.append("s.trashed = 1")
    elif not trash_included(req):
        clauses.append("s.trashed = 0")
    params: list[object] = []
    for tag in req.tags:
        clauses.append(
            "p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t "
            "ON t.id = pt.tag_id WHERE t.name_key = ?)"
        )
        params.append(tag.casefold())
    if req.feed is not None:
        clauses.append("p.id IN (SELECT fp.paper_id FROM feed_papers fp WHERE fp.feed_id = ?)")
        params.append(req.feed)
    return " AND ".join(clauses), params


def _sql_ids(
    conn: sqlite3.Connection, req: ListRequest, sort: str | None, limit: int | None = None
) -> list[PaperId]:
    where, params = _where(req)
    order = f" ORDER BY {SORT_SQL[sort]}" if sort else ""  # a membership set needs no order
    if sort == "title":
        queries.with_title_sort(conn)
    walk = sort == "date" and _by_date_index(conn, req, where, limit or 0)
    join = "CROSS JOIN" if walk else "JOIN"  # CROSS JOIN: SQLite keeps papers outermost
    sql = f"SELECT p.id FROM papers p {join} paper_state s ON s.paper_id = p.id WHERE {where}"
    if limit:
        order += f" LIMIT {int(limit)}"
    return [PaperId(r[0]) for r in conn.execute(sql + order, params)]


def _by_date_index(conn: sqlite3.Connection, req: ListRequest, where: str, limit: int) -> bool:
    """Whether to walk papers_by_date newest first (no sort, no paper row read, each state
    looked up) rather than let SQLite find the view's papers through their state index and
    read and sort them all (0.5 s for 20k papers). Walking wins when the view holds much
    of the library, or when only a first page is wanted from a view that is not tiny.
    Two counts over paper_state's covering index decide (milliseconds at 100k)."""
    if req.tags or req.feed is not None:
        return False
    total = conn.execute("SELECT count(*) FROM paper_state").fetchone()[0]
    inside = conn.execute(f"SELECT count(*) FROM paper_state s WHERE {where}").fetchone()[0]
    if limit:  # ~limit * total / inside index steps against ~inside rows read (~8x dearer)
        return 8 * inside * inside > limit * total
    return 4 * inside >= total


def first_page(conn: sqlite3.Connection, req: ListRequest, n: int) -> list[PaperId] | None:
    """The first n ids of a request that SQLite orders by itself (no query, smart view's
    included; a sort in its natural direction), for a window to paint before the whole
    list is read; None when only the whole list can be ordered."""
    descending = natural_descending(req.sort) if req.descending is None else req.descending
    if full_query(req) or req.sort not in SORT_SQL:
        return None
    if descending != natural_descending(req.sort):
        return None
    return _sql_ids(conn, req, req.sort, n)


def _unsearched(conn: sqlite3.Connection, req: ListRequest, descending: bool) -> list[PaperId]:
    if req.sort in SORT_SQL and descending == natural_descending(req.sort):
        return _sql_ids(conn, req, req.sort)
    # Relevance and for-you start from newest first; other sorts need only the members.
    ids = _sql_ids(conn, req, "date" if req.sort in ("relevance", FOR_YOU) else None)
    if req.sort == "relevance":  # nothing to rank without a query: newest first
        return ids if descending else ids[::-1]
    if req.sort == FOR_YOU:
        return _ranked(conn, ids, req, descending)
    return queries.sort_ids(conn, ids, req.sort, descending)


def _ranked(
    conn: sqlite3.Connection, ids: list[PaperId], req: ListRequest, descending: bool
) -> list[PaperId]:
    """Ids (newest first) in the order of the stored model; newest first without one."""
    from reader.core import ranking  # numpy loads only when a ranking is asked for

    return ranking.order(conn, ids, req.like, descending)


def _searched(
    conn: sqlite3.Connection, index: SearchIndex, req: ListRequest, descending: bool
) -> Listing:
    # The view, tags and feed are sets from SQLite handed to the index, which intersects
    # them with the text match before ranking, cutting and counting: one total.
    restricted = req.view != "all" or req.tags or req.feed is not None
    within = _sql_ids(conn, req, None) if restricted else None
    natural = descending == natural_descending(req.sort)
    by_index = req.sort if req.sort in INDEX_SORTS else "relevance"
    cut = req.limit if natural and (req.sort in INDEX_SORTS or req.sort == "relevance") else None
    hits = index.search(
        full_query(req),
        sort=by_index,
        limit=cut or None,
        include_trashed=trash_included(req),
        within=within,
    )
    ids = hits.ids
    if req.sort in INDEX_SORTS or req.sort == "relevance":
        ids = ids if natural else ids[::-1]
    elif req.sort == FOR_YOU:  # the matches, newest first, then by the model
        ids = _ranked(conn, queries.sort_ids(conn, ids, "date", True), req, descending)
    else:
        ids = queries.sort_ids(conn, ids, req.sort, descending)
    return Listing(ids[: req.limit] if req.limit else ids, hits.total)


def list_papers(conn: sqlite3.Connection, index: SearchIndex | None, req: ListRequest) -> Listing:
    """Ids for a request, ordered, cut to its limit, with the total before the cut.

    The index is needed only when the request has a query (QueryError if it is malformed).
    """
    descending = natural_descending(req.sort) if req.descending is None else req.descending
    if full_query(req):
        if index is None:
            raise ValueError("a search needs the search index")
        return _searched(conn, index, req, descending)
    ids = _unsearched(conn, req, descending)
    return Listing(ids[: req.limit] if req.limit else ids, len(ids))


def view_ids(
    conn: sqlite3.Connection, view: str = "all", sort: str = "date", tag: str | None = None
) -> list[PaperId]:
    """Ids in a view (or a view and a tag), sorted: list_papers without a query."""
    return list_papers(conn, None, ListRequest(view, (tag,) if tag else (), sort=sort)).ids


def view_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many papers each built-in view holds, in one query: paper_state's covering
    index grouped into its (at most 16) combinations of state, then summed per view (a
    state row always has its paper). Seven counts over the papers took ~0.5 s at 20k."""
    sums = []
    for view in VIEWS:
        where, _params = _where(ListRequest(view.key))  # a bare view: no tag, no parameter
        sums.append(f"coalesce(sum(CASE WHEN {where} THEN s.n END), 0)")
    grouped = (
        "SELECT trashed, status, starred, count(*) AS n FROM paper_state "
        "GROUP BY trashed, status, starred"
    )
    row = conn.execute(f"SELECT {', '.join(sums)} FROM ({grouped}) s").fetchone()
    return {view.key: int(n) for view, n in zip(VIEWS, row, strict=True)}


def tag_query(name: str) -> str:
    """The query for one tag, quoted so spaces and commas stay part of the name."""
    quote = '"' if "'" in name else "'"
    return f"tag:{quote}{name}{quote}"


def as_query(req: ListRequest) -> str:
    """The request's papers as one query in the search language (what saved exports store)."""
    parts = [VIEW[req.view].query, *(tag_query(t) for t in req.tags)]
    parts = [p for p in parts if p]
    if req.include_trash and not VIEW[req.view].trash:
        raise ValueError("the search language cannot say 'trashed or not'")
    search = full_query(req)
    if search:
        parts.append(f"({search})" if parts else search)
    return " ".join(parts)
