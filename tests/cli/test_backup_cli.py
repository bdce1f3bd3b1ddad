"""`reader backup`, `backup list`, `backup restore`, and a damaged library at open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from clihelp import reader

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


@pytest.fixture
def lib(tmp_path: Path) -> str:
    folder = str(tmp_path / "lib")
    assert reader("--library", folder, "import", str(SAMPLE)).returncode == 0
    return folder


def test_first_use_of_the_day_leaves_a_verified_backup(lib: str) -> None:
    assert "no backups" in reader("backup", "list", "--library", lib).stdout  # new library
    assert reader("list", "--library", lib).returncode == 0
    listed = reader("backup", "list", "--library", lib)
    assert listed.returncode == 0
    (line,) = listed.stdout.splitlines()
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC .* 107 papers\s+verified\s+daily", line)
    reader("star", "1", "--library", lib)
    assert len(reader("backup", "list", "--library", lib).stdout.splitlines()) == 1


def test_backup_now_and_to_a_path(lib: str, tmp_path: Path) -> None:
    made = reader("backup", "--library", lib)
    assert made.returncode == 0 and "backed up 107 papers" in made.stdout
    assert "on request" in reader("backup", "list", "--library", lib).stdout
    out = tmp_path / "copy.sqlite"
    assert reader("backup", "--to", str(out), "--library", lib).returncode == 0
    again = reader("backup", "--to", str(out), "--library", lib)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_restore_round_trip(lib: str) -> None:
    reader("note", "3", "--library", lib, stdin="kept in the backup")
    reader("backup", "--library", lib)
    name = reader("backup", "list", "--library", lib).stdout.splitlines()[0].split()[-1]
    reader("note", "3", "--library", lib, stdin="written after the backup")
    reader("tag", "3", "after", "--library", lib)
    done = reader("backup", "restore", name, "--library", lib)
    assert done.returncode == 0, done.stderr
    assert "restored 107 papers" in done.stdout and "search index rebuilt" in done.stdout
    shown = json.loads(reader("show", "3", "--json", "--library", lib).stdout)
    assert shown["note"] == "kept in the backup" and shown["tags"] == []
    assert reader("search", "tag:after", "--library", lib).stdout == ""
    assert "before restoring " + name in reader("backup", "list", "--library", lib).stdout
    assert reader("check", "--library", lib).returncode == 0


def test_restore_id_still_restores_from_the_trash(lib: str) -> None:
    reader("trash", "4", "--library", lib)
    assert reader("restore", "4", "--library", lib).stdout == "restored 1 paper\n"


@pytest.mark.parametrize("content", [b"", b"\x00" * 4096])
def test_empty_or_damaged_database_is_refused_naming_the_newest_backup(
    lib: str, content: bytes
) -> None:
    reader("backup", "--library", lib)
    name = reader("backup", "list", "--library", lib).stdout.splitlines()[0].split()[-1]
    db = Path(lib) / "library.sqlite"
    for side in ("library.sqlite-wal", "library.sqlite-shm"):
        (Path(lib) / side).unlink(missing_ok=True)
    db.write_bytes(content)
    result = reader("list", "--library", lib)
    assert result.returncode == 1 and result.stdout == ""
    assert str(db) in result.stderr and name in result.stderr
    assert f"reader backup restore {name}" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == content  # never reinitialised
    assert reader("import", str(SAMPLE), "--library", lib).returncode == 1
    assert db.read_bytes() == content
    assert reader("backup", "restore", name, "--library", lib).returncode == 0
    assert len(reader("list", "--library", lib).stdout.splitlines()) == 107
