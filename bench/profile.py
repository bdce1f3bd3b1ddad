"""cProfile the import, index sync, index build and search phases at one corpus size."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import fts
from bench.generate import generate_records
from bench.run import import_sqlite, mark_user_data
from reader.core.library import Library


def profiled(name: str, fn: Callable[[], Any], out: Path, top: int) -> None:
    """Run fn under cProfile; save the stats and print the top functions."""
    prof = cProfile.Profile()
    prof.runcall(fn)
    prof.dump_stats(out / f"{name}.prof")
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats(order).print_stats(top)
        print(f"===== {name} by {order} =====")
        print(text.getvalue().split("\n", 6)[-1][:6000])


def searches(lib: Library, limit: int | None) -> None:
    """Every benchmark query three times."""
    for _ in range(3):
        for _, text, _ in fts.QUERIES:
            lib.index.search(text, limit=limit)


def main(argv: list[str] | None = None) -> int:
    """python -m bench.profile --papers 10000 --out DIR [--phases import sync reindex search]."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=Path("bench-profiles"))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--phases", nargs="+", default=["import", "sync", "reindex", "search"])
    ns = parser.parse_args(argv)
    ns.out.mkdir(parents=True, exist_ok=True)
    records = generate_records(ns.papers)
    with tempfile.TemporaryDirectory(prefix="reader-profile-") as tmp:
        lib = Library(Path(tmp))
        steps: list[tuple[str, str, Callable[[], Any]]] = [
            ("import", "import", lambda: import_sqlite(lib, records)),
            ("sync", "sync", lib.sync_index),
            ("reindex", "reindex", lib.reindex),
            ("search50", "search", lambda: searches(lib, 50)),
            ("searchall", "search", lambda: searches(lib, None)),
        ]
        for name, phase, fn in steps:
            if phase in ns.phases:
                profiled(name, fn, ns.out, ns.top)
            elif phase == "import":
                fn()  # later phases need the papers
            if phase == "sync":
                mark_user_data(lib)
        lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
