"""Hand-written BibTeX cases: escaping, TeX already in the source, stray braces, entry types."""

from __future__ import annotations

from collections.abc import Callable

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest

from reader.core.models import Author, Link, Paper
from reader.export import ExportError, export_papers, verify
from reader.export.latex import braces_balanced, escape_plain, escape_tex

Factory = Callable[..., Paper]


def fields_of(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    pybtex.errors.set_strict_mode(True)
    try:
        pybtex.database.parse_string(text, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    (entry,) = library.entries
    return {f.key: f.value for f in entry.fields}


def export_one(paper: Paper, fmt: str = "bibtex", include_notes: bool = False) -> dict[str, str]:
    text = export_papers([paper], fmt, include_notes=include_notes)
    verify(text, fmt, [paper])
    return fields_of(text)


def test_title_with_ampersand_and_percent(paper_factory: Factory) -> None:
    fields = export_one(paper_factory(title="Cats & Dogs: 50% of the Web"))
    assert fields["title"] == r"Cats \& Dogs: 50\% of the Web"


def test_abstract_already_tex_is_not_escaped_twice(paper_factory: Factory) -> None:
    abstract = r"Gains of 5\% with $\alpha$-entmax, $O(n \log n)$ time, 118\times cheaper."
    fields = export_one(paper_factory(abstract=abstract))
    assert fields["abstract"] == (
        r"Gains of 5\% with $\alpha$-entmax, $O(n \log n)$ time, 118\ensuremath{\times} cheaper."
    )


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("RoBERTa_Large", r"RoBERTa\_Large"),
        ("x^2 #1", r"x\^{}2 \#1"),
        ("Genie~that", "Genie~that"),
        (r"\aka, \1,890", r"\textbackslash{}aka, \textbackslash{}1,890"),
        ("costs $5 and $6", r"costs $5 and $6"),
        ("costs $5", r"costs \$5"),
        ("$x^$", r"\$x\^{}\$"),
        ("$a^b^c$", r"\$a\^{}b\^{}c\$"),
        ("$50%$", r"\$50\%\$"),
        (r"line\\break", r"line\textbackslash{}\textbackslash{}break"),
        (r"M\"uller and \v{S}ime", r"M\"uller and \v{S}ime"),
        (r"\textbf}", r"\textbackslash{}textbf\textbraceright{}"),
        # Hypothesis found it: U+2212 is written {\ensuremath{-}}, which must survive a re-escape.
        ("a − b", r"a {\ensuremath{-}} b"),
    ],
)
def test_escape_tex_repairs_only_what_would_break(source: str, written: str) -> None:
    assert escape_tex(source, ascii_only=True) == written
    assert escape_tex(written, ascii_only=True) == written


def test_deps_title_in_ascii_mode(paper_factory: Factory) -> None:
    paper = paper_factory(title="DεpS: Delayed ε-Shrinking for Faster Once-For-All Training")
    text = export_papers([paper], "bibtex")
    assert text.isascii()
    assert export_one(paper)["title"] == (
        r"{D{\ensuremath{\varepsilon}}pS}: Delayed {\ensuremath{\varepsilon}}-Shrinking "
        "for Faster Once-For-All Training"
    )
    assert export_one(paper, "bibtex-utf8")["title"].startswith("{DεpS}: Delayed ε-Shrinking")


@pytest.mark.parametrize(
    ("char", "spelled"),
    [("ü", r"{\"u}"), ("é", r"{\'e}"), ("ç", r"{\c{c}}"), ("ß", r"{\ss}"), ("–", "--")],
)
def test_ascii_mode_spells_accents(paper_factory: Factory, char: str, spelled: str) -> None:
    assert export_one(paper_factory(abstract=f"a{char}b"))["abstract"] == f"a{spelled}b"


def test_unbalanced_brace_in_note_exported_as_annote(paper_factory: Factory) -> None:
    note = "closing } too early},\n  author = {Injected},\n}\n@misc{evil,"
    paper = paper_factory(note=note)
    fields = export_one(paper, include_notes=True)
    assert set(fields) == {"title", "annote"}
    assert fields["annote"] == escape_plain(note, ascii_only=True)
    assert braces_balanced(fields["annote"])
    assert "annote" not in export_one(paper)


