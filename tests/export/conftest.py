"""Fixtures for exporter tests: the sample feed's papers, and a Paper factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.core import listing, queries
from reader.core.library import Library
from reader.core.models import Paper, PaperId, Status
from reader.feeds.files import read_feed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sample_papers(tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    """The 107 papers of the bundled sample feed, imported into a real library (once)."""
    parsed = read_feed(ROOT / "resources" / "sample-feed.txt")
    lib = Library(tmp_path_factory.mktemp("export") / "lib")
    try:
        lib.import_records(parsed.records, "hf-page:sample-feed.txt")
        return queries.load_papers(lib.conn, listing.view_ids(lib.conn, sort="added"))
    finally:
        lib.close()


def make_paper(n: int = 1, **overrides: Any) -> Paper:
    """A Paper built directly (exporters are pure), with plain defaults."""
    values: dict[str, Any] = {
        "id": PaperId(n),
        "citekey": f"key{n}",
        "title": "A Title",
        "abstract": "",
        "authors": (),
        "arxiv_id": None,
        "arxiv_version": None,
        "doi": None,
        "published": None,
        "updated": None,
        "listing_date": None,
        "categories": (),
        "links": (),
        "upvotes": None,
        "journal_ref": None,
        "comment": None,
        "source": "test",
        "imported": "2024-01-01T00:00:00.000Z",
        "added": "2024-01-01T00:00:00.000Z",
        "modified": "2024-01-01T00:00:00.000Z",
        "starred": False,
        "status": Status.NEW,
        "tags": (),
        "note": "",
        "note_modified": None,
        "trashed": False,
    }
    values.update(overrides)
    return Paper(**values)


@pytest.fixture(scope="session")
def paper_factory() -> Callable[..., Paper]:
    """`make_paper` as a fixture; session-scoped because it is pure (Hypothesis-safe)."""
    return make_paper
