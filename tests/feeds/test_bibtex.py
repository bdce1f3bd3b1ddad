"""BibTeX and biblatex through bibtexparser 2: the real d2l.bib and the shapes arXiv writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.core.models import PaperRecord
from reader.feeds import parse_feed

Sample = Callable[[str], bytes]


@pytest.fixture(scope="module")
def d2l() -> dict[str, PaperRecord]:
    from tests.feeds.conftest import SAMPLES

    result = parse_feed((SAMPLES / "d2l.bib").read_bytes())
    assert (result.kind, result.label) == ("bibtex", "BibTeX")
    return {r.citekey_hint or "": r for r in result.records}


def test_d2l_imports_all_488_entries_and_flags_two_problems(sample: Sample) -> None:
    result = parse_feed(sample("d2l.bib"))
    assert len(result.records) == 488
    assert result.skipped == []
    flagged = sorted((w.where, w.reason.split(" ")[0:2]) for w in result.warnings)
    assert flagged == [
        ("entry 31 (Cajal.Azoulay.1894, line 302)", ["malformed", "name"]),
        ("entry 31 (Cajal.Azoulay.1894, line 302)", ["raw", "'&'"]),
    ]


def test_tex_accents_decoded_math_kept(d2l: dict[str, PaperRecord]) -> None:
    abadi = d2l["Abadi.Barham.Chen.ea.2016"]
    assert abadi.title == "TensorFlow: A system for large-scale machine learning"
    assert (abadi.authors[0].name, abadi.authors[0].family) == ("Martín Abadi", "Abadi")
    assert (
        abadi.venue
        == "12th USENIX Symposium on Operating Systems Design and Implementation (OSDI 16)"
    )
    assert (abadi.entry_type, abadi.pages, abadi.year) == ("inproceedings", "265--283", 2016)
    vit = d2l["Dosovitskiy.Beyer.Kolesnikov.ea.2021*1"]
    assert vit.title.startswith("An image is worth $16\\times 16$ words")
    cajal = d2l["Cajal.Azoulay.1894"]
    assert cajal.title.startswith("Les Nouvelles Idées sur la Structure du Système Nerveux")
    assert [(a.family, a.given) for a in cajal.authors] == [
        ("Ramón y Cajal", "Santiago"),
        ("Azoulay", "L."),
    ]
    assert cajal.publisher == "Paris, C. Reinwald & Cie"


def test_fields_volume_number_publisher_and_mixed_case_names(d2l: dict[str, PaperRecord]) -> None:
    cnn = d2l["Abdel-Hamid.Mohamed.Jiang.ea.2014"]
    assert (cnn.entry_type, cnn.volume, cnn.number, cnn.publisher) == (
        "article",
        "22",
        "10",
        "IEEE",
    )
    assert cnn.venue == "IEEE/ACM Transactions on Audio, Speech, and Language Processing"
    assert d2l["Silverman86"].authors  # `Author = {...}`: field names are case-insensitive
    assert d2l["hutter-book19a"].authors[0].name == "F. Hutter"  # editors
    assert d2l["wistuba-arxiv19"].arxiv_id == "1905.01392"  # from `journal = {Ar{X}iv:...}`
    assert all(r.year for r in d2l.values())


def test_arxiv_and_biblatex_shapes() -> None:
    text = r"""
@misc{wu2024recursive,
  title = {Recursive {PAC}-Bayes: A Frequentist Approach},
  author = {Wu, Yi-Shan and Zhang, Yijie and Seldin, Yevgeny},
  year = {2024}, month = may,
  eprint = {2405.14681}, archivePrefix = {arXiv}, primaryClass = {cs.LG},
  url = {https://arxiv.org/abs/2405.14681}
}
@online{smith2023,
  title = {On {G}{\"o}del},
  author = {Smith, Jane and {Barnes and Noble}},
  date = {2023-11-02}, eprinttype = {arxiv}, eprint = {2311.00001v2}, eprintclass = {math.LO},
  doi = {10.1000/XYZ.1}, keywords = {logic; proofs}
}
"""
    wu, smith = parse_feed(text.encode()).records
    assert (wu.title, wu.arxiv_id, wu.categories) == (
        "Recursive PAC-Bayes: A Frequentist Approach",
        "2405.14681",
        ("cs.LG",),
    )
    assert (wu.published, wu.year, wu.citekey_hint, wu.entry_type) == (
        "2024-05",
        2024,
        "wu2024recursive",
        "misc",
    )
    assert [a.name for a in wu.authors] == ["Yi-Shan Wu", "Yijie Zhang", "Yevgeny Seldin"]
    assert (smith.title, smith.published, smith.doi) == ("On Gödel", "2023-11-02", "10.1000/XYZ.1")
    assert (smith.arxiv_id, smith.arxiv_version) == ("2311.00001", 2)
    assert [a.name for a in smith.authors] == ["Jane Smith", "Barnes and Noble"]
    assert smith.keywords == ("logic", "proofs")


def test_broken_entry_is_skipped_with_its_line_the_rest_imported() -> None:
    text = (
        b"@article{good, title={Fine}, year={2020}}\n\n"
        b"@article{bad title={x}\n\n"
        b"@article{untitled, year={2001}}\n"
    )
    result = parse_feed(text)
    assert [r.title for r in result.records] == ["Fine"]
    assert len(result.skipped) == 2
    assert any("untitled" in s.where and s.reason == "no title" for s in result.skipped)


def test_an_unreadable_block_says_why() -> None:
    text = b"@article{nope, title={No closing brace\n@misc{next, title={Fine}, year={2020}}\n"
    (skip,) = parse_feed(text).skipped
    assert skip.where == "line 1"
    assert skip.reason.startswith("Unexpected block start: `@misc`")  # was empty
