"""A plain list of identifiers: pending records (no title yet), never junk titles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.feeds import FeedError, parse_feed

Sample = Callable[[str], bytes]


def test_every_identifier_shape(sample: Sample) -> None:
    result = parse_feed(sample("identifiers.txt"))
    assert (result.kind, result.label) == ("ids", "identifier list")
    got = [(r.arxiv_id, r.arxiv_version, r.doi) for r in result.records]
    assert got == [
        ("2106.01548", None, None),  # the v2 line after it is the same paper
        ("2202.12139", None, None),
        ("hep-th/9901001", None, None),
        ("math.GT/0309136", 1, None),
        ("1911.12281", 2, None),
        ("1605.08386", 1, None),
        ("2509.04664", None, None),
        (None, None, "10.1038/nature14539"),
        (None, None, "10.1109/CVPR.2016.90"),
        (None, None, "10.48550/arXiv.2006.11239"),
    ]
    assert all(r.pending and r.title == "" and r.abstract == "" for r in result.records)
    assert result.records[0].year == 2021
    assert result.skipped == []


def test_a_stray_line_is_reported_not_turned_into_a_paper() -> None:
    text = "\n".join(["2106.01548", "1512.03385", "2202.12139", "1706.03762", "see also:"])
    result = parse_feed(text.encode())
    assert len(result.records) == 4
    assert [s.where for s in result.skipped] == ["line 5"]


def test_prose_mentioning_an_id_is_not_an_identifier_list() -> None:
    text = "We read 2106.01548 today.\nIt was good.\nMore next week.\n"
    with pytest.raises(FeedError):
        parse_feed(text.encode())
