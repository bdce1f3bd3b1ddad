"""The command line's subscription commands: feed add/list/remove/rename."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from reader.core.library import Library, utc_now
from reader.core.subscriptions import (
    Feed,
    add_feed,
    list_feeds,
    remove_feed,
    rename_feed,
)
from reader.net.sources import parse_source

AddParser = Callable[..., argparse.ArgumentParser]


class UsageError(Exception):
    """Arguments that cannot work (an unknown source): exit 2 with one line."""


class Failed(Exception):
    """The command ran but something in it failed; stderr already says what. Exit 1."""


def add_parsers(add: AddParser) -> None:
    """Register `feed` on the main parser."""
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


COMMANDS = {"feed": cmd_feed}
