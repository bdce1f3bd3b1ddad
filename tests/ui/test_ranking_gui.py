"""The window's "For you" inbox, its "why", similar papers by Alt+N, training off the GUI thread."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from bench.killloop import children
from bench.topics import topical_records
from reader.core import queries, ranking
from reader.core.library import Library
from reader.core.listing import ListRequest, list_papers
from reader.core.models import Status
from reader.core.rank_text import rank_dir
from reader.ui.main_window import MainWindow
from reader.ui.ranking import STORED

ALT = Qt.KeyboardModifier.AltModifier


def decide(folder: Path, liked: str, dismissed: str, n: int = 6) -> tuple[list[int], list[int]]:
    """Star papers matching one search and archive papers matching another."""
    with Library(folder) as lib:
        good = lib.index.search(liked, limit=n).ids
        bad = [i for i in lib.index.search(dismissed, limit=3 * n).ids if i not in good][:n]
        lib.set_starred(good, True)
        lib.set_status(bad, Status.ARCHIVED)
    return good, bad


def for_you(qtbot: QtBot, window: MainWindow) -> None:
    rank = window.controllers.rank
    with qtbot.waitSignal(rank.trained, timeout=30000):
        window.commands.run("view.for_you")
    qtbot.waitUntil(lambda: window.finder.idle() and rank.idle(), timeout=30000)


def pane_text(window: MainWindow) -> str:
    return window.abstract.toPlainText()


def test_for_you_ranks_the_inbox_and_says_why(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    good, _bad = decide(sample_folder, "diffusion", "pruning")
    window = open_window(sample_folder)
    for_you(qtbot, window)
    assert window.request.view == "inbox" and window.request.sort == "for-you"
    ids = window.model.ids()
    assert set(ids[: len(good)]) == set(good)  # the liked ones score highest
    fresh = [i for i in ids if i not in good][:5]
    with Library(sample_folder) as lib:
        papers = queries.load_papers(lib.conn, fresh)
    assert sum("diffusion" in (p.title + p.abstract).lower() for p in papers) >= 4
    window.table.select_id(fresh[0])
    qtbot.waitUntil(lambda: "Why here (For you):" in pane_text(window), timeout=5000)
    line = next(x for x in pane_text(window).splitlines() if x.startswith("Why here"))
    reasons = [r.split(" (")[0].strip() for r in line.split(":", 1)[1].split(", ")]
    words = set(re.findall(r"[a-z0-9-]+", f"{papers[0].title} {papers[0].abstract}".lower()))
    assert reasons and all(r in words or r in papers[0].categories for r in reasons)
    assert window.table.horizontalHeader().sortIndicatorSection() == -1  # no column sorts it


def test_too_few_decisions_say_so_and_list_newest_first(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    decide(sample_folder, "diffusion", "pruning", n=2)
    window = open_window(sample_folder)
    for_you(qtbot, window)
    assert "For you: needs more decisions: 2 of 5 liked, 2 of 5 dismissed" in pane_text(window)
    with Library(sample_folder) as lib:
        assert window.model.ids() == list_papers(lib.conn, None, ListRequest("inbox")).ids


def test_similar_papers_are_listed_and_one_key_away(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    rank = window.controllers.rank
    shown = window.current_id()
    qtbot.waitUntil(lambda: shown in rank.similar, timeout=20000)
    found = rank.similar[shown]
    assert len(found) == 5 and shown not in [i for i, _, _ in found]
    qtbot.waitUntil(lambda: "Similar papers" in pane_text(window), timeout=5000)
    text = pane_text(window)
    for n, (_, title, _) in enumerate(found, start=1):
        assert f"Alt+{n} {title[:30]}" in " ".join(text.split())
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_3, ALT)
    assert window.current_id() == found[2][0]


def test_reset_forgets_the_ranking(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    decide(sample_folder, "diffusion", "pruning")
    window = open_window(sample_folder)
    for_you(qtbot, window)
    stored = ranking.model_path(sample_folder, None)
    assert stored == sample_folder / STORED  # the window's own name for it agrees
    first = stored.stat().st_mtime_ns
    with qtbot.waitSignal(window.controllers.rank.trained, timeout=30000):
        window.commands.run("rank.reset")  # forgets, then (still For you) learns again
    assert "Forgot the trained rankings" in window.statusBar().currentMessage()
    assert stored.stat().st_mtime_ns != first  # a new file: trained from scratch
    assert (rank_dir(sample_folder) / "corpus.npz").exists()


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6,000 papers of the topical corpus with 40 liked and 60 dismissed."""
    folder = tmp_path_factory.mktemp("bigrank") / "lib"
    records, topics = topical_records(6000)
    with Library(folder) as lib:
        lib.import_records(records, "bench:topics")
        ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
        lib.set_starred([i for i, t in zip(ids, topics, strict=True) if t == 0][:40], True)
        others = [i for i, t in zip(ids, topics, strict=True) if t != 0][:60]
        lib.set_status(others, Status.ARCHIVED)
    return folder


