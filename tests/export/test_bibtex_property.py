"""Property: whatever the text, the BibTeX export reads back as exactly what was meant.

The expected values follow the normalisation documented in `reader.export.latex`:
`clean()` (NFC, controls dropped, whitespace collapsed), then `escape_plain` for notes and
tags (inverted exactly by `unescape_plain`) and `escape_tex` for titles and abstracts
(valid TeX kept, the rest repaired; checked by idempotence and by a skeleton comparison:
the same characters in the same order once escape markup is ignored).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import bibtexparser
import pybtex.database
import pybtex.errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.models import Paper
from reader.export import export_papers, verify
from reader.export.latex import braces_balanced, clean, escape_tex, unescape_plain

SPECIAL = [*'{}@%\\",=\n$&#_^~ ', "\\%", "$\\alpha$", "\\times", "}\n@misc{x,", "ε"]
text = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=40).map("".join)
keys = st.text("ABCabc0123456789_:.-", min_size=1, max_size=12)
_MARKUP = re.compile(r"textbackslash|textbraceleft|textbraceright|ensuremath|[\\{}$]")


def skeleton(value: str) -> str:
    """The characters a value says, ignoring escape markup (backslashes, braces, dollars)."""
    return _MARKUP.sub("", unicodedata.normalize("NFC", value))


@st.composite
def papers(draw: st.DrawFn, factory: Callable[..., Paper]) -> list[Paper]:
    chosen = draw(st.lists(keys, min_size=1, max_size=4, unique_by=str.casefold))
    return [
        factory(
            n,
            citekey=key,
            title=draw(text),
            abstract=draw(text),
            tags=tuple(draw(st.lists(text, max_size=3))),
            note=draw(text),
        )
        for n, key in enumerate(chosen, 1)
    ]


def read_back(text_: str) -> list[tuple[str, dict[str, str]]]:
    library = bibtexparser.parse_string(text_)
    assert library.failed_blocks == []
    assert len(library.blocks) == len(library.entries)
    entries = [(e.key, {f.key: f.value for f in e.fields}) for e in library.entries]
    pybtex.errors.set_strict_mode(True)
    try:
        data = pybtex.database.parse_string(text_, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    assert list(data.entries) == [key for key, _ in entries]
    for key, fields in entries:
        assert dict(data.entries[key].fields) == fields
    return entries


def expected_field_names(paper: Paper) -> set[str]:
    names = {
        "title": clean(paper.title),
        "abstract": clean(paper.abstract),
        "annote": clean(paper.note),
        "keywords": any(clean(t.replace(",", " ")) for t in paper.tags),
    }
    return {name for name, present in names.items() if present}


def check_tex_value(value: str, source: str, ascii_only: bool) -> None:
    assert braces_balanced(value)
    assert escape_tex(value, ascii_only=ascii_only) == value  # never escaped twice
    if not ascii_only:
        assert skeleton(value) == skeleton(clean(source))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ascii_only=st.booleans())
def test_any_text_reads_back(
    data: st.DataObject, ascii_only: bool, paper_factory: Callable[..., Paper]
) -> None:
    batch = data.draw(papers(paper_factory))
    fmt = "bibtex" if ascii_only else "bibtex-utf8"
    out = export_papers(batch, fmt, include_notes=True)
    verify(out, fmt, batch)
    entries = read_back(out)
    assert [key for key, _ in entries] == [p.citekey for p in batch]
    for (_, fields), paper in zip(entries, batch, strict=True):
        assert set(fields) == expected_field_names(paper)
        for name, source in (("title", paper.title), ("abstract", paper.abstract)):
            if name in fields:
                check_tex_value(fields[name], source, ascii_only)
        if ascii_only:
            assert out.isascii()
            continue
        if "annote" in fields:
            assert unescape_plain(fields["annote"]) == clean(paper.note)
        tags = [clean(t.replace(",", " ")) for t in paper.tags]
        if "keywords" in fields:
            assert unescape_plain(fields["keywords"]).split(", ") == [t for t in tags if t]
