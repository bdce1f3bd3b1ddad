"""A full disk and a truncated database: a clear line, nothing half-written, nothing lost."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faulthelp import Run, run_reader, variant_feed

resource = pytest.importorskip("resource")  # RLIMIT_FSIZE: POSIX only


def _limited(folder: Path, limit: int, *args: str, stdin: bytes | None = None) -> Run:
    """`reader ARGS` with every file it writes capped at limit bytes: a full disk."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args, "--library", str(folder)],
        input=stdin,
        capture_output=True,
        preexec_fn=cap,
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def _one_line_refusal(result: Run) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_full_disk_refuses_writes_cleanly_and_loses_nothing(
    sample_library: Path, tmp_path: Path
) -> None:
    lib = str(sample_library)
    run_reader("tag", "1", "keep-me", "--library", lib)
    run_reader("note", "1", "--library", lib, stdin=b"my precious note")
    before = run_reader("list", "--json", "--library", lib).stdout
    feed = tmp_path / "more.txt"
    variant_feed(feed, 30)
    limit = max(f.stat().st_size for f in sample_library.rglob("*") if f.is_file()) + 65536
    imported = _limited(sample_library, limit, "import", str(feed))
    _one_line_refusal(imported)
    assert (
        "could not write the library" in imported.stderr
        and "nothing was changed" in imported.stderr
    )
    noted = _limited(sample_library, limit, "note", "1", stdin=b"x" * (4 * limit))
    _one_line_refusal(noted)
    check = run_reader("check", "--library", lib)
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_reader("list", "--json", "--library", lib).stdout == before
    papers = json.loads(before)
    first = next(p for p in papers if p["id"] == 1)
    assert first["tags"] == ["keep-me"] and first["note"] == "my precious note"


@pytest.mark.parametrize("command", [["list"], ["star", "1"], ["check"], ["reindex"]])
def test_a_truncated_database_is_refused_and_left_as_it_is(
    sample_library: Path, command: list[str]
) -> None:
    db = sample_library / "library.sqlite"
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 2)
    damaged = db.read_bytes()
    result = run_reader(*command, "--library", str(sample_library))
    _one_line_refusal(result)
    assert str(db) in result.stderr or "damaged" in result.stderr
    assert db.read_bytes() == damaged  # never "repaired" into an empty library
