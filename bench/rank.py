"""The "For you" ranking measured: a simulated user with a hidden topic preference triages
the inbox newest first; precision@10 of the ranking after N decisions against newest-first,
and training / similar-papers speed at a larger size."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.topics import TOPICS, topical_records
from reader.core import ranking
from reader.core.library import Library
from reader.core.listing import ListRequest, list_papers
from reader.core.rank_text import build_corpus, save_corpus
from reader.core.similar import similar

CHECKPOINTS = (5, 10, 20, 40, 80, 160, 320)
NOISE = 0.1  # share of decisions that go against the hidden preference
LIKED_TOPICS = 2  # of TOPICS: the user likes about 1 paper in 6


@dataclass
class Curve:
    """Precision of one simulated user at each checkpoint."""

    liked: tuple[int, ...]
    ranked: dict[int, float] = field(default_factory=dict)
    ranked50: dict[int, float] = field(default_factory=dict)
    newest: dict[int, float] = field(default_factory=dict)
    needs_more: dict[int, bool] = field(default_factory=dict)


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _reset_state(lib: Library) -> None:
    ranking.reset(lib.folder)
    _write(lib, "UPDATE paper_state SET starred = 0, status = 'new', trashed = 0")
    _write(lib, "DELETE FROM paper_tags")
    _write(lib, "DELETE FROM decisions")


def _write(lib: Library, sql: str, params: tuple = ()) -> None:
    # Triage written straight into paper_state, as Library writes it, minus the search
    # index sync (per write a Whoosh commit) that the ranking never reads.
    with lib.db.conn:
        lib.conn.execute(sql, params)
        lib.conn.execute("DELETE FROM index_outbox")


def _decide(lib: Library, pid: int, liked: bool, rng: random.Random) -> None:
    if rng.random() < NOISE:
        liked = not liked
    if not liked:
        column = "status = 'archived'" if rng.random() < 0.8 else "trashed = 1"
        _write(lib, f"UPDATE paper_state SET {column} WHERE paper_id = ?", (pid,))
        return
    action = rng.randrange(3)
    if action == 0:
        _write(lib, "UPDATE paper_state SET starred = 1 WHERE paper_id = ?", (pid,))
    elif action == 1:
        _write(lib, "UPDATE paper_state SET status = 'queued' WHERE paper_id = ?", (pid,))
    else:
        lib.add_tags([pid], ["keep"])


def _precision(ids: list[int], topic: dict[int, int], liked: tuple[int, ...], k: int) -> float:
    top = ids[:k]
    return sum(topic[i] in liked for i in top) / max(len(top), 1)


def simulate(lib: Library, topic: dict[int, int], liked: tuple[int, ...], seed: int) -> Curve:
    """One user: decide newest first, measure at each checkpoint."""
    _reset_state(lib)
    rng = random.Random(f"user:{seed}")
    curve = Curve(liked)
    order = list_papers(lib.conn, None, ListRequest("inbox")).ids
    done = 0
    for checkpoint in CHECKPOINTS:
        for pid in order[done:checkpoint]:
            _decide(lib, pid, topic[pid] in liked, rng)
        done = checkpoint
        model, _ = ranking.train(lib.conn, lib.folder)
        decided = set(order[:done])  # starred or tagged papers stay in the inbox: not news
        ranked = list_papers(lib.conn, None, ListRequest("inbox", sort="for-you")).ids
        ranked = [i for i in ranked if i not in decided]
        newest = [i for i in order if i not in decided]
        curve.needs_more[checkpoint] = not model.ready
        curve.ranked[checkpoint] = _precision(ranked, topic, liked, 10)
        curve.ranked50[checkpoint] = _precision(ranked, topic, liked, 50)
        curve.newest[checkpoint] = _precision(newest, topic, liked, 10)
    return curve


def quality(papers: int, users: int, folder: Path) -> list[Curve]:
    """users simulated users, each with its own pair of liked topics, on one library."""
    records, topics = topical_records(papers)
    lib = Library(folder)
    lib.import_records(records, "bench:rank", sync=False)
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    topic = dict(zip(ids, topics, strict=True))
    curves = []
    for user in range(users):
        liked = tuple((LIKED_TOPICS * user + k) % TOPICS for k in range(LIKED_TOPICS))
        _log(f"user {user}: likes topics {liked}")
        curves.append(simulate(lib, topic, liked, user))
    lib.close()
    return curves


def _timed(out: dict[str, tuple[float, float]], name: str, fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    out[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


def _timing_library(papers: int, folder: Path) -> tuple[Library, dict[int, int]]:
    """The timing library, made once (kept in folder between runs: --keep)."""
    marker = folder / "topics.txt"
    if not marker.exists():
        records, topics = topical_records(papers)
        with Library(folder) as lib:
            lib.import_records(records, "bench:rank", sync=False)
        marker.write_text(" ".join(map(str, topics)))
    lib = Library(folder)
    _reset_state(lib)
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    topics = [int(t) for t in marker.read_text().split()]
    assert len(ids) == papers == len(topics), "--keep holds a library of another size"
    return lib, dict(zip(ids, topics, strict=True))


def timing(papers: int, folder: Path, decided: tuple[int, ...]) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds for the corpus, a retrain after triage, similar papers and the
    for-you listing at this size."""
    lib, topic = _timing_library(papers, folder)
    out: dict[str, tuple[float, float]] = {}
    corpus = _timed(
        out, "vectors of every paper (cold, once per import)", lambda: build_corpus(lib.conn)
    )
    save_corpus(corpus, lib.folder)
    rng = random.Random("timing")
    ids = list(topic)
    for count in decided:
        for pid in rng.sample(ids, count):
            column = "starred = 1" if topic[pid] < LIKED_TOPICS else "status = 'archived'"
            _write(lib, f"UPDATE paper_state SET {column} WHERE paper_id = ?", (pid,))
        found = ranking.decisions(lib.conn)
        total = len(found.positives) + len(found.negatives)
        _timed(out, f"retrain after triage, {total} decisions", lambda: ranking.train(lib.conn))
    for n, pid in enumerate(ids[:: max(len(ids) // 10, 1)][:10]):
        _timed(out, f"similar #{n}", lambda pid=pid: similar(lib.conn, pid, 5, lib.folder))
    sims = [out.pop(k) for k in list(out) if k.startswith("similar #")]
    out["similar papers, median of 10"] = (
        statistics.median(w for w, _ in sims[1:]),
        statistics.median(c for _, c in sims[1:]),
    )
    req = ListRequest("inbox", sort="for-you")
    _timed(out, "inbox listing, for-you sort", lambda: list_papers(lib.conn, None, req))
    lib.close()
    return out


def _table(curves: list[Curve]) -> str:
    lines = [
        "| decisions | P@10 for you | P@10 newest | P@50 for you | users told needs more |",
        "|---:|---:|---:|---:|---:|",
    ]
    for c in CHECKPOINTS:
        ranked = statistics.mean(cv.ranked[c] for cv in curves)
        newest = statistics.mean(cv.newest[c] for cv in curves)
        r50 = statistics.mean(cv.ranked50[c] for cv in curves)
        needs = sum(cv.needs_more[c] for cv in curves)
        lines.append(f"| {c} | {ranked:.2f} | {newest:.2f} | {r50:.2f} | {needs}/{len(curves)} |")
    return "\n".join(lines)


def beats_newest(curves: list[Curve]) -> int | None:
    """The fewest decisions after which the ranking's mean P@10 beats newest-first's."""
    for c in CHECKPOINTS:
        ranked = statistics.mean(cv.ranked[c] for cv in curves)
        if ranked > statistics.mean(cv.newest[c] for cv in curves):
            return c
    return None


def main(argv: list[str] | None = None) -> int:
    """python -m bench.rank [--papers N] [--users U] [--timing-papers M] [--json OUT]."""
    parser = argparse.ArgumentParser(prog="python -m bench.rank", description=__doc__)
    parser.add_argument("--papers", type=int, default=3000, help="library of the simulation")
    parser.add_argument("--users", type=int, default=5, help="simulated users (liked topics)")
    parser.add_argument("--timing-papers", type=int, default=20000, help="0 skips timing")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the timing library here")
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        curves = quality(ns.papers, ns.users, Path(tmp) / "quality") if ns.users else []
        times = {}
        if ns.timing_papers:
            where = ns.keep or Path(tmp) / "timing"
            times = timing(ns.timing_papers, where, (200, 1000, 5000))
    if curves:
        print(
            f"simulated users on {ns.papers} papers ({TOPICS} topics, {LIKED_TOPICS} liked, "
            f"{NOISE:.0%} noisy decisions), triaging newest first:\n"
        )
        print(_table(curves))
        print(f"\nbeats newest-first (mean P@10) after {beats_newest(curves)} decisions")
    if times:
        print(f"\n| at {ns.timing_papers:,} papers | wall s | CPU s |\n|---|---:|---:|")
    for name, (wall, cpu) in times.items():
        print(f"| {name} | {wall:.3f} | {cpu:.3f} |")
    if ns.json:
        body = {"curves": [c.__dict__ for c in curves], "timing": times}
        ns.json.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
