"""A feed's papers: one listing path (feed_papers) for the side list's Feeds section and
`reader list --feed NAME`."""

from __future__ import annotations

import json
from pathlib import Path

from netdata import Entry, rss2_feed
from netserver import Reply, Run, TestServer
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core import listing
from reader.core.library import Library, utc_now
from reader.core.listing import ListRequest, list_papers
from reader.core.subscriptions import FetchRecord, add_feed, record_fetch


def with_feed(folder: Path) -> tuple[int, list[int]]:
    """Subscribe to a feed that brought three of the sample papers; (feed id, their ids)."""
    with Library(folder) as lib:
        feed = add_feed(lib.db, "arxiv:cs.CV", "vision", utc_now())
        ids = listing.view_ids(lib.conn, sort="added")[:3]
        record_fetch(lib.db, feed.id, FetchRecord(utc_now(), new=3, paper_ids=frozenset(ids)))
    return feed.id, sorted(ids)


RSS = {"Content-Type": "application/rss+xml"}
CV = [Entry(f"2611.0{n:04d}", f"Seeing things, part {n}", categories=("cs.CV",)) for n in range(3)]


def test_a_feed_filter_lists_only_its_papers_and_keeps_the_search(sample_folder: Path) -> None:
    feed_id, ids = with_feed(sample_folder)
    with Library(sample_folder) as lib:
        found = list_papers(lib.conn, lib.index, ListRequest(feed=feed_id))
        assert sorted(found.ids) == ids and found.total == 3
        title = lib.conn.execute("SELECT title FROM papers WHERE id = ?", (ids[0],)).fetchone()[0]
        word = max((w for w in title.split() if w.isalpha()), key=len)
        searched = list_papers(lib.conn, lib.index, ListRequest(query=word, feed=feed_id))
        assert ids[0] in searched.ids and set(searched.ids) <= set(ids)


def test_reader_list_feed_name(sample_folder: Path, run: Run) -> None:
    _, ids = with_feed(sample_folder)  # sample_folder is the `run` fixture's library
    status, out, err = run("list", "--feed", "Vision", "--json")
    assert (status, err) == (0, "")
    assert sorted(p["id"] for p in json.loads(out)) == ids
    status, _, err = run("list", "--feed", "nope")
    assert status != 0 and err.count("\n") == 1 and "no feed named 'nope'" in err


def test_clicking_a_feed_lists_its_papers(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    feed_id, ids = with_feed(sample_folder)
    window = open_window(sample_folder)
    model = window.sidebar_model
    qtbot.waitUntil(lambda: model.row_for("feed", str(feed_id)) is not None, timeout=10000)
    index = model.index(model.row_for("feed", str(feed_id)))
    rect = window.sidebar.visualRect(index)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    assert sorted(window.model.id_at(r) for r in range(3)) == ids
    assert window.sidebar.currentIndex().row() == index.row()
    window.set_query("zzzznotaword")  # the search applies within the feed, which stays
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5000)
    assert window.request.feed == feed_id
    window.set_query("")
    window.set_view("inbox")
    assert window.request.feed is None
    qtbot.waitUntil(lambda: window.model.rowCount() > 3, timeout=5000)


def settings(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "config"  # READER_CONFIG_DIR in tests/ui/conftest.py
    folder.mkdir(exist_ok=True)
    (folder / "settings.toml").write_text(text)


def test_refresh_at_start_fetches_due_feeds_off_the_gui_thread(
    sample_folder: Path,
    open_window: OpenWindow,
    endpoints: TestServer,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    endpoints.routes["/rss/cs.CV"] = Reply(200, rss2_feed(CV, "cs.CV"), RSS, delay=0.5)
    endpoints.routes["/rss/cs.LG"] = Reply(200, rss2_feed(CV, "cs.LG"), RSS)
    with Library(sample_folder) as lib:
        add_feed(lib.db, "arxiv:cs.CV", "vision", utc_now())  # never fetched: due
        fresh = add_feed(lib.db, "arxiv:cs.LG", "learning", utc_now())
        record_fetch(lib.db, fresh.id, FetchRecord(utc_now()))  # fetched just now: not due
    settings(tmp_path, "[feeds]\nrefresh_at_start = true\n")
    window = open_window(sample_folder)
    feeds = window.controllers.feeds
    with qtbot.waitSignal(feeds.refreshed, timeout=20000):
        qtbot.waitUntil(lambda: feeds.job is not None, timeout=10000)
        assert window.model.rowCount() == 107  # the list is up first; the fetch follows
    assert feeds.job is None
    assert [s.path for s in endpoints.seen if s.path.startswith("/rss/")] == ["/rss/cs.CV"]
    qtbot.waitUntil(lambda: window.model.rowCount() == 110, timeout=5000)


def test_no_refresh_at_start_by_default(
    sample_folder: Path, open_window: OpenWindow, endpoints: TestServer, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        add_feed(lib.db, "arxiv:cs.CV", "vision", utc_now())
    window = open_window(sample_folder)
    qtbot.wait(500)
    assert window.controllers.feeds.job is None
    assert endpoints.seen == []
