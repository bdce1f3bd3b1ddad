"""Refreshing feeds: fetch (conditionally) and parse off the database, then import."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.core.changes import Changes
from reader.core.library import Library, utc_now
from reader.core.models import ParseResult
from reader.core.rules import RuleRun
from reader.core.subscriptions import Feed, FetchRecord, record_fetch
from reader.feeds import parse_feed
from reader.feeds.errors import FeedError
from reader.net.http import FetchError, Http
from reader.net.sources import QUERY_PAGE, QUERY_PAGES, Source, feed_request, parse_source
from reader.net.sources import query_params as _page_params

Progress = Callable[[int, int, str], None]
Known = Callable[[Sequence[str]], bool]  # are all these arXiv ids in the library already?


@dataclass
class Fetch:
    """What the network gave for one feed: parsed pages, validators, or the error."""

    feed: Feed
    pages: list[ParseResult] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    requests: int = 0
    error: str | None = None


@dataclass
class FeedOutcome:
    """What refreshing one feed did: one line of `reader refresh`."""

    name: str
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    requests: int = 0
    error: str | None = None
    paper_ids: set[int] = field(default_factory=set)
    changes: Changes = field(default_factory=Changes)  # what the imports touched

    def line(self) -> str:
        """'arxiv:cs.LG  37 new, 2 updated' (+ '(304 not modified)' or the error)."""
        if self.error:
            return f"{self.name}  failed: {self.error}"
        text = f"{self.name}  {self.new} new, {self.updated} updated"
        return text + ("  (304 not modified)" if self.not_modified else "")


def parse_fetched(body: bytes, where: str) -> ParseResult:
    """parse_feed, with an empty feed (a weekend listing) read as no papers, not an error."""
    try:
        return parse_feed(body)
    except FeedError as exc:
        if _no_items(body):
            return ParseResult([], kind="empty")
        raise FeedError(f"{where} did not send a feed Reader can read: {exc}") from exc


def _no_items(body: bytes) -> bool:
    """A well-formed feed that lists nothing: an RSS/Atom document without items, or []."""
    text = body.strip()
    if text == b"[]":
        return True
    head = text[:4096]
    is_feed = any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:RDF"))
    return is_feed and b"<item" not in text and b"<entry" not in text


def fetch_feed(http: Http, feed: Feed, known: Known | None = None) -> Fetch:
    """Network and parsing only (no database): safe on any thread. Raises only Cancelled."""
    fetch = Fetch(feed)
    source = parse_source(feed.source)
    try:
        if source.kind == "arxiv-query":
            _fetch_query(http, source, fetch, known)
        else:
            _fetch_simple(http, source, fetch)
    except (FetchError, FeedError) as exc:
        fetch.error = str(exc)
    return fetch


def _fetch_simple(http: Http, source: Source, fetch: Fetch) -> None:
    url, params = feed_request(source, http.config)
    feed = fetch.feed
    got = http.get(
        url,
        params=params,
        etag=feed.etag,
        last_modified=feed.last_modified,
        arxiv=source.is_arxiv(http.config),
    )
    fetch.requests += 1
    if got.not_modified:
        fetch.not_modified = True
        return
    fetch.pages.append(parse_fetched(got.body, url))
    fetch.etag, fetch.last_modified = got.etag, got.last_modified


def _fetch_query(http: Http, source: Source, fetch: Fetch, known: Known | None) -> None:
    # Newest first, page by page, until a page holds only papers we have (or is short).
    url = http.config.arxiv_api_url
    for page in range(QUERY_PAGES):
        got = http.get(url, params=_page_params(source.spec, page * QUERY_PAGE), arxiv=True)
        fetch.requests += 1
        parsed = parse_fetched(got.body, url)
        fetch.pages.append(parsed)
        ids = [r.arxiv_id for r in parsed.records if r.arxiv_id]
        if len(parsed.records) < QUERY_PAGE or (known is not None and known(ids)):
            return


def apply_fetch(lib: Library, fetch: Fetch) -> FeedOutcome:
    """Import what a fetch brought (one transaction per page) and store the feed's state."""
    feed = fetch.feed
    outcome = FeedOutcome(feed.name, not_modified=fetch.not_modified, requests=fetch.requests)
    outcome.error = fetch.error
    for parsed in fetch.pages:
        if not parsed.records:
            continue
        report = lib.import_records(
            parsed.records, f"{parsed.kind}:{feed.source}", kind=parsed.kind, rules=False
        )
        outcome.new += report.new
        outcome.updated += report.updated
        outcome.paper_ids |= {int(i) for i in report.changes.ids}
        outcome.changes |= report.changes
    record = FetchRecord(
        utc_now(),
        outcome.error,
        fetch.etag,
        fetch.last_modified,
        outcome.new,
        outcome.updated,
        frozenset(outcome.paper_ids),
    )
    record_fetch(lib.db, feed.id, record)
    return outcome


def known_ids(conn: sqlite3.Connection) -> Known:
    """A Known check on a connection (used on the thread that owns it)."""

    def known(ids: Sequence[str]) -> bool:
        if not ids:
            return True
        marks = ",".join("?" * len(ids))
        sql = f"SELECT count(*) FROM papers WHERE arxiv_id IN ({marks})"
        return int(conn.execute(sql, list(ids)).fetchone()[0]) == len(set(ids))

    return known


def rules_after(lib: Library, outcomes: Sequence[FeedOutcome]) -> RuleRun | None:
    """Run the rules once on every paper a refresh added (None when nothing changed)."""
    added = {int(i) for o in outcomes for i in o.changes.added}
    if not added:
        return None
    run = lib.run_rules(only=added, trigger="refresh")
    return run if run.run_id is not None else None


def refresh_feeds(
    lib: Library, http: Http, feeds: Sequence[Feed], *, progress: Progress | None = None
) -> list[FeedOutcome]:
    """Refresh feeds one by one; a failing feed is recorded and the others go on."""
    outcomes = []
    for n, feed in enumerate(feeds):
        if progress is not None:
            progress(n, len(feeds), feed.name)
        outcomes.append(apply_fetch(lib, fetch_feed(http, feed, known_ids(lib.conn))))
    if progress is not None:
        progress(len(feeds), len(feeds), "")
    return outcomes
