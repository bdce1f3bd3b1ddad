"""biblatex export (UTF-8, for biber): @online/@article with eprinttype, eprintclass, date."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.models import Paper
from reader.export.bibtex import (
    Entry,
    Field,
    check_key,
    common_fields,
    date_parts,
    main_url,
    render_all,
    venue_fields,
    verbatim,
)
from reader.export.venue import publication


def iso_date(published: str | None) -> str | None:
    """`2024`, `2024-05` or `2024-05-23`: as much of the date as is known."""
    parts = date_parts(published)
    if parts is None:
        return None
    year, month, day = parts
    text = f"{year:04d}"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def biblatex_entry(paper: Paper, *, include_notes: bool) -> Entry:
    """@article/@inproceedings when published, @online with a URL or arXiv id, else @misc."""
    text = common_fields(paper, False, include_notes)
    fields = [Field(n, text[n]) for n in ("title", "author") if n in text]
    date = iso_date(paper.published)
    if date:
        fields.append(Field("date", date))
    url = main_url(paper)
    kind = "online" if url else "misc"
    published_in = publication(paper)
    if published_in:
        kind = published_in.type
        fields += venue_fields(paper, published_in, ascii_only=False, biblatex=True)
    if paper.arxiv_id:
        fields += [Field("eprinttype", "arxiv"), Field("eprint", verbatim(paper.arxiv_id))]
        if paper.categories:
            fields.append(Field("eprintclass", verbatim(paper.categories[0])))
    if paper.doi:
        fields.append(Field("doi", verbatim(paper.doi)))
    if url:
        fields.append(Field("url", verbatim(url)))
    fields += [Field(n, text[n]) for n in ("abstract", "keywords") if n in text]
    if "note" in text:
        fields.append(Field("annotation", text["note"]))
    return Entry(kind, check_key(paper.citekey), tuple(fields))


def biblatex_entries(papers: Sequence[Paper], *, include_notes: bool = False) -> list[Entry]:
    """Entries for the papers, in order."""
    return [biblatex_entry(p, include_notes=include_notes) for p in papers]


def export_biblatex(papers: Sequence[Paper], *, include_notes: bool = False) -> str:
    """The .bib text for biblatex + biber (UTF-8)."""
    return render_all(biblatex_entries(papers, include_notes=include_notes))
