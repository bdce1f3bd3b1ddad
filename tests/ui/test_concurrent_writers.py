"""The window open while four command-line writers star, tag and note: nothing lost, no abort."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from xsession import FATAL

from reader.core import queries
from reader.core.db import connect

HERE = Path(__file__).resolve().parent
WRITERS = 4
ROUNDS = 3
FIRST_ID = 10

# One writer: ROUNDS x (star, tag, note) through the real CLI entry point, each command
# opening and closing the library as `reader ...` does; exits 1 if any command failed.
WRITER = """
import io, sys
from reader.cli import main
library, k, rounds, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
failed = 0
for i in range(rounds):
    pid = str(first + k * rounds + i)
    failed |= main(["--library", library, "star", pid])
    failed |= main(["--library", library, "tag", pid, f"w{k}t{i}"])
    sys.stdin = io.StringIO(f"writer {k}, round {i}")
    failed |= main(["--library", library, "note", pid])
sys.exit(1 if failed else 0)
"""


def expected() -> dict:
    ids = {(k, i): FIRST_ID + k * ROUNDS + i for k in range(WRITERS) for i in range(ROUNDS)}
    return {
        "starred": sorted(ids.values()),
        "tags": {str(pid): [f"w{k}t{i}"] for (k, i), pid in ids.items()},
        "notes": {str(pid): f"writer {k}, round {i}" for (k, i), pid in ids.items()},
    }


def wait_file(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the window exited early ({proc.returncode})"
        assert time.monotonic() < deadline, f"no {path.name} within {timeout} s"
        time.sleep(0.1)


def run_writers(library: Path) -> list[subprocess.CompletedProcess]:
    code = textwrap.dedent(WRITER)
    args = [str(library), "", str(ROUNDS), str(FIRST_ID)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args[:1], str(k), *args[2:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WRITERS)
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


def stored(library: Path) -> dict:
    conn = connect(library, readonly=True).conn
    try:
        want = expected()
        papers = {p.id: p for p in queries.load_papers(conn, want["starred"])}
        return {
            "starred": sorted(pid for pid, p in papers.items() if p.starred),
            "tags": {
                str(pid): [t for t in p.tags if t.startswith("w")] for pid, p in papers.items()
            },
            "notes": {str(pid): p.note for pid, p in papers.items()},
        }
    finally:
        conn.close()


def test_window_open_while_four_cli_writers_write(sample_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    window = subprocess.Popen(
        [sys.executable, str(HERE / "watch_window.py"), str(sample_folder), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_file(folder / "ready", window)
        writers = run_writers(sample_folder)
        (folder / "expect.json").write_text(json.dumps(expected()), "utf-8")
        _out, err = window.communicate(timeout=90)
    finally:
        if window.poll() is None:
            window.kill()
    for w in writers:
        assert w.returncode == 0, w.stderr
        assert "locked" not in w.stderr + w.stdout
    assert stored(sample_folder) == expected()  # 0 lost writes
    assert FATAL not in err, err
    assert window.returncode == 0, err
    seen = json.loads((folder / "seen.json").read_text("utf-8"))
    assert not [m for m in seen["messages"] if "locked" in m or "did not work" in m], seen
    assert any("changed outside this window" in m for m in seen["messages"])
    assert not seen["missing"], seen["missing"]  # the window shows every write
