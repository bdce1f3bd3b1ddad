"""The sample export reads back in every consumer: bibtexparser, pybtex strict, JSON, RIS."""

from __future__ import annotations

import json
import re

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest

from reader.core.models import Paper
from reader.export import export_papers

BIB_FORMATS = ["bibtex", "bibtex-utf8", "biblatex"]


@pytest.fixture
def strict_pybtex() -> object:
    pybtex.errors.set_strict_mode(True)
    yield
    pybtex.errors.set_strict_mode(False)


def test_sample_has_107_papers(sample_papers: list[Paper]) -> None:
    assert len(sample_papers) == 107
    assert len({p.citekey for p in sample_papers}) == 107


@pytest.mark.parametrize("fmt", BIB_FORMATS)
def test_bibtexparser_reads_every_entry(sample_papers: list[Paper], fmt: str) -> None:
    library = bibtexparser.parse_string(export_papers(sample_papers, fmt))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [p.citekey for p in sample_papers]


@pytest.mark.parametrize("fmt", BIB_FORMATS)
def test_pybtex_strict_reads_every_entry(
    sample_papers: list[Paper], fmt: str, strict_pybtex: object
) -> None:
    data = pybtex.database.parse_string(export_papers(sample_papers, fmt), "bibtex")
    assert list(data.entries) == [p.citekey for p in sample_papers]


def test_classic_bibtex_is_ascii(sample_papers: list[Paper]) -> None:
    text = export_papers(sample_papers, "bibtex")
    assert text.isascii()
    assert r"D{\ensuremath{\varepsilon}}pS" in text


def test_entry_types_for_title_only_papers(sample_papers: list[Paper]) -> None:
    """The sample is all title-only: @misc, url + howpublished when a link is known."""
    library = bibtexparser.parse_string(export_papers(sample_papers, "bibtex"))
    for entry, paper in zip(library.entries, sample_papers, strict=True):
        assert entry.entry_type == "misc"
        fields = {f.key: f.value for f in entry.fields}
        assert "year" not in fields and "eprint" not in fields
        if paper.links:
            assert fields["howpublished"] == r"\url{" + fields["url"] + "}"
        else:
            assert "url" not in fields


def test_csljson_items_have_required_fields(sample_papers: list[Paper]) -> None:
    items = json.loads(export_papers(sample_papers, "csljson"))
    assert [i["id"] for i in items] == [p.citekey for p in sample_papers]
    for item, paper in zip(items, sample_papers, strict=True):
        assert item["type"] == "article"
        assert item["title"] == paper.title
        assert item.get("abstract", "") == paper.abstract.strip()


def test_ris_parses_line_by_line(sample_papers: list[Paper]) -> None:
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in export_papers(sample_papers, "ris").splitlines():
        if not line:
            assert current is None
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, line
        tag, value = m.groups()
        if tag == "TY":
            assert current is None
            current = {}
        assert current is not None
        current.setdefault(tag, []).append(value)
        if tag == "ER":
            records.append(current)
            current = None
    assert current is None
    assert [r["ID"] for r in records] == [[p.citekey] for p in sample_papers]
    assert all(r["TY"] == ["GEN"] and len(r["TI"]) == 1 for r in records)


def test_markdown_has_a_section_per_paper(sample_papers: list[Paper]) -> None:
    text = export_papers(sample_papers, "markdown")
    assert text.count("\n## ") == 107
    assert "`PTQ161Push`" in text
