"""An opened search index reads its segment files in place, so each reader costs little memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy  # noqa: F401  the first search loads it (numpy ranking): its import is no copy

from bench.generate import generate_records
from reader.core.index import SearchIndex
from reader.core.library import Library


def test_an_opened_index_holds_no_copy_of_its_segments(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records(generate_records(600), "bench:generated")
    on_disk = sum(f.stat().st_size for f in (folder / "index").glob("*.seg"))
    assert on_disk > 1_000_000
    tracemalloc.start()
    try:
        # The window opens the index twice (its finder, its writer's catch-up): each used
        # to copy every segment's terms and postings into memory.
        index = SearchIndex(folder, repair=False)
        assert index.search("transformer").total > 0
        assert index.search("graph neural", sort="date", limit=50).total > 0
        assert index.search('"language model"').total > 0
        held, _peak = tracemalloc.get_traced_memory()
        index.close()
    finally:
        tracemalloc.stop()
    assert held < on_disk / 4, f"{held:,} bytes held for {on_disk:,} bytes of segments"
