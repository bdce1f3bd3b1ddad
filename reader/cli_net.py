"""The command line's network commands: feed, refresh, add, lookup."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reader.core.identity import normalise_doi
from reader.core.library import Library, utc_now
from reader.core.plural import plural
from reader.core.subscriptions import (
    Feed,
    add_feed,
    find_feed,
    list_feeds,
    remove_feed,
    rename_feed,
)
from reader.feeds.idlist import identifier
from reader.net.config import load_net_config
from reader.net.http import Http
from reader.net.refresh import refresh_feeds, rules_after
from reader.net.resolve import LookupReport, papers_to_look_up, pending_papers, resolve
from reader.net.sources import parse_source

AddParser = Callable[..., argparse.ArgumentParser]


class UsageError(Exception):
    """Arguments that cannot work (an unknown source): exit 2 with one line."""


class Failed(Exception):
    """The command ran but something in it failed; stderr already says what. Exit 1."""


def add_parsers(add: AddParser) -> None:
    """Register feed, refresh, add and lookup on the main parser."""
    p = add("feed", "subscribe to feeds: add, list, remove, rename")
    fsub = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    a = fsub.add_parser("add", help="subscribe to a feed")
    a.add_argument(
        "source", metavar="SOURCE", help="hf:daily[:DATE], arxiv:CAT, arxiv-query:Q, URL"
    )
    a.add_argument("--name", metavar="N")
    fsub.add_parser("list", help="list feeds").add_argument("--json", action="store_true")
    fsub.add_parser("remove", help="unsubscribe (papers stay)").add_argument("name", metavar="N")
    r = fsub.add_parser("rename", help="rename a feed")
    r.add_argument("name", metavar="N")
    r.add_argument("new_name", metavar="NEW")
    add("refresh", "fetch feeds (all, or the named ones) and import").add_argument(
        "names", nargs="*", metavar="NAME"
    )
    add("add", "add papers by arXiv id, DOI or URL, fetching their metadata").add_argument(
        "ids", nargs="+", metavar="ID|URL"
    )
    p = add("lookup", "complete papers without an arXiv id from arXiv (title) / Crossref (DOI)")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--dry-run", action="store_true", help="show matches, change nothing")


@contextmanager
def _http(lib: Library) -> Iterator[Http]:
    with Http(load_net_config(), lib.folder) as http:
        yield http


def cmd_feed(lib: Library, ns: argparse.Namespace) -> int:
    action = ns.feed_command
    if action == "add":
        try:
            source = parse_source(ns.source)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        feed = add_feed(lib.db, source.text, ns.name or source.default_name, utc_now())
        print(f"subscribed to {feed.source} as {feed.name!r}; fetch it with `reader refresh`")
    elif action == "list":
        feeds = list_feeds(lib.conn)
        if ns.json:
            print(json.dumps([_feed_json(f) for f in feeds], indent=2))
        for feed in feeds if not ns.json else []:
            print(_feed_line(feed))
        if not feeds and not ns.json:
            print("no feeds yet (add one with: reader feed add SOURCE)")
    elif action == "remove":
        feed = remove_feed(lib.db, ns.name)
        print(f"unsubscribed from {feed.name!r}; its papers stay in the library")
    else:
        feed = rename_feed(lib.db, ns.name, ns.new_name)
        print(f"renamed to {feed.name!r}")
    return 0


def _feed_json(feed: Feed) -> dict[str, object]:
    keys = ("id", "name", "source", "last_fetch", "last_error", "last_new", "last_updated")
    return {k: getattr(feed, k) for k in keys} | {"unread": feed.unread}


def _feed_line(feed: Feed) -> str:
    if feed.last_fetch is None:
        state = "never fetched"
    elif feed.last_error:
        state = f"last fetch {feed.last_fetch[:16]} failed: {feed.last_error}"
    else:
        state = f"fetched {feed.last_fetch[:16]}: {feed.last_new} new, {feed.last_updated} updated"
    return f"{feed.name:<24} {feed.source:<28} {feed.unread:>4} unread  {state}"


def cmd_refresh(lib: Library, ns: argparse.Namespace) -> int:
    if ns.names:
        feeds = []
        for name in ns.names:
            feed = find_feed(lib.conn, name)
            if feed is None:
                raise UsageError(f"no feed named {name!r} (see `reader feed list`)")
            feeds.append(feed)
    else:
        feeds = list_feeds(lib.conn)
    if not feeds:
        print("no feeds yet (add one with: reader feed add SOURCE)")
    with _http(lib) as http:
        outcomes = refresh_feeds(lib, http, feeds)
        ruled = rules_after(lib, outcomes)
        pending = pending_papers(lib.conn) if not ns.names else []
        retried = resolve(lib, http, pending) if pending else None
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        if not outcome.error:
            print(outcome.line())
    if ruled is not None:
        changed = plural(ruled.changed, "paper", grouped=False)
        print(f"{ruled.label()}: {changed} changed; `reader rule undo` undoes it")
    if retried is not None:
        print(
            f"pending papers: {len(retried.resolved)} resolved, {len(retried.failed)} still pending"
        )
    for outcome in failed:
        print(f"reader: {outcome.name}: {outcome.error}", file=sys.stderr)
    if failed:
        raise Failed()
    return 0


def _key(arxiv_id: str | None, doi: str | None) -> str:
    return arxiv_id or normalise_doi(doi or "")


def cmd_add(lib: Library, ns: argparse.Namespace) -> int:
    records = [identifier(text) for text in ns.ids]
    bad = [text for text, rec in zip(ns.ids, records, strict=True) if rec is None]
    if bad:
        raise UsageError(f"not an arXiv id, DOI or arXiv/Hugging Face/doi.org URL: {bad[0]!r}")
    # Stored first (pending), so an identifier survives being offline; then completed.
    lib.import_records([r for r in records if r is not None], "ids:command line", kind="ids")
    keys = {r.arxiv_id or normalise_doi(r.doi or "") for r in records if r is not None}
    wanted = [
        w for w in pending_papers(lib.conn) if (w.arxiv_id or normalise_doi(w.doi or "")) in keys
    ]
    with _http(lib) as http:
        report = resolve(lib, http, wanted)
    for _, found in report.resolved:
        print(f"added {found}")
    if len(keys) > len(wanted):
        print(f"{len(keys) - len(wanted)} already in the library with their metadata")
    return _failures(report, "still pending (retried at the next refresh)")


def _failures(report: LookupReport, what: str) -> int:
    for reason in dict.fromkeys(report.failed.values()):
        print(f"reader: {what}: {reason}", file=sys.stderr)
    if report.failed:
        raise Failed()
    return 0


def cmd_lookup(lib: Library, ns: argparse.Namespace) -> int:
    ids = None
    if ns.query.strip():
        ids = lib.index.search(ns.query, limit=None).ids
    wanted = papers_to_look_up(lib.conn, ids)
    pending = {w.paper_id: w for w in pending_papers(lib.conn)}
    wanted += [w for pid, w in pending.items() if ids is None or pid in set(ids)]
    wanted = list({w.paper_id: w for w in wanted}.values())
    with _http(lib) as http:
        report = resolve(lib, http, wanted, dry_run=ns.dry_run)
    verb = "would fill" if ns.dry_run else "filled"
    for w, found in report.resolved:
        print(f"{verb} {found}  {w.title[:70]}")
    for w, arxiv_id, title in report.near:
        print(f"near miss (not taken): {w.title!r} ~ arXiv:{arxiv_id} {title!r}")
    missing = len(report.failed) - len(report.near)
    print(
        f"{plural(len(wanted), 'paper', grouped=False)} looked up in "
        f"{plural(report.requests, 'request', grouped=False)}: {len(report.resolved)} found, "
        f"{plural(len(report.near), 'near miss', 'near misses', grouped=False)}, "
        f"{missing} not found" + (" (dry run: nothing changed)" if ns.dry_run else "")
    )
    for reason in dict.fromkeys(report.errors):
        print(f"reader: lookup: {reason}", file=sys.stderr)
    if report.errors:
        raise Failed()
    return 0


COMMANDS = {"feed": cmd_feed, "refresh": cmd_refresh, "add": cmd_add, "lookup": cmd_lookup}
