"""A preprint that was published exports as @article/@inproceedings with venue and DOI."""

from __future__ import annotations

import json
from collections.abc import Callable

import bibtexparser
import pytest

from reader.core.models import Author, Paper
from reader.export import export_papers, verify

Factory = Callable[..., Paper]


def _entry(text: str) -> tuple[str, str, dict[str, str]]:
    (entry,) = bibtexparser.parse_string(text).entries
    return entry.entry_type, entry.key, {f.key: f.value for f in entry.fields}


def _preprint(factory: Factory, **extra: object) -> Paper:
    values: dict = {
        "citekey": "chenVisionTransformers2021",
        "title": "When Vision Transformers Outperform ResNets",
        "authors": (Author("Xiangning Chen", "Chen", "Xiangning"),),
        "arxiv_id": "2106.01548",
        "published": "2021-06-03",
    }
    return factory(1, **(values | extra))


@pytest.mark.parametrize(
    ("journal_ref", "kind", "container"),
    [
        ("Phys. Rev. D 76, 013009 (2007)", "article", "journal"),
        (
            "Proc. 2023 IEEE International Conference on Software Testing",
            "inproceedings",
            "booktitle",
        ),
        ("ICLR 2022 (Spotlight)", "inproceedings", "booktitle"),
    ],
)
def test_journal_ref_makes_a_published_entry_with_the_same_key(
    paper_factory: Factory, journal_ref: str, kind: str, container: str
) -> None:
    paper = _preprint(paper_factory, journal_ref=journal_ref, doi="10.1109/icstw.2023.00023")
    text = export_papers([paper], "bibtex")
    verify(text, "bibtex", [paper])
    entry_type, key, fields = _entry(text)
    assert (entry_type, key) == (kind, "chenVisionTransformers2021")
    assert fields[container] and fields["doi"] == "10.1109/icstw.2023.00023"
    assert fields["eprint"] == "2106.01548"  # the preprint stays findable


def test_a_preprint_without_venue_stays_misc(paper_factory: Factory) -> None:
    text = export_papers([_preprint(paper_factory)], "bibtex")
    assert _entry(text)[0] == "misc"


def test_source_entry_type_and_venue_fields(paper_factory: Factory) -> None:
    paper = _preprint(
        paper_factory,
        entry_type="inproceedings",
        venue="Advances in Neural Information Processing Systems",
        volume="30",
        pages="5998--6008",
        publisher="Curran Associates",
    )
    for fmt in ("bibtex", "biblatex", "csljson", "ris"):
        verify(export_papers([paper], fmt), fmt, [paper])
    entry_type, _, fields = _entry(export_papers([paper], "bibtex"))
    assert entry_type == "inproceedings"
    assert fields["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (fields["volume"], fields["pages"]) == ("30", "5998--6008")
    entry_type, _, fields = _entry(export_papers([paper], "biblatex"))
    assert entry_type == "inproceedings" and fields["booktitle"].startswith("Advances")
    (item,) = json.loads(export_papers([paper], "csljson"))
    assert item["type"] == "paper-conference" and item["container-title"].startswith("Advances")
    assert export_papers([paper], "ris").startswith("TY  - CONF\n")


def test_biblatex_article_has_journaltitle(paper_factory: Factory) -> None:
    paper = _preprint(paper_factory, venue="Journal of Tests", entry_type="article", volume="3")
    entry_type, _, fields = _entry(export_papers([paper], "biblatex"))
    assert entry_type == "article" and fields["journaltitle"] == "Journal of Tests"
