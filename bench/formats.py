"""Synthetic records written as an arXiv API Atom response or a BibTeX file, for parse timing."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from reader.core.models import PaperRecord

_ATOM_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/bench</id>
  <title>arXiv Query: search_query=all:bench&amp;id_list=&amp;start=0&amp;max_results={n}</title>
  <updated>2026-01-01T00:00:00Z</updated>
  <opensearch:itemsPerPage>{n}</opensearch:itemsPerPage>
  <opensearch:totalResults>{n}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
"""


def _atom_entry(rec: PaperRecord) -> str:
    version = rec.arxiv_version or 1
    abs_id = f"{rec.arxiv_id}v{version}"
    stamp = f"{rec.published}T12:00:00Z"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{abs_id}</id>",
        f"    <title>{escape(rec.title)}</title>",
        f"    <updated>{stamp}</updated>",
        f'    <link href="https://arxiv.org/abs/{abs_id}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{abs_id}" rel="related" '
        'type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(rec.abstract)}</summary>",
        *(f"    <category term={quoteattr(c)} scheme=\"http://arxiv.org/schemas/atom\"/>"
          for c in rec.categories),
        f"    <published>{stamp}</published>",
        f'    <arxiv:primary_category term="{rec.categories[0]}"/>' if rec.categories else "",
        *(f"    <author>\n      <name>{escape(a.name)}</name>\n    </author>" for a in rec.authors),
        f"    <arxiv:doi>{escape(rec.doi)}</arxiv:doi>" if rec.doi else "",
        "  </entry>",
    ]  # fmt: skip
    return "\n".join(line for line in lines if line)


def write_arxiv_atom(records: Sequence[PaperRecord], out: Path) -> None:
    """The records as one arXiv API response (the 2025+ format)."""
    with out.open("w", encoding="utf-8") as fh:
        fh.write(_ATOM_HEAD.replace("{n}", str(len(records))))
        for rec in records:
            fh.write(_atom_entry(rec) + "\n")
        fh.write("</feed>\n")


def _tex_name(name: str, rng: random.Random) -> str:
    # One name in ten carries a TeX accent, as real bibliographies do (M{\"u}ller).
    for plain, tex in (("o", '{\\"o}'), ("e", "{\\'e}"), ("a", "{\\`a}"), ("u", '{\\"u}')):
        if plain in name and rng.random() < 0.1:
            return name.replace(plain, tex, 1)
    return name


def _bib_entry(i: int, rec: PaperRecord) -> str:
    rng = random.Random(f"bib:{i}")
    authors = " and ".join(
        f"{_tex_name(a.family, rng)}, {a.given}" if a.family else a.name for a in rec.authors
    )
    words = rec.title.split()
    # Protected acronyms in most titles and inline math in a few, like arXiv's own export.
    if words and rng.random() < 0.5:
        words[0] = "{" + words[0] + "}"
    if rng.random() < 0.05:
        words.append("in $O(n \\log n)$")
    year = (rec.published or "2020")[:4]
    key = f"{(rec.authors[0].family if rec.authors else 'anon').lower()}{year}b{i}"
    fields = [
        f"  title = {{{' '.join(words)}}}",
        f"  author = {{{authors}}}",
        f"  year = {{{year}}}",
        f"  eprint = {{{rec.arxiv_id}}}",
        "  archivePrefix = {arXiv}",
        f"  primaryClass = {{{rec.categories[0] if rec.categories else 'cs.LG'}}}",
        f"  url = {{https://arxiv.org/abs/{rec.arxiv_id}}}",
        f"  abstract = {{{rec.abstract}}}",
    ]
    if rec.doi:
        fields.append(f"  doi = {{{rec.doi}}}")
    return f"@misc{{{key},\n" + ",\n".join(fields) + "\n}\n"


def write_bibtex(records: Sequence[PaperRecord], out: Path) -> None:
    """The records as a BibTeX file in arXiv's export style (@misc with eprint fields)."""
    with out.open("w", encoding="utf-8") as fh:
        for i, rec in enumerate(records):
            fh.write(_bib_entry(i, rec) + "\n")
