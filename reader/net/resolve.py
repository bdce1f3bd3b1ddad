"""Completing papers from arXiv and Crossref: pending identifiers, and lookup by title."""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from reader.core.changes import Changes
from reader.core.identity import title_key
from reader.core.library import Library, utc_now
from reader.core.models import PaperRecord
from reader.core.subscriptions import clear_lookup_failures, record_lookup_failures
from reader.feeds.crossref import parse_crossref
from reader.feeds.errors import FeedError
from reader.net.http import FetchError, Http
from reader.net.refresh import parse_fetched
from reader.net.sources import endpoint

ID_BATCH = 50  # arXiv ids per id_list request
TITLE_BATCH = 20  # ti:"…" phrases per search request
TITLE_RESULTS = 100  # entries asked for per title search
NEAR = 0.85  # a title this similar (but not equal) is reported, never accepted
SOURCE = "lookup"


@dataclass(frozen=True)
class Wanted:
    """A paper to complete, with what we know to look it up by."""

    paper_id: int
    title: str
    arxiv_id: str | None
    doi: str | None


@dataclass
class LookupReport:
    """What a lookup found: accepted matches, near misses, failures, requests made."""

    resolved: list[tuple[Wanted, str]] = field(default_factory=list)  # (paper, found id)
    near: list[tuple[Wanted, str, str]] = field(default_factory=list)  # (paper, id, title)
    failed: dict[int, str] = field(default_factory=dict)  # paper id -> reason
    errors: list[str] = field(default_factory=list)  # requests that failed, and why
    requests: int = 0
    changes: Changes = field(default_factory=Changes)  # what the imports touched


def _columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_info(papers)")}


def pending_papers(conn: sqlite3.Connection) -> list[Wanted]:
    """Papers stored from a bare identifier, still awaiting their metadata."""
    if "pending" not in _columns(conn):
        return []
    rows = conn.execute(
        "SELECT p.id, p.title, p.arxiv_id, p.doi FROM papers p "
        "JOIN paper_state s ON s.paper_id = p.id WHERE p.pending = 1 AND s.trashed = 0"
    )
    return [Wanted(*row) for row in rows]


