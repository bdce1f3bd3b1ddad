"""`reader export` and saved exports kept up to date, through the real command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import bibtexparser
import pytest
from clihelp import reader

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


@pytest.fixture
def lib(tmp_path: Path) -> str:
    folder = str(tmp_path / "lib")
    assert reader("import", str(SAMPLE), "--library", folder).returncode == 0
    return folder


def test_bibtex_to_stdout_has_every_stored_key(lib: str) -> None:
    out = reader("export", "--library", lib)
    assert out.returncode == 0, out.stderr
    parsed = bibtexparser.parse_string(out.stdout)
    assert not parsed.failed_blocks
    keys = {p["citekey"] for p in json.loads(reader("list", "--json", "--library", lib).stdout)}
    assert {e.key for e in parsed.entries} == keys
    assert len(parsed.entries) == 107


@pytest.mark.parametrize("fmt", ["bibtex", "bibtex-utf8", "biblatex", "csljson", "ris", "markdown"])
def test_every_format_to_a_file_with_a_query(lib: str, tmp_path: Path, fmt: str) -> None:
    reader("tag", "1", "thesis", "--library", lib)
    reader("tag", "2", "thesis", "--library", lib)
    reader("note", "1", "--library", lib, stdin="Great *figures*.\n")
    out = tmp_path / f"thesis.{fmt}"
    result = reader("export", "-f", fmt, "-q", "tag:thesis", "-o", str(out), "--library", lib)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("exported 2 papers")
    text = out.read_text()
    assert "VisionTransformersOutperform" in text
    if fmt == "csljson":
        assert len(json.loads(text)) == 2
    if fmt == "markdown":
        assert "Great *figures*." in text


def test_unknown_format_and_bad_query(lib: str) -> None:
    bad = reader("export", "-f", "docx", "--library", lib)
    assert bad.returncode == 1 and "unknown format 'docx'" in bad.stderr
    bad = reader("export", "-q", "nofield:x", "--library", lib)
    assert bad.returncode == 1 and "unknown field" in bad.stderr


def test_unwritable_destination_is_reported(lib: str, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.bib"
    result = reader("export", "-o", str(target), "--library", lib)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_saved_export_follows_changes(lib: str, tmp_path: Path) -> None:
    bib = tmp_path / "starred.bib"
    saved = reader("export", "-q", "is:starred", "-o", str(bib), "--save", "--library", lib)
    assert saved.returncode == 0, saved.stderr
    assert bibtexparser.parse_string(bib.read_text()).entries == []
    reader("star", "1", "5", "--library", lib)
    sync = reader("export-sync", "--library", lib)
    assert sync.returncode == 0 and "2 papers, written" in sync.stdout
    keys = [e.key for e in bibtexparser.parse_string(bib.read_text()).entries]
    assert len(keys) == 2 and "VisionTransformersOutperform" in keys
    before = os.stat(bib).st_mtime_ns
    again = reader("export-sync", "--library", lib)
    assert "up to date" in again.stdout and os.stat(bib).st_mtime_ns == before
    listed = reader("export-list", "--library", lib).stdout
    assert "is:starred" in listed and str(bib) in listed
    assert reader("export-remove", "1", "--library", lib).returncode == 0
    assert "no saved exports" in reader("export-sync", "--library", lib).stdout
