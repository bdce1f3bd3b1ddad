"""A library in a read-only folder: reading commands work, writing commands refuse clearly."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from clihelp import reader

from reader.core.library import Library
from reader.feeds.files import read_feed

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    assert reader("import", str(SAMPLE), "--library", str(lib)).returncode == 0
    assert reader("star", "5", "--library", str(lib)).returncode == 0
    return lib


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


def test_read_commands_work_in_a_read_only_folder(
    folder: Path, read_only: Callable[[Path], Path], tmp_path: Path
) -> None:
    before = _files(folder)
    ro = str(read_only(folder))
    listed = reader("list", "--library", ro)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 107 and listed.stderr == ""
    shown = json.loads(reader("show", "5", "--json", "--library", ro).stdout)
    assert shown["starred"] is True
    found = reader("search", "is:starred", "--json", "--library", ro)
    assert [p["id"] for p in json.loads(found.stdout)] == [5], found.stderr
    exported = reader("export", "-f", "bibtex", "--library", ro)
    entries = [line for line in exported.stdout.splitlines() if line.startswith("@")]
    assert exported.returncode == 0 and len(entries) == 107
    out = tmp_path / "out.bib"
    assert reader("export", "-o", str(out), "-q", "diffusion", "--library", ro).returncode == 0
    assert out.read_text().startswith("@")
    assert reader("note", "5", "--print", "--library", ro).returncode == 0
    copy = tmp_path / "copy.sqlite"
    assert reader("backup", "--to", str(copy), "--library", ro).returncode == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 107
    assert _files(folder) == before  # no lock, no backup, no index catch-up written


@pytest.mark.parametrize(
    "args",
    [
        ("star", "1"),
        ("tag", "1", "x"),
        ("note", "1"),
        ("import", str(SAMPLE)),
        ("reindex",),
        ("export", "-o", "/tmp/x.bib", "--save"),
        ("backup",),
        ("backup", "restore", "whatever.sqlite"),
    ],
)
def test_write_commands_refuse_in_one_line(
    folder: Path, read_only: Callable[[Path], Path], args: tuple[str, ...]
) -> None:
    ro = read_only(folder)
    result = reader(*args, "--library", str(ro), stdin="note text")
    assert result.returncode == 1
    assert "read-only" in result.stderr and str(ro) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_library_left_with_its_wal_is_read_with_the_wal(
    tmp_path: Path, read_only: Callable[[Path], Path]
) -> None:
    # A writer still open (or killed) leaves the newest commits in library.sqlite-wal:
    # opening the file as immutable would miss them.
    src = tmp_path / "src"
    with Library(src) as lib:
        lib.import_records(read_feed(SAMPLE).records, "sample")
        holder = sqlite3.connect(src / "library.sqlite")
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        lib.conn.execute("PRAGMA wal_autocheckpoint = 0")
        lib.set_starred([9], True)
        assert (src / "library.sqlite-wal").stat().st_size > 0
        ro = read_only(src)
        found = reader("list", "--view", "starred", "--json", "--library", str(ro))
        assert found.returncode == 0, found.stderr
        assert [p["id"] for p in json.loads(found.stdout)] == [9]
        holder.close()
