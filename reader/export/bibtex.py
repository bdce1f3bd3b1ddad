"""BibTeX export: classic ASCII (LaTeX accents) for `bibtex`, or UTF-8 for biber."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote

from reader.core.models import Author, Paper
from reader.export.errors import ExportError
from reader.export.latex import escape_plain, escape_tex
from reader.export.titles import protect_title
from reader.export.venue import Publication, publication

KEY_RE = re.compile(r"[A-Za-z0-9_:.-]+")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Characters a verbatim field must never hold raw: braces (they end the field), quotes,
# backslashes, whitespace and controls.  `%` stays: it is how URLs are already encoded.
_VERBATIM_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
_VERBATIM_OK = re.compile(r"[A-Za-z0-9!#$%&'()*+,\-./:;=?@\[\]_~]*")
_SPLITS_NAMES = re.compile(r"(?i)(^|\s)(and|others)(\s|$)")


class Field(NamedTuple):
    """One `name = value`; bare values are BibTeX macros such as `mar`."""

    name: str
    value: str
    bare: bool = False


@dataclass(frozen=True)
class Entry:
    """One BibTeX/biblatex entry, ready to print and to compare with a parse."""

    type: str
    key: str
    fields: tuple[Field, ...]


def verbatim(text: str) -> str:
    """A URL, DOI or eprint as written, percent-encoding what could break the file."""
    text = text.strip()
    if _VERBATIM_OK.fullmatch(text):
        return text
    return quote(text, safe=_VERBATIM_SAFE)


def check_key(key: str) -> str:
    """The stored key, if it is safe in a .bib file (the export never invents another)."""
    if not KEY_RE.fullmatch(key):
        raise ExportError(f"citation key {key!r} has characters BibTeX cannot hold")
    return key


def date_parts(published: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from an ISO date or datetime; None when there is no year."""
    m = _DATE.match(published or "")
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    return int(m.group(1)), month, day


def main_url(paper: Paper) -> str | None:
    """The page a citation points to: abstract page, else code, project, PDF."""
    by_kind = {link.kind: link.url for link in reversed(paper.links)}
    if "abs" in by_kind:
        return by_kind["abs"]
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    for kind in ("code", "project", "pdf"):
        if kind in by_kind:
            return by_kind[kind]
    return None


def name_part(text: str, ascii_only: bool) -> str:
    """One name part; braced when a comma or a lone `and` would split it wrongly."""
    value = escape_tex(text, ascii_only=ascii_only)
    lowered = value.lower()
    if "," in value or (("and" in lowered or "others" in lowered) and _SPLITS_NAMES.search(value)):
        return "{" + value + "}"
    return value


def author_list(authors: Sequence[Author], ascii_only: bool) -> str:
    """`Family, Given and Family, Given`; a name without parts is written as given."""
    names = []
    for author in authors:
        parts = [author.family, author.given] if author.family.strip() else [author.name]
        written = [name_part(p, ascii_only) for p in parts if p.strip()]
        written = [w for w in written if w]
        if written:
            names.append(", ".join(written))
    return " and ".join(names)


def keywords(tags: Sequence[str], ascii_only: bool) -> str:
    """Tags as a comma list; a comma inside a tag becomes a space (as the library stores)."""
    written = (escape_plain(tag.replace(",", " "), ascii_only=ascii_only) for tag in tags)
    return ", ".join(w for w in written if w)


def common_fields(paper: Paper, ascii_only: bool, include_notes: bool) -> dict[str, str]:
    """Text fields shared by BibTeX and biblatex, already escaped; empty ones left out."""
    fields = {
        "title": protect_title(escape_tex(paper.title, ascii_only=ascii_only)),
        "author": author_list(paper.authors, ascii_only),
        "abstract": escape_tex(paper.abstract, ascii_only=ascii_only),
        "keywords": keywords(paper.tags, ascii_only),
        "note": escape_plain(paper.note, ascii_only=ascii_only) if include_notes else "",
    }
    return {name: value for name, value in fields.items() if value}


def venue_fields(
    paper: Paper, published_in: Publication, *, ascii_only: bool, biblatex: bool
) -> list[Field]:
    """journal/booktitle, volume, number, pages and publisher, as far as they are known."""
    fields = []
    container = published_in.container_field
    if container and published_in.venue:
        name = "journaltitle" if biblatex and container == "journal" else container
        fields.append(Field(name, escape_tex(published_in.venue, ascii_only=ascii_only)))
    for name in ("volume", "number", "pages", "publisher"):
        value = (getattr(paper, name) or "").strip()
        if value:
            fields.append(Field(name, escape_tex(value, ascii_only=ascii_only)))
    return fields


def bibtex_entry(paper: Paper, *, ascii_only: bool, include_notes: bool) -> Entry:
    """The entry for one paper: @article/@inproceedings when published, else @misc."""
    text = common_fields(paper, ascii_only, include_notes)
    fields = [Field(n, text[n]) for n in ("title", "author") if n in text]
    date = date_parts(paper.published)
    if date:
        fields.append(Field("year", str(date[0])))
        if date[1]:
            fields.append(Field("month", MONTHS[date[1] - 1], bare=True))
    kind = "misc"
    published_in = publication(paper)
    if published_in:
        kind = published_in.type
        fields += venue_fields(paper, published_in, ascii_only=ascii_only, biblatex=False)
    if paper.arxiv_id:
        fields += [
            Field("eprint", verbatim(paper.arxiv_id)),
            Field("archivePrefix", "arXiv"),
        ]
        if paper.categories:
            fields.append(Field("primaryClass", verbatim(paper.categories[0])))
    if paper.doi:
        fields.append(Field("doi", verbatim(paper.doi)))
    url = main_url(paper)
    if url:
        fields.append(Field("url", verbatim(url)))
        if kind == "misc" and not paper.arxiv_id:
            fields.append(Field("howpublished", "\\url{" + verbatim(url) + "}"))
    fields += [Field(n, text[n]) for n in ("abstract", "keywords") if n in text]
    if "note" in text:
        fields.append(Field("annote", text["note"]))
    return Entry(kind, check_key(paper.citekey), tuple(fields))


def render(entry: Entry) -> str:
    """`@type{key,\\n  name = {value},\\n}`: one field a line, values on one line."""
    lines = [f"@{entry.type}{{{entry.key},"]
    for f in entry.fields:
        value = f.value if f.bare else "{" + f.value + "}"
        lines.append(f"  {f.name} = {value},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_all(entries: Sequence[Entry]) -> str:
    """Entries separated by blank lines, after checking no key is used twice."""
    seen: dict[str, str] = {}
    for entry in entries:
        folded = entry.key.casefold()
        if folded in seen:
            # BibTeX keys are case-insensitive: `Smith2020` and `smith2020` clash.
            raise ExportError(f"citation key {entry.key!r} is used twice (also {seen[folded]!r})")
        seen[folded] = entry.key
    return "\n".join(render(e) for e in entries)


def bibtex_entries(
    papers: Sequence[Paper], *, ascii_only: bool, include_notes: bool = False
) -> list[Entry]:
    """Entries for the papers, in order."""
    return [bibtex_entry(p, ascii_only=ascii_only, include_notes=include_notes) for p in papers]


def export_bibtex(
    papers: Sequence[Paper], *, ascii_only: bool = True, include_notes: bool = False
) -> str:
    """The .bib text: ASCII with LaTeX accents for classic bibtex, or UTF-8 for biber."""
    return render_all(bibtex_entries(papers, ascii_only=ascii_only, include_notes=include_notes))
