"""A damaged, missing or foreign index/ is rebuilt from SQLite by itself."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from faulthelp import Run


def _truncate_segment(index: Path) -> None:
    seg = next(index.glob("*.seg"))
    with seg.open("r+b") as handle:
        handle.truncate(seg.stat().st_size // 3)


def _delete_segment(index: Path) -> None:
    next(index.glob("*.seg")).unlink()


def _make_file(index: Path) -> None:
    shutil.rmtree(index)
    index.write_text("not an index")


def _garbage(index: Path) -> None:
    for item in index.iterdir():
        item.write_bytes(os.urandom(2048))


def _delete(index: Path) -> None:
    shutil.rmtree(index)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated .seg": _truncate_segment,
    "deleted .seg": _delete_segment,
    "index is a file": _make_file,
    "garbage files": _garbage,
    "deleted index": _delete,
}


def _starred_ids(cli: Callable[..., Run], folder: Path) -> list[int]:
    out = cli("search", "is:starred", "--json", "--library", str(folder))
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return sorted(p["id"] for p in json.loads(out.stdout))


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_any_command_rebuilds_a_damaged_index(
    cli: Callable[..., Run], sample_library: Path, damage: str
) -> None:
    cli("star", "3", "5", "--library", str(sample_library))
    DAMAGE[damage](sample_library / "index")
    result = cli("search", "is:starred", "--json", "--library", str(sample_library))
    assert result.returncode == 0, result.stderr
    assert sorted(p["id"] for p in json.loads(result.stdout)) == [3, 5]
    if damage != "deleted index":  # nothing there to call damaged: rebuilt silently
        assert "rebuilding it from the database" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 1, result.stderr
    check = cli("check", "--library", str(sample_library))
    assert check.returncode == 0 and check.stdout.strip().endswith("ok"), check.stdout


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_reindex_rebuilds_whatever_the_old_index_holds(
    cli: Callable[..., Run], sample_library: Path, damage: str
) -> None:
    DAMAGE[damage](sample_library / "index")
    result = cli("reindex", "--library", str(sample_library))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "indexed 107 papers\n"
    assert _starred_ids(cli, sample_library) == []
    check = cli("check", "--library", str(sample_library))
    assert check.returncode == 0, check.stdout
