"""The latency benchmark's libraries: built once per size from the generator, copied per run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

READY = "bench-ready.json"  # written last: a folder without it is a half-built cache


def log(message: str) -> None:
    """Progress goes to stderr so stdout stays the table."""
    print(f"[latency {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def default_cache() -> Path:
    """~/.cache/reader-bench (or $XDG_CACHE_HOME/reader-bench): libraries reused across runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reader-bench"


def build(n: int, folder: Path) -> None:
    """Import n generated papers, mark some starred/tagged, build the index (this process)."""
    from bench.generate import generate_records
    from bench.run import import_sqlite, mark_user_data
    from reader.core.db import transaction
    from reader.core.library import Library

    start = time.perf_counter()
    records = generate_records(n)
    # Forked index workers are fine here: this process never starts Qt.
    with Library(folder) as lib:
        import_sqlite(lib, records)
        records.clear()
        with transaction(lib.db) as conn:  # the reindex below covers the outbox
            conn.execute("DELETE FROM index_outbox")
        mark_user_data(lib)
        lib.reindex()
    seconds = time.perf_counter() - start
    (folder / READY).write_text(json.dumps({"papers": n, "build_s": seconds}))


def cached_library(n: int, cache: Path) -> Path:
    """The cached n-paper library, built in a subprocess (clean memory) when missing."""
    folder = cache / f"latency-{n}"
    if (folder / READY).is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    log(f"{n}: building the library in {folder} (reused by later runs)")
    cmd = [sys.executable, "-m", "bench.latency", "--build", str(folder), "--papers", str(n)]
    subprocess.run(cmd, check=True)
    return folder


def working_copy(cached: Path, dest: Path) -> Path:
    """A copy the window may change, with today's backup made (so the window makes none)."""
    from reader.core.library import Library

    shutil.copytree(cached, dest, ignore=shutil.ignore_patterns("backups", READY))
    with Library(dest) as lib:  # also applies any migration newer than the cache
        lib.daily_backup()
    return dest