@pytest.mark.parametrize("text", ["a } b", "{ a", r"\} x \{", r"x \\}", "}{", "{{}"])
def test_stray_braces_never_end_a_field(paper_factory: Factory, text: str) -> None:
    fields = export_one(paper_factory(title=text, abstract=text))
    assert braces_balanced(fields["title"]) and braces_balanced(fields["abstract"])


def test_title_protection(paper_factory: Factory) -> None:
    title = "When ViTs and MLP-Mixers Outperform ResNets on ImageNet with CNNs and Inception-v4"
    assert export_one(paper_factory(title=title))["title"] == (
        "When {ViTs} and {MLP-Mixers} Outperform {ResNets} on {ImageNet} with {CNNs} and "
        "{Inception-v4}"
    )


def test_arxiv_preprint_and_journal_article(paper_factory: Factory) -> None:
    preprint = paper_factory(
        1,
        arxiv_id="2405.14681",
        categories=("cs.LG", "stat.ML"),
        published="2024-05-23",
        authors=(Author("Yi-Shan Wu", "Wu", "Yi-Shan"), Author("Yevgeny Seldin")),
        tags=("pac-bayes", "to read"),
    )
    fields = export_one(preprint)
    assert fields["eprint"] == "2405.14681" and fields["archivePrefix"] == "arXiv"
    assert fields["primaryClass"] == "cs.LG" and fields["year"] == "2024"
    assert fields["month"] == "may"
    assert fields["author"] == "Wu, Yi-Shan and Yevgeny Seldin"
    assert fields["url"] == "https://arxiv.org/abs/2405.14681"
    assert fields["keywords"] == "pac-bayes, to read"
    assert "howpublished" not in fields
    article = paper_factory(2, journal_ref="Phys. Rev. D 76, 013009 (2007)", doi="10.1/x{y}")
    text = export_papers([article], "bibtex")
    assert text.startswith("@article{key2,")
    assert fields_of(text)["doi"] == "10.1/x%7By%7D"


def test_biblatex_fields(paper_factory: Factory) -> None:
    paper = paper_factory(arxiv_id="2405.14681", categories=("cs.LG",), published="2024-05-23")
    text = export_papers([paper], "biblatex")
    assert text.startswith("@online{key1,")
    fields = fields_of(text)
    assert fields["eprinttype"] == "arxiv" and fields["eprintclass"] == "cs.LG"
    assert fields["date"] == "2024-05-23"


def test_code_link_is_the_url_when_no_abstract_page(paper_factory: Factory) -> None:
    paper = paper_factory(links=(Link("code", "https://github.com/a/b c"),))
    fields = export_one(paper)
    assert fields["url"] == "https://github.com/a/b%20c"
    assert fields["howpublished"] == r"\url{https://github.com/a/b%20c}"


@pytest.mark.parametrize("key", ["has space", "a{b", "x,y", "", "old/arxiv"])
def test_unsafe_stored_key_is_an_error_not_a_new_key(paper_factory: Factory, key: str) -> None:
    with pytest.raises(ExportError, match="citation key"):
        export_papers([paper_factory(citekey=key)], "bibtex")


def test_duplicate_keys_are_an_error(paper_factory: Factory) -> None:
    with pytest.raises(ExportError, match="twice"):
        export_papers([paper_factory(1, citekey="a"), paper_factory(2, citekey="A")], "bibtex")


def test_verify_rejects_a_truncated_file(paper_factory: Factory) -> None:
    papers = [paper_factory(1), paper_factory(2)]
    text = export_papers(papers, "bibtex")
    with pytest.raises(ExportError):
        verify(text[: len(text) // 2], "bibtex", papers)
    with pytest.raises(ExportError, match="reads back"):
        verify(text.replace("A Title", "Another"), "bibtex", papers)


@pytest.mark.parametrize("title", ["0A\\\r0", "ViT\\ Models", "Fast CNNs\\, Really"])
def test_backslash_before_a_space_never_escapes_a_protecting_brace(
    paper_factory: Factory, title: str
) -> None:
    # Found by the property test: `{0A\}` once swallowed the closing brace it added.
    for fmt in ("bibtex", "bibtex-utf8", "biblatex"):
        fields = export_one(paper_factory(title=title), fmt)
        assert braces_balanced(fields["title"])