def papers_to_look_up(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> list[Wanted]:
    """Papers without an arXiv id (all, or among ids), oldest first."""
    rows = conn.execute(
        "SELECT p.id, p.title, p.arxiv_id, p.doi FROM papers p "
        "JOIN paper_state s ON s.paper_id = p.id "
        "WHERE p.arxiv_id IS NULL AND s.trashed = 0 ORDER BY p.id"
    )
    wanted = [Wanted(*row) for row in rows]
    if ids is None:
        return wanted
    keep = {int(i) for i in ids}
    return [w for w in wanted if w.paper_id in keep]


def gather(http: Http, wanted: Sequence[Wanted]) -> tuple[list[PaperRecord], LookupReport]:
    """The network half (no database): arXiv by id, Crossref by DOI, arXiv by title."""
    report = LookupReport()
    records: list[PaperRecord] = []
    records += _by_arxiv_id(http, [w for w in wanted if w.arxiv_id], report)
    records += _by_doi(http, [w for w in wanted if not w.arxiv_id and w.doi], report)
    by_title = [w for w in wanted if not w.arxiv_id and not w.doi and w.title.strip()]
    records += _by_title(http, by_title, report)
    return records, report


def store(lib: Library, records: Sequence[PaperRecord], report: LookupReport) -> LookupReport:
    """The database half: import the matches (same merge rules as any import), note failures."""
    # Sources are named by the parser kind, as file imports are ('arxiv-api:lookup').
    for kind in ("arxiv-api", "crossref"):
        batch = [r for r in records if (r.arxiv_id is not None) == (kind == "arxiv-api")]
        if batch:
            report.changes |= lib.import_records(batch, f"{kind}:{SOURCE}", kind=kind).changes
    record_lookup_failures(lib.db, report.failed, utc_now())
    clear_lookup_failures(lib.db, [w.paper_id for w, _ in report.resolved])
    return report


def resolve(
    lib: Library, http: Http, wanted: Sequence[Wanted], *, dry_run: bool = False
) -> LookupReport:
    """Look papers up and (unless dry_run) import what was found."""
    records, report = gather(http, wanted)
    return report if dry_run else store(lib, records, report)


def _ask_arxiv(
    http: Http, params: dict[str, str | int], batch: list[Wanted], report: LookupReport
) -> list[PaperRecord] | None:
    """One arXiv API request for a batch; None (each paper marked failed) when it fails."""
    try:
        got = http.get(http.config.arxiv_api_url, params=params, arxiv=True)
        report.requests += 1
        return parse_fetched(got.body, "arXiv").records
    except (FetchError, FeedError) as exc:
        report.failed.update({w.paper_id: str(exc) for w in batch})
        report.errors.append(str(exc))
        return None


def _by_arxiv_id(http: Http, wanted: list[Wanted], report: LookupReport) -> list[PaperRecord]:
    found: list[PaperRecord] = []
    for start in range(0, len(wanted), ID_BATCH):
        batch = wanted[start : start + ID_BATCH]
        ids = [str(w.arxiv_id) for w in batch]
        params: dict[str, str | int] = {"id_list": ",".join(ids), "max_results": len(ids)}
        records = _ask_arxiv(http, params, batch, report)
        if records is None:
            continue
        by_id = {r.arxiv_id: r for r in records if r.arxiv_id}
        for w in batch:
            if w.arxiv_id in by_id:
                found.append(by_id[str(w.arxiv_id)])
                report.resolved.append((w, f"arXiv:{w.arxiv_id}"))
            else:
                report.failed[w.paper_id] = f"arXiv has no paper {w.arxiv_id}"
    return found


def _by_doi(http: Http, wanted: list[Wanted], report: LookupReport) -> list[PaperRecord]:
    found: list[PaperRecord] = []
    params: dict[str, str | int] = {"mailto": http.config.mailto} if http.config.mailto else {}
    for w in wanted:
        url = endpoint(http.config.crossref_api_url, "works/" + quote(str(w.doi), safe="/"))
        try:
            got = http.get(url, params=params)
            report.requests += 1
            found += parse_crossref(got.body).records
            report.resolved.append((w, f"doi:{w.doi}"))
        except FetchError as exc:
            reason = str(exc)
            if "HTTP 404" in reason:
                reason = f"Crossref does not know DOI {w.doi}"
            else:
                report.errors.append(reason)
            report.failed[w.paper_id] = reason
        except FeedError as exc:
            report.failed[w.paper_id] = f"Crossref: {exc}"
            report.errors.append(f"Crossref: {exc}")
    return found


def title_query(titles: Sequence[str]) -> str:
    """One arXiv search for several titles: ti:"…" OR ti:"…", punctuation folded to spaces."""
    return " OR ".join(f'ti:"{title_key(t)}"' for t in titles)


def _by_title(http: Http, wanted: list[Wanted], report: LookupReport) -> list[PaperRecord]:
    found: list[PaperRecord] = []
    for start in range(0, len(wanted), TITLE_BATCH):
        batch = wanted[start : start + TITLE_BATCH]
        params: dict[str, str | int] = {
            "search_query": title_query([w.title for w in batch]),
            "max_results": TITLE_RESULTS,
        }
        records = _ask_arxiv(http, params, batch, report)
        if records is None:
            continue
        found += _match_titles(batch, records, report)
    return found


def _match_titles(
    batch: list[Wanted], records: list[PaperRecord], report: LookupReport
) -> list[PaperRecord]:
    # Accept only equal normalised titles; anything close is reported, never guessed.
    by_key = {title_key(r.title): r for r in records if r.arxiv_id}
    accepted = []
    for w in batch:
        key = title_key(w.title)
        if key in by_key:
            accepted.append(by_key[key])
            report.resolved.append((w, f"arXiv:{by_key[key].arxiv_id}"))
            continue
        close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=NEAR)
        if close:
            rec = by_key[close[0]]
            report.near.append((w, str(rec.arxiv_id), rec.title))
            report.failed[w.paper_id] = f"only a near match on arXiv: {rec.arxiv_id}"
        else:
            report.failed[w.paper_id] = "no arXiv paper with this title"
    return accepted
