"""Connections of one process keep seeing other processes' commits (the window's case)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.core import queries
from reader.core.db import connect
from reader.core.library import Library

# Another process running one command, opening and closing the library as `reader` does.
CLI = "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))"


def other_process(folder: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CLI, "--library", str(folder), *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def test_read_connections_keep_seeing_other_processes_after_a_later_open(
    library: Library,
) -> None:
    # As the window opens: the writer thread's Library, the GUI's read connection, then
    # the finder's. Opening one more connection must not cost the others their locks: a
    # command that then closes would think it was the last user, delete the -wal/-shm
    # they still read, and leave them on a frozen copy from then on.
    gui = connect(library.folder, readonly=True).conn
    finder = connect(library.folder, readonly=True).conn
    try:
        for round_, pid in enumerate((7, 8, 9)):
            before = data_version(gui)
            other_process(library.folder, "tag", str(pid), f"elsewhere{round_}")
            assert data_version(gui) != before, f"round {round_}: data_version froze"
            for conn in (gui, finder, library.conn):
                assert f"elsewhere{round_}" in queries.load_papers(conn, [pid])[0].tags
    finally:
        gui.close()
        finder.close()