def test_training_a_big_library_never_blocks_the_window(
    big_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    ranking.reset(big_folder)  # cold: tokenise every paper, then fit and score
    window = open_window(big_folder)
    rank = window.controllers.rank
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer(interval=10)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    ticker.start()
    started = time.perf_counter()
    with qtbot.waitSignal(rank.trained, timeout=120000) as got:
        window.commands.run("view.for_you")
    took = time.perf_counter() - started
    ticker.stop()
    model = got.args[0]
    assert model.ready and model.positives == 40
    # Blocked, the loop would stall for the whole training (seconds at 6,000 papers);
    # answering, it ticks all along. The bounds leave room for a machine under load
    # (gaps of a few hundred ms come from CPU starvation, not from the training).
    assert took > 0.5
    assert len(gaps) > took * 1000 / 100, (len(gaps), took)
    assert max(gaps) < max(took * 1000 / 3, 400), (max(gaps), took)


def _children_cpu() -> float:
    """CPU seconds of this process's children so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in children(os.getpid()):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_window_process_leaves_the_ranking_work_to_another(
    big_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    # On a thread of the window, tokenising and training held the GIL in 5 ms turns and a
    # key's repaint waited for them (50-360 ms at 20k); the window's process now only asks.
    window = open_window(big_folder)
    rank = window.controllers.rank
    qtbot.waitUntil(lambda: window.library_open and rank.idle(), timeout=60000)
    ranking.reset(big_folder)  # cold again: every paper tokenised, then fitted and scored
    ours, theirs = time.process_time(), _children_cpu()
    with qtbot.waitSignal(rank.trained, timeout=120000):
        window.commands.run("view.for_you")
    ours, theirs = time.process_time() - ours, _children_cpu() - theirs
    assert theirs > 0.5, (ours, theirs)  # the work was done, by a child
    assert ours < theirs / 3, (ours, theirs)


def test_papers_like_a_tag_rank_by_that_tag(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        tagged = lib.index.search("distillation", limit=6).ids
        lib.add_tags(tagged, ["Distill"])
    decide(sample_folder, "segmentation", "pruning")
    window = open_window(sample_folder)
    rank = window.controllers.rank
    with qtbot.waitSignal(rank.trained, timeout=30000):
        rank.show_for_you("Distill")
    qtbot.waitUntil(lambda: window.finder.idle() and rank.idle(), timeout=30000)
    assert window.request.like == "Distill" and window.request.sort == "for-you"
    ids = window.model.ids()
    listed = [i for i in tagged if i in ids]  # some may have been archived as "pruning"
    assert len(listed) >= 4 and set(ids[: len(listed)]) == set(listed)
    window.table.select_id(ids[len(listed)])
    qtbot.waitUntil(lambda: "Why here (Like ‘Distill’):" in pane_text(window), timeout=5000)
