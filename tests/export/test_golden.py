"""Golden files: every format of the sample feed export, byte for byte.

Regenerate after an intended change with:

    READER_UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/export/test_golden.py

then review `git diff tests/export/golden`.  No exporter writes the `added`/`imported`
timestamps, so the files do not change from run to run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.models import Paper
from reader.export import FORMATS, export_papers, verify

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_sample_export_matches_golden(sample_papers: list[Paper], fmt: str) -> None:
    text = export_papers(sample_papers, fmt)
    verify(text, fmt, sample_papers)
    path = GOLDEN / f"sample-{fmt}{FORMATS[fmt].extension}"
    if os.environ.get("READER_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing {path.name}: run with READER_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_export_does_not_depend_on_timestamps(sample_papers: list[Paper]) -> None:
    from dataclasses import replace

    moved = [replace(p, added="1999-01-01T00:00:00.000Z", imported="x") for p in sample_papers]
    for fmt in FORMATS:
        assert export_papers(moved, fmt) == export_papers(sample_papers, fmt)
