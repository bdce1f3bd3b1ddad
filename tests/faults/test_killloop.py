"""SIGKILL at random points of import, reindex, rekey and export-sync: nothing lost, ever.

bench/killloop.py runs the same loop with 100+ kills on a bigger library.
"""

from __future__ import annotations

from pathlib import Path

from bench.killloop import OPERATIONS, kill_loop, prepare

KILLS = 12


def test_kill_loop_leaves_every_library_before_or_after_and_healthy(tmp_path: Path) -> None:
    master = prepare(tmp_path, papers=300)
    assert master.after["import"].papers != master.before.papers
    assert master.after["rekey"].papers != master.before.papers  # rekey has work to do
    tally = kill_loop(master, KILLS, seed=20261130, work=tmp_path / "work")
    assert sum(tally.kills.values()) == KILLS
    assert set(tally.kills) == set(OPERATIONS)
    assert tally.problems == []
    assert tally.orphans == 0
