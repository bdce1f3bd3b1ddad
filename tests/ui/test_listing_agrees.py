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
