"""The "For you" ranking and similar papers on a real library of the topical synthetic corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.topics import topical_records
from reader.core import queries, rank_text, ranking
from reader.core.library import Library
from reader.core.listing import ListRequest, list_papers
from reader.core.models import Status
from reader.core.rank_text import CORPUS_FILE, rank_dir
from reader.core.similar import similar

PAPERS = 600
LIKED = (0, 1)  # the simulated user's hidden taste


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, int]]:
    """A 600-paper library of 12 topics, imported once (tests copy nothing: they reset state)."""
    folder = tmp_path_factory.mktemp("rank") / "lib"
    records, topics = topical_records(PAPERS)
    with Library(folder) as lib:
        lib.import_records(records, "bench:topics")
        ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    return folder, dict(zip(ids, topics, strict=True))


@pytest.fixture
def lib(built: tuple[Path, dict[int, int]]) -> Iterator[Library]:
    folder, _ = built
    library = Library(folder)
    yield library
    everything = [r[0] for r in library.conn.execute("SELECT id FROM papers")]
    library.set_starred(everything, False)
    library.set_status(everything, Status.NEW)
    library.restore(everything)
    for name, _count in queries.tag_counts(library.conn):
        library.delete_tag(name)
    with library.db.conn:  # the log of this test's decisions goes too
        library.conn.execute("DELETE FROM decisions")
    ranking.reset(folder)
    library.close()


@pytest.fixture
def topic(built: tuple[Path, dict[int, int]]) -> dict[int, int]:
    return built[1]


def newest(lib: Library) -> list[int]:
    return list_papers(lib.conn, None, ListRequest("inbox")).ids


def triage(lib: Library, topic: dict[int, int], liked: int, dismissed: int) -> set[int]:
    """Like the first `liked` preferred papers (newest first) and dismiss `dismissed` others."""
    order = newest(lib)
    good = [i for i in order if topic[i] in LIKED][:liked]
    bad = [i for i in order if topic[i] not in LIKED][:dismissed]
    lib.set_starred(good[::2], True)
    lib.set_status(good[1::2], Status.QUEUED)
    lib.set_status(bad[::2], Status.ARCHIVED)
    lib.trash(bad[1::2])
    return set(good) | set(bad)


def for_you(lib: Library, like: str | None = None) -> list[int]:
    req = ListRequest("inbox", sort="for-you", like=like)
    return list_papers(lib.conn, None, req).ids


def test_after_thirty_decisions_the_preferred_topics_come_first(lib: Library, topic) -> None:
    decided = triage(lib, topic, liked=10, dismissed=20)
    model, _ = ranking.train(lib.conn)
    assert model.ready and (model.positives, model.negatives) == (10, 20)
    ranked = [i for i in for_you(lib) if i not in decided]
    dated = [i for i in newest(lib) if i not in decided]
    hits = sum(topic[i] in LIKED for i in ranked[:10])
    assert hits >= 8, [topic[i] for i in ranked[:10]]
    assert hits > sum(topic[i] in LIKED for i in dated[:10])  # newest first is ~2 in 10


def test_with_too_few_decisions_it_says_so_and_keeps_newest_first(lib: Library, topic) -> None:
    triage(lib, topic, liked=3, dismissed=8)
    model, scores = ranking.train(lib.conn)
    assert not model.ready and not scores
    assert model.needs == "needs more decisions: 3 of 5 liked"
    assert for_you(lib) == newest(lib)


def test_reasons_name_words_authors_and_categories_of_the_paper(lib: Library, topic) -> None:
    decided = triage(lib, topic, liked=10, dismissed=20)
    model, _ = ranking.train(lib.conn)
    shown = 0
    for paper in queries.load_papers(lib.conn, [i for i in for_you(lib) if i not in decided][:10]):
        reasons = model.reasons(
            paper.title,
            paper.abstract,
            [a.name for a in paper.authors],
            list(paper.categories),
        )
        assert reasons, paper.title
        text_words = set(re.findall(r"[a-z0-9-]+", f"{paper.title} {paper.abstract}".lower()))
        for reason in reasons:
            if reason.kind == "word":
                assert reason.text in text_words
            elif reason.kind == "author":
                assert reason.text in [a.name for a in paper.authors]
            else:
                assert reason.text in paper.categories
            assert reason.weight > 0
        shown += 1
    assert shown == 10


def test_papers_like_a_tag_rank_that_tags_topic_first(lib: Library, topic) -> None:
    order = newest(lib)
    lib.add_tags([i for i in order if topic[i] == 5][:8], ["diffusion"])
    triage(lib, topic, liked=6, dismissed=10)
    model, _ = ranking.train(lib.conn, tag="diffusion")
    assert model.ready and model.positives == 8
    ranked = [i for i in for_you(lib, like="Diffusion") if i not in _decided(lib)]
    assert sum(topic[i] == 5 for i in ranked[:10]) >= 7
    assert ranking.model_path(lib.folder, "diffusion").name == "tag-diffusion.json"


def _decided(lib: Library) -> set[int]:
    d = ranking.decisions(lib.conn)
    return set(d.positives | d.negatives)


def test_a_decision_makes_the_model_stale_and_reset_forgets_it(lib: Library, topic) -> None:
    decided = triage(lib, topic, liked=6, dismissed=6)
    ranking.train(lib.conn)
    assert not ranking.is_stale(lib.conn, lib.folder)
    assert (rank_dir(lib.folder) / CORPUS_FILE).exists()
    lib.set_starred([next(i for i in newest(lib) if i not in decided)], True)
    assert ranking.is_stale(lib.conn, lib.folder)
    model, _ = ranking.ensure(lib.conn, lib.folder)
    assert model.positives == 7
    assert ranking.reset(lib.folder)
    assert not rank_dir(lib.folder).exists()
    assert for_you(lib) == newest(lib)  # nothing stored: newest first


def test_similar_papers_share_the_papers_topic(lib: Library, topic) -> None:
    same = 0
    probes = list(topic)[::60]
    for pid in probes:
        found = similar(lib.conn, pid, 5)
        assert len(found) == 5 and pid not in dict(found)
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        same += sum(topic[i] == topic[pid] for i, _ in found)
    assert same / (5 * len(probes)) >= 0.6  # chance: 1 in 12


def test_similar_leaves_trashed_papers_out(lib: Library) -> None:
    pid = 1
    first = [i for i, _ in similar(lib.conn, pid, 5)]
    lib.trash(first[:2])
    again = [i for i, _ in similar(lib.conn, pid, 5)]
    assert not set(first[:2]) & set(again)


def test_the_decision_log_tells_inbox_dismissals_from_later_ones(lib: Library) -> None:
    a, b, c, d = newest(lib)[:4]
    lib.set_status([a], Status.ARCHIVED)  # straight from the Inbox: dismissed
    lib.set_status([b], Status.QUEUED)
    lib.set_status([b], Status.ARCHIVED)  # queued, then archived unread: neither
    lib.set_status([c], Status.READ)
    lib.set_status([c], Status.ARCHIVED)  # read, then archived: liked
    lib.trash([d])  # trashed from the Inbox: dismissed
    found = ranking.decisions(lib.conn)
    assert {a, d} <= found.negatives and b not in found.negatives | found.positives
    assert c in found.positives and c not in found.negatives


def test_a_library_that_cannot_store_its_vectors_builds_them_once(lib: Library) -> None:
    # A read-only library stores nothing: each similar-papers lookup rebuilt the vectors of
    # every paper (9 s at 20k papers, per paper shown) instead of using those in memory.
    ranking.reset(lib.folder)
    first = rank_text.corpus_for(lib.conn, lib.folder, store=False)
    assert similar(lib.conn, 2, 5, lib.folder, store=False)
    assert rank_text.corpus_for(lib.conn, lib.folder, store=False) is first
    assert not (rank_dir(lib.folder) / CORPUS_FILE).exists()
