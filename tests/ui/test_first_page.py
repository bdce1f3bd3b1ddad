"""A big list paints its first page at once; the rest arrives under the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from bench.generate import generate_records
from reader.core import index_query
from reader.core.library import Library
from reader.core.listing import ListRequest, list_papers
from reader.ui import startup
from reader.ui.main_window import MainWindow
from reader.ui.tasks import PAGE, ListResult


def big_library(folder: Path, n: int) -> list[int]:
    """n generated papers; their ids newest first, as the window lists them."""
    with Library(folder) as lib:
        lib.before_big_import = lambda count, source: None  # type: ignore[method-assign]
        lib.import_records(generate_records(n), "bench:generated")
        return list(list_papers(lib.conn, None, ListRequest()).ids)


def test_first_rows_come_before_the_whole_list_and_stay_put(tmp_path: Path, qtbot: QtBot) -> None:
    whole = big_library(tmp_path / "lib", 2 * PAGE + 50)
    window = MainWindow(tmp_path / "lib")
    qtbot.addWidget(window)
    startup.place(window, screenshot=False)
    results: list[ListResult] = []
    events: list[str] = []
    window.finder.listed.connect(results.append)
    window.model.modelReset.connect(lambda: events.append("reset"))
    window.model.rowsInserted.connect(lambda *_: events.append("inserted"))
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.show()
        window.start()
    assert [(r.partial, len(r.ids)) for r in results] == [(True, PAGE), (False, len(whole))]
    assert results[0].ids == whole[:PAGE]
    assert events == ["reset", "inserted"]  # the first rows were never replaced
    assert window.model.ids() == whole
    assert window.current_id() == whole[0]
    results.clear()
    events.clear()
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.set_view("inbox")  # a new list: its first page first again
    assert [r.partial for r in results] == [True, False]
    assert events == ["reset", "inserted"]
    window.close()
    qtbot.waitUntil(window.closing, timeout=20000)


def test_typing_on_skips_the_searches_it_made_stale(tmp_path: Path, qtbot: QtBot) -> None:
    big_library(tmp_path / "lib", 50)
    window = MainWindow(tmp_path / "lib")
    qtbot.addWidget(window)
    startup.place(window, screenshot=False)
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.show()
        window.start()
    answered: list[ListResult] = []
    window.finder._worker.listed.connect(answered.append)  # every answer the finder made
    typed = ["d", "di", "dif", "diff", "diffu", "diffus", "diffusi", "diffusion"]
    with qtbot.waitSignal(window.loaded, timeout=20000):
        for text in typed:  # faster than any search: each makes the one before it stale
            window.set_query(text)
    assert window.request.query == "diffusion"
    assert answered[-1].request.query == "diffusion" and answered[-1].ids
    assert len(answered) < len(typed)
    window.close()
    qtbot.waitUntil(window.closing, timeout=20000)


def test_the_search_index_is_ready_before_the_first_search(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its tables (papers' document numbers, sort places) take seconds at 100k papers:
    # made while the window is idle after start, not while the first search waits.
    big_library(tmp_path / "lib", 120)
    made: list[str] = []
    original = index_query.DocMap.__init__

    def recorded(self: index_query.DocMap, searcher: Any) -> None:
        made.append(window.request.query)
        original(self, searcher)

    monkeypatch.setattr(index_query.DocMap, "__init__", recorded)
    window = MainWindow(tmp_path / "lib")
    qtbot.addWidget(window)
    startup.place(window, screenshot=False)
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.show()
        window.start()
    qtbot.waitUntil(lambda: made == [""], timeout=20000)
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.set_query("diffusion")
    assert window.model.rowCount() > 0
    assert made == [""]  # the search used the tables made at start
    window.close()
    qtbot.waitUntil(window.closing, timeout=20000)
