"""RIS and CSL-JSON: other tools' files, and Reader's own exports read back field for field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import listing, queries
from reader.core.library import Library
from reader.core.models import Link, Paper
from reader.export import export_papers
from reader.export.bibtex import main_url
from reader.feeds import parse_feed
from tests.feeds.conftest import SAMPLES

Sample = Callable[[str], bytes]
ROOT = Path(__file__).resolve().parents[2]


def test_zotero_ris(sample: Sample) -> None:
    result = parse_feed(sample("zotero_export_generated.ris"))
    assert (result.kind, result.label) == ("ris", "RIS")
    nature, attention = result.records
    assert nature.title == "Deep learning"
    assert (nature.authors[0].family, nature.authors[0].given) == ("LeCun", "Yann")
    assert (nature.published, nature.year, nature.doi) == (
        "2015-05-28",
        2015,
        "10.1038/nature14539",
    )
    assert (nature.venue, nature.volume, nature.number, nature.pages) == (
        "Nature",
        "521",
        "7553",
        "436--444",
    )
    assert (nature.entry_type, nature.publisher) == ("article", "Nature Publishing Group")
    assert nature.keywords == ("deep learning", "neural networks")
    assert (attention.entry_type, attention.arxiv_id) == ("inproceedings", "1706.03762")
    assert [s.where for s in result.skipped] == ["line 30"]


def test_pandoc_csl_json(sample: Sample) -> None:
    result = parse_feed(sample("pandoc_generated.csl.json"))
    assert (result.kind, result.label) == ("csl-json", "CSL-JSON")
    tsne, ddpm = result.records
    assert (tsne.authors[0].name, tsne.authors[0].family) == (
        "Laurens van der Maaten",
        "van der Maaten",
    )
    assert (tsne.published, tsne.venue, tsne.pages, tsne.citekey_hint) == (
        "2008",
        "Journal of Machine Learning Research",
        "2579-2605",
        "vanderMaaten2008",
    )
    assert (ddpm.arxiv_id, ddpm.doi, ddpm.published) == (
        "2006.11239",
        "10.48550/arXiv.2006.11239",
        "2020-06-19",
    )
    assert [a.name for a in ddpm.authors] == ["Jonathan Ho", "The DDPM Team"]
    assert ddpm.keywords == ("diffusion", "generative models")
    assert [s.where for s in result.skipped] == ["item 3"]


@pytest.fixture(scope="module")
def library_papers(tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    """Papers with authors, dates, ids, DOIs and journal refs, and the sample page's bare ones."""
    lib = Library(tmp_path_factory.mktemp("roundtrip") / "lib")
    try:
        for path in (
            SAMPLES / "arxiv_api_query_testing_max10.xml",
            SAMPLES / "arxiv_api_idlist_astro-ph_0601001.xml",
            SAMPLES / "hf_daily_papers_item_2026-03-06_with_ai_fields.json",
            ROOT / "resources" / "sample-feed.txt",
        ):
            parsed = parse_feed(path.read_bytes())
            lib.import_records(parsed.records, parsed.kind)
        return queries.load_papers(lib.conn, listing.view_ids(lib.conn, sort="added"))
    finally:
        lib.close()


@pytest.mark.parametrize("fmt", ["bibtex", "bibtex-utf8", "biblatex", "csljson", "ris"])
def test_export_then_import_keeps_what_reader_writes(library_papers: list[Paper], fmt: str) -> None:
    result = parse_feed(export_papers(library_papers, fmt).encode())
    assert (result.skipped, result.warnings) == ([], [])
    assert len(result.records) == len(library_papers) == 119
    # BibTeX holds year and month only; `\%` and `%` both export as `\%`, so read back `%`.
    date_len = 7 if fmt.startswith("bibtex") else 10  # biblatex writes `date`
    for paper, record in zip(library_papers, result.records, strict=True):
        assert record.citekey_hint == paper.citekey
        assert record.title == paper.title
        assert [a.name for a in record.authors] == [a.name for a in paper.authors]
        assert record.year == paper.year
        assert (record.published or "") == (paper.published or "")[:date_len]
        assert (record.arxiv_id, record.doi) == (paper.arxiv_id, paper.doi)
        assert record.journal_ref == paper.journal_ref
        assert record.venue == (paper.venue or paper.journal_ref)
        bibtex = fmt.startswith("bib")
        assert record.abstract == (paper.abstract.replace("\\%", "%") if bibtex else paper.abstract)
        url = main_url(paper)
        assert url is None or url in [link.url for link in record.links]
        if paper.doi:
            assert Link("doi", f"https://doi.org/{paper.doi}") in record.links
