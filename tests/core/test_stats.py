"""Reading statistics agree with a library whose arrivals and decisions have known dates."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from netserver import Run

from reader.core.library import Library
from reader.core.models import Status
from reader.core.stats import reading_stats

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday


def _dated(lib: Library) -> None:
    """Papers 1-10 arrived 2 March, 11-20 on 10 March, the rest on 17 March; four papers
    were decided 2, 10, 1 and 0 days after they arrived."""
    conn = lib.conn
    conn.execute("UPDATE papers SET added = '2026-03-02T10:00:00.000Z' WHERE id <= 10")
    conn.execute("UPDATE papers SET added = '2026-03-10T10:00:00.000Z' WHERE id BETWEEN 11 AND 20")
    conn.execute("UPDATE papers SET added = '2026-03-17T10:00:00.000Z' WHERE id > 20")
    lib.set_status([1], Status.QUEUED)
    lib.set_status([2], Status.READ)
    lib.set_status([11], Status.ARCHIVED)
    lib.add_tags([11, 2], ["x"])
    lib.set_starred([21], True)
    when = {
        (1, "queue"): "2026-03-04T10:00:00.000Z",
        (2, "read"): "2026-03-12T10:00:00.000Z",
        (2, "tag"): "2026-03-12T11:00:00.000Z",
        (11, "archive"): "2026-03-11T10:00:00.000Z",
        (11, "tag"): "2026-03-17T09:00:00.000Z",
        (21, "star"): "2026-03-17T10:00:00.000Z",
    }
    for (pid, action), at in when.items():
        conn.execute(
            "UPDATE decisions SET at = ? WHERE paper_id = ? AND action = ?", (at, pid, action)
        )


def test_statistics_agree_with_known_dates(library: Library) -> None:
    _dated(library)
    stats = reading_stats(library.conn, NOW, weeks=3)
    assert [(w.start, w.arrived, w.triaged) for w in stats.weeks] == [
        ("2026-03-02", 10, 1),
        ("2026-03-09", 10, 2),
        ("2026-03-16", 87, 1),
    ]
    assert stats.backlog == 104
    assert stats.backlog_ages == {
        "under a week old": 87,
        "1-4 weeks old": 17,
        "1-3 months old": 0,
        "older": 0,
    }
    assert stats.oldest_days == pytest.approx(16 + 2 / 24)
    assert stats.decided == 4
    assert stats.median_days == pytest.approx(1.5)
    assert stats.p90_days == pytest.approx(10)
    assert [(t.tag, t.papers, t.read) for t in stats.tags] == [("x", 2, 1)]


def test_an_empty_log_gives_no_delays(library: Library) -> None:
    stats = reading_stats(library.conn, NOW, weeks=2)
    assert stats.decided == 0 and stats.median_days is None and stats.p90_days is None
    assert stats.backlog == 107 and stats.tags == []


def test_cli_stats_json_reports_the_same(library: Library, run: Run) -> None:
    _dated(library)
    library.close()
    status, out, _err = run("stats", "--json")
    assert status == 0
    shown = json.loads(out)
    assert (shown["decided"], shown["median_days"], shown["backlog"]) == (4, 1.5, 104)
    assert shown["tags"] == [{"tag": "x", "papers": 2, "read": 1}]
