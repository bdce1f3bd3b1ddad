"""The window and `reader list` agree on a view searched: same papers, same order, same count."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import reader
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core import listing
from reader.core.library import Library
from reader.core.models import Status


def cli_ids(*args: str) -> tuple[list[int], str]:
    done = reader(*args)
    assert done.returncode == 0
    return [p["id"] for p in json.loads(done.stdout)], done.stderr


def test_every_view_searched_lists_the_same_papers_as_the_cli(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        ids = listing.view_ids(lib.conn, sort="added")
        for n, status in enumerate((Status.QUEUED, Status.READ, Status.ARCHIVED)):
            lib.set_status(ids[n::4], status)
        lib.set_starred(ids[::3], True)
        lib.trash(ids[::7])
    window = open_window(sample_folder)
    search(qtbot, window, "vision")
    everything = window.model.ids()
    for view in listing.VIEWS:
        with qtbot.waitSignal(window.loaded, timeout=10000):
            window.set_view(view.key)
        shown = window.model.ids()
        args = ("--library", str(sample_folder), "list", "vision", "--view", view.key)
        listed, _ = cli_ids(*args, "--sort", "date", "--json")
        assert shown == listed, view.key
        assert shown and (view.key == "all" or len(shown) < len(everything)), view.key
        assert window.count_label.text().startswith(f"{len(shown)} "), view.key
        top, _ = cli_ids(*args, "--sort", "date", "--limit", "1", "--json")
        assert top == shown[:1]
        assert f"(1 of {len(shown)} shown)" in reader(*args, "--limit", "1").stderr


def test_search_list_and_window_report_one_total(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    """`reader search WORD --limit 3` says "3 of N" with the N `reader list WORD` lists and
    the window counts, trashed papers and papers matching in several fields included."""
    with Library(sample_folder) as lib:
        matching = lib.index.search("vision", limit=None).ids
        lib.trash(matching[::4])
        lib.add_tags(matching[1:3], ["vision"])
        lib.save_note(matching[1], "vision again")
    window = open_window(sample_folder)
    search(qtbot, window, "vision")
    shown = window.model.ids()
    assert window.count_label.text().startswith(f"{len(shown)} ")
    base = ("--library", str(sample_folder))
    listed, _ = cli_ids(*base, "list", "vision", "--json")
    assert sorted(listed) == sorted(shown) and len(shown) > 3
    searched = reader(*base, "search", "vision", "--limit", "3")
    assert searched.returncode == 0
    assert f"(3 of {len(shown)} shown)" in searched.stderr
    with Library(sample_folder) as lib:  # the index's own count, limited, is exact too
        assert lib.index.search("vision", limit=3).total == len(shown)
