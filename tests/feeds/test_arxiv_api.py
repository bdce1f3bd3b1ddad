"""arXiv API Atom: the 2025+ format, the legacy hard-wrapped one, the error and empty feeds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.core.models import Link
from reader.feeds import FeedError, parse_feed

Sample = Callable[[str], bytes]


def test_query_response_fields(sample: Sample) -> None:
    result = parse_feed(sample("arxiv_api_query_testing_max10.xml"))
    assert (result.kind, result.label) == ("arxiv-api", "arXiv API")
    assert len(result.records) == 10
    first = result.records[0]
    assert (first.arxiv_id, first.arxiv_version) == ("2202.12139", 1)
    assert first.title.startswith("Testing Deep Learning Models: A First Comparative Study")
    assert [a.name for a in first.authors] == [
        "Mohit Kumar Ahuja",
        "Arnaud Gotlieb",
        "Helge Spieker",
    ]
    assert (first.published, first.updated, first.year) == ("2022-02-24", "2022-02-24", 2022)
    assert first.categories == ("cs.SE", "cs.LG")  # primary first
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert first.journal_ref and first.journal_ref.startswith("Artificial Intelligence in Software")
    assert first.comment == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022"
    assert Link("abs", "https://arxiv.org/abs/2202.12139v1") in first.links
    assert Link("pdf", "https://arxiv.org/pdf/2202.12139v1") in first.links
    assert Link("doi", "https://doi.org/10.1109/ICSTW55395.2022.00035") in first.links
    assert all(r.arxiv_id and r.title and r.authors for r in result.records)


def test_old_style_id_and_affiliations(sample: Sample) -> None:
    (record,) = parse_feed(sample("arxiv_api_idlist_astro-ph_0601001.xml")).records
    assert (record.arxiv_id, record.arxiv_version) == ("astro-ph/0601001", 1)
    assert [(a.name, a.affiliation) for a in record.authors][2] == ("B. Scott Gaudi", "CfA")
    assert record.journal_ref == "ActaAstron.56:1-50,2006"
    assert "Gould & Morgan (2003)" in record.abstract  # entities decoded once


def test_legacy_format_collapses_hard_wraps(sample: Sample) -> None:
    (record,) = parse_feed(sample("arxiv_api_legacy_format_2020_id_1911.12281.xml")).records
    assert (record.arxiv_id, record.arxiv_version) == ("1911.12281", 2)
    assert record.abstract.startswith("We compute small rational models for configuration")
    assert "\n" not in record.abstract and "  " not in record.abstract
    assert "Poisson-$\\sigma$-model" in record.abstract  # TeX kept as given
    assert (record.published, record.updated) == ("2019-11-27", "2020-04-02")
    assert record.categories == ("math.QA", "math.AT")
    assert record.comment == "50 pages. v2: fixed typos"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("arxiv_api_error_malformed_id_abc.xml", "arXiv API error.*incorrect id format for abc"),
        ("arxiv_api_idlist_nonexistent_0000.0000.xml", "no papers \\(totalResults 0\\)"),
    ],
)
def test_error_and_empty_feeds_are_reported_not_imported(
    sample: Sample, name: str, message: str
) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(sample(name))
