"""Feeds as data: subscribe, rename, remove; fetch state and per-feed counts."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.models import PaperRecord, Status
from reader.core.subscriptions import (
    FetchRecord,
    SubscriptionError,
    add_feed,
    find_feed,
    list_feeds,
    record_fetch,
    remove_feed,
    rename_feed,
)

NOW = "2026-11-30T08:00:00.000Z"


def test_add_rename_remove(empty_library: Library) -> None:
    db = empty_library.db
    add_feed(db, "arxiv:cs.LG", "arxiv:cs.LG", NOW)
    add_feed(db, "hf:daily", "HF daily", NOW)
    assert [f.name for f in list_feeds(empty_library.conn)] == ["arxiv:cs.LG", "HF daily"]
    with pytest.raises(SubscriptionError, match="already subscribed to hf:daily"):
        add_feed(db, "hf:daily", "other", NOW)
    with pytest.raises(SubscriptionError, match="already a feed named 'hf daily'"):
        add_feed(db, "arxiv:cs.CV", "hf daily", NOW)
    assert rename_feed(db, "hf DAILY", "Hugging Face").name == "Hugging Face"
    assert remove_feed(db, "arxiv:cs.LG").source == "arxiv:cs.LG"
    assert [f.name for f in list_feeds(empty_library.conn)] == ["Hugging Face"]
    with pytest.raises(SubscriptionError, match="no feed named 'nope'"):
        remove_feed(db, "nope")


def test_fetch_state_and_unread_counts(empty_library: Library) -> None:
    lib = empty_library
    feed = add_feed(lib.db, "arxiv:cs.LG", "ml", NOW)
    report = lib.import_records(
        [PaperRecord(f"Paper {n}", arxiv_id=f"2401.0000{n}") for n in range(3)], "t"
    )
    ids = frozenset(int(i) for i in report.changes.ids)
    record_fetch(lib.db, feed.id, FetchRecord(NOW, etag='"e1"', new=3, paper_ids=ids))
    lib.set_status([min(ids)], Status.READ)
    got = find_feed(lib.conn, "ml")
    assert got is not None
    assert (got.etag, got.last_new, got.total_new, got.unread, got.last_error) == (
        '"e1"',
        3,
        3,
        2,
        None,
    )
    # A failed fetch keeps the validators and says why.
    record_fetch(lib.db, feed.id, FetchRecord(NOW, error="cannot connect to rss.arxiv.org"))
    got = find_feed(lib.conn, "ml")
    assert got is not None
    assert (got.etag, got.last_error) == ('"e1"', "cannot connect to rss.arxiv.org")
    # Removing the feed keeps its papers.
    remove_feed(lib.db, "ml")
    assert lib.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 3
