"""Crossref /works/{doi} answers become one record with venue, authors and date."""

from __future__ import annotations

import pytest
from netdata import crossref_work

from reader.feeds.crossref import parse_crossref
from reader.feeds.errors import FeedError


def test_crossref_work() -> None:
    data = crossref_work("10.1000/XYZ.1", "A <i>Study</i>", [("Ada", "Lovelace")], 2021)
    (rec,) = parse_crossref(data).records
    assert (rec.doi, rec.title, rec.published, rec.year) == (
        "10.1000/XYZ.1",
        "A <i>Study</i>",
        "2021-03-01",
        2021,
    )
    assert [(a.family, a.given) for a in rec.authors] == [("Lovelace", "Ada")]
    assert (rec.entry_type, rec.venue, rec.volume, rec.pages) == (
        "article",
        "Journal of Tests",
        "12",
        "1-10",
    )


@pytest.mark.parametrize("data", [b"<html>", b'{"status": "ok", "message": {}}', b"[]"])
def test_not_a_crossref_answer(data: bytes) -> None:
    with pytest.raises(FeedError, match="not a Crossref"):
        parse_crossref(data)
