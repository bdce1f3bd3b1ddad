"""`reader rule` and `reader view`: rules run and undo as one step; smart views list and export."""

from __future__ import annotations

import json
from pathlib import Path

from netserver import Run

from reader.core.library import Library
from reader.feeds.files import read_feed

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"
BENCH = "abstract:benchmark AND NOT tag:vision"


def _statuses(run: Run, view: str) -> int:
    status, out, _ = run("list", "--view", view, "--json", "--limit", "0")
    assert status == 0
    return len(json.loads(out))


def test_rule_add_dry_run_run_and_undo(run: Run) -> None:
    assert run("import", str(SAMPLE))[0] == 0
    assert run("rule", "add", "bench", BENCH, "archive")[0] == 0
    assert run("rule", "add", "later", "title:diffusion", "tag:to-read")[0] == 0
    status, out, _ = run("rule", "list")
    assert out.splitlines() == [
        f"bench\t{BENCH}\t→ archive",
        "later\ttitle:diffusion\t→ tag:to-read",
    ]
    status, out, _ = run("rule", "run", "bench", "--dry-run")
    assert status == 0 and "archive would change 12" in out
    assert out.count("\n  ") == 11 and "… and 2 more" in out  # ten named, the rest counted
    assert _statuses(run, "archive") == 0  # a dry run changes nothing
    status, out, _ = run("rule", "run")
    assert status == 0 and "32 papers changed" in out
    assert _statuses(run, "archive") == 12
    assert run("list", "--tag", "to-read", "--limit", "0", "--json")[1].count('"citekey"') == 22
    status, out, _ = run("rule", "undo")
    assert status == 0 and out.startswith("rule run 1 undone: 32 papers")
    assert _statuses(run, "archive") == 0
    assert run("list", "--tag", "to-read", "--json")[1].strip() == "[]"
    assert run("rule", "redo")[0] == 0 and _statuses(run, "archive") == 12


def test_rules_run_on_the_new_papers_of_an_import(run: Run, tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as lib:  # a library that already holds half the feed
        lib.import_records(read_feed(SAMPLE).records[:50], "hf-page:half")
    old = _statuses(run, "all")
    run("rule", "add", "bench", "abstract:benchmark", "archive")
    assert _statuses(run, "archive") == 0  # adding a rule runs nothing
    status, out, _ = run("import", str(SAMPLE))
    assert status == 0 and "57 new" in out
    archived = _statuses(run, "archive")
    assert f"rule bench: {archived} papers changed; `reader rule undo` undoes it" in out
    assert 0 < archived < 13  # the new papers only: the older benchmark papers stay
    assert _statuses(run, "inbox") == old + 57 - archived
    assert run("rule", "undo")[0] == 0 and _statuses(run, "archive") == 0


def test_rule_mistakes_are_one_line(run: Run) -> None:
    run("import", str(SAMPLE))
    for args, message in [
        (("rule", "add", "x", "abstract:benchmark", "shred"), "unknown action 'shred'"),
        (("rule", "add", "x", "title:(open", "star"), "never closed"),
        (("rule", "remove", "nope"), "no rule named 'nope'"),
        (("rule", "undo"), "no rule run to undo"),
    ]:
        status, _out, err = run(*args)
        assert status == 1 and message in err and len(err.strip().splitlines()) == 1, err
    status, _out, err = run("list", "--view", "nope")  # a usage error, as argparse gives
    assert status == 2 and err == "reader: no view named 'nope'; use one of " + (
        "inbox, queue, starred, read, archive, all, trash\n"
    )


def test_smart_views_list_export_and_order(run: Run, tmp_path: Path) -> None:
    run("import", str(SAMPLE))
    assert run("view", "add", "Diffusion", "title:diffusion")[0] == 0
    assert run("view", "add", "bench", "abstract:benchmark")[0] == 0
    _status, out, _ = run("view", "list")
    assert out.splitlines() == ["Diffusion\ttitle:diffusion\t22", "bench\tabstract:benchmark\t12"]
    run("star", *[str(i) for i in range(1, 108)])
    assert _statuses(run, "diffusion") == 22
    _, out, _ = run("list", "--view", "Diffusion", "--json", "--limit", "0")
    diffusion = {p["citekey"] for p in json.loads(out)}
    target = tmp_path / "diffusion.bib"
    assert run("export", "--view", "diffusion", "-o", str(target), "--save")[0] == 0
    assert target.read_text(encoding="utf-8").count("@") == len(diffusion)
    _, out, _ = run("export-list")
    assert "title:diffusion" in out  # the saved export keeps the view's query
    assert run("view", "move", "bench", "1")[1].strip() == "bench  Diffusion"
    assert run("view", "rename", "bench", "Benchmarks")[0] == 0
    assert run("view", "remove", "diffusion")[0] == 0
    assert run("view", "list")[1].splitlines() == ["Benchmarks\tabstract:benchmark\t12"]
