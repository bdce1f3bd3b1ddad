"""`reader rank`, `reader list --sort for-you --like TAG`, `reader similar`: on a real library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.topics import topical_records
from reader.core.library import Library

LIKED = (0, 1)


@pytest.fixture
def topic(tmp_path: Path) -> dict[int, int]:
    records, topics = topical_records(300)
    with Library(tmp_path / "lib") as lib:
        lib.import_records(records, "bench:topics")
        ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    return dict(zip(ids, topics, strict=True))


def _decide(run, topic: dict[int, int], liked: int, dismissed: int) -> set[int]:
    good = [i for i in topic if topic[i] in LIKED][:liked]
    bad = [i for i in topic if topic[i] not in LIKED][:dismissed]
    assert run("star", *map(str, good))[0] == 0
    for pid in bad:
        assert run("status", str(pid), "archived")[0] == 0
    return set(good) | set(bad)


def test_rank_says_it_needs_more_then_learns(run, topic, tmp_path: Path) -> None:
    _decide(run, topic, 2, 1)
    status, out, _ = run("rank")
    assert status == 0
    assert out.strip() == (
        "For you: 2 liked, 1 dismissed; needs more decisions: 2 of 5 liked, 1 of 5 dismissed"
    )
    status, _, err = run("list", "--view", "inbox", "--sort", "for-you", "--limit", "3")
    assert status == 0 and "newest first until then" in err
    decided = _decide(run, topic, 12, 20)
    status, out, _ = run("rank")
    assert status == 0 and "learned to like: " in out
    assert f"stored in {tmp_path / 'lib' / 'ranking' / 'for-you.json'}" in out
    status, out, err = run("list", "--view", "inbox", "--sort", "for-you", "--json")
    assert status == 0 and err == ""
    ranked = [p["id"] for p in json.loads(out) if p["id"] not in decided]
    assert sum(topic[i] in LIKED for i in ranked[:10]) >= 7
    assert run("rank", "--reset")[1] == "forgot the trained rankings\n"
    assert not (tmp_path / "lib" / "ranking").exists()


def test_list_like_a_tag(run, topic) -> None:
    tagged = [i for i in topic if topic[i] == 4][:6]
    for pid in tagged:
        assert run("tag", str(pid), "Graphs")[0] == 0
    _decide(run, topic, 5, 8)
    status, out, err = run("list", "--view", "inbox", "--like", "graphs", "--json", "--limit", "30")
    assert status == 0 and err == ""
    ranked = [p["id"] for p in json.loads(out) if p["id"] not in tagged]
    assert sum(topic[i] == 4 for i in ranked[:10]) >= 6
    status, out, _ = run("rank", "--tag", "graphs", "--json")
    state = json.loads(out)
    assert state["name"] == "tag:graphs" and state["positives"] == 6 and state["needs"] is None


def test_similar_lists_papers_of_the_same_topic(run, topic) -> None:
    pid = next(iter(topic))
    status, out, _ = run("similar", str(pid), "--limit", "3", "--json")
    assert status == 0
    found = json.loads(out)
    assert len(found) == 3 and pid not in [p["id"] for p in found]
    assert all(0 < p["similarity"] <= 1 for p in found)
    status, out, _ = run("similar", str(pid))
    assert status == 0 and len(out.splitlines()) == 5
    assert run("similar", "no-such-key") == (1, "", "reader: no paper 'no-such-key'\n")


def test_a_read_only_library_ranks_without_storing(run, topic, tmp_path: Path, read_only) -> None:
    _decide(run, topic, 6, 6)
    view = str(read_only(tmp_path / "lib"))
    status, out, _ = run("rank", "--library", view)
    assert status == 0 and "not stored: the library is read-only" in out
    status, _, err = run("list", "--library", view, "--view", "inbox", "--sort", "for-you")
    assert status == 0 and "read-only library without a stored ranking" in err
    assert not (tmp_path / "lib" / "ranking").exists()
    assert run("rank", "--library", view, "--reset")[0] == 1
