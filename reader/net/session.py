"""A whole refresh for the window: all network work first (any thread), then one write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.changes import Changes
from reader.core.db import connect
from reader.core.library import Library
from reader.core.models import PaperRecord
from reader.core.plural import plural
from reader.core.rules import RuleRun
from reader.core.subscriptions import Feed
from reader.net.config import NetConfig
from reader.net.http import Http
from reader.net.refresh import (
    FeedOutcome,
    Fetch,
    apply_fetch,
    fetch_feed,
    known_ids,
    rules_after,
)
from reader.net.resolve import LookupReport, Wanted, gather, pending_papers, store

Step = Callable[[str], None]


@dataclass
class Fetched:
    """What the network half brought: one Fetch per feed, and lookups of pending papers."""

    fetches: list[Fetch] = field(default_factory=list)
    records: list[PaperRecord] = field(default_factory=list)
    lookup: LookupReport | None = None


@dataclass
class Refreshed:
    """What the write half did; `changes` tells the window what to reload."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    lookup: LookupReport | None = None
    changes: Changes = field(default_factory=Changes)
    rules: RuleRun | None = None  # the rules' run on the new papers, if it changed any

    def summary(self) -> str:
        """'Refreshed 3 feeds: 37 new, 2 updated' (+ failures), or what a lookup completed."""
        parts = []
        if self.outcomes:
            new = sum(o.new for o in self.outcomes)
            updated = sum(o.updated for o in self.outcomes)
            parts.append(
                f"Refreshed {plural(len(self.outcomes), 'feed')}: {new} new, {updated} updated"
            )
            failed = [o for o in self.outcomes if o.error]
            if failed:
                parts.append(f"{len(failed)} failed ({failed[0].name}: {failed[0].error})")
        lookup = self.lookup
        if lookup is not None and (lookup.resolved or lookup.failed):
            done = len(lookup.resolved)
            text = f"looked up {plural(done + len(lookup.failed), 'paper')}: {done} completed"
            if lookup.failed:
                reason = next(iter(lookup.failed.values()))
                text += f", {len(lookup.failed)} still pending ({reason})"
            parts.append(text)
        text = "; ".join(parts) or "Nothing to refresh"
        return text[0].upper() + text[1:]


def fetch_all(
    folder: Path,
    config: NetConfig,
    feeds: Sequence[Feed],
    *,
    step: Step,
    cancelled: Callable[[], bool],
    wanted: Sequence[Wanted] | None = None,
) -> Fetched:
    """Fetch feeds (and look up pending papers, or `wanted`); reads on its own connection."""
    db = connect(folder, readonly=True)
    out = Fetched()
    try:
        with Http(config, folder, cancelled=cancelled) as http:
            for n, feed in enumerate(feeds, start=1):
                step(f"Refreshing {feed.name} ({n} of {len(feeds)})…")
                out.fetches.append(fetch_feed(http, feed, known_ids(db.conn)))
            todo = pending_papers(db.conn) if wanted is None else list(wanted)
            if todo:
                step(f"Looking up {plural(len(todo), 'paper')}…")
                out.records, out.lookup = gather(http, todo)
    finally:
        db.close()
    return out


def apply_all(lib: Library, fetched: Fetched) -> Refreshed:
    """Import every fetch and the lookups (the writer thread's half)."""
    done = Refreshed(lookup=fetched.lookup)
    for fetch in fetched.fetches:
        outcome = apply_fetch(lib, fetch)
        done.outcomes.append(outcome)
        done.changes |= outcome.changes
    if fetched.lookup is not None:
        done.changes |= store(lib, fetched.records, fetched.lookup).changes
    if fetched.fetches:
        done.changes |= Changes(kinds=frozenset({"feed"}))  # feed counts and states changed
    done.rules = rules_after(lib, done.outcomes)  # an undo step of its own in the window
    if done.rules is not None:
        done.changes |= done.rules.changes
    return done
