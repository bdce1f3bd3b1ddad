"""Markdown reading list: one section per paper with its links, tags, star, status, note."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from reader.core.models import Paper
from reader.export.bibtex import check_key

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def inline(text: str) -> str:
    """Feed text on one line, with Markdown syntax characters escaped to stay literal."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link(label: str, url: str) -> str:
    """`[label](url)`; spaces and parentheses in the URL are percent-encoded."""
    return f"[{inline(label)}]({quote(url.strip(), safe=':/?#[]@!$&*+,;=%~-._')})"


def paper_link(paper: Paper) -> str:
    """`[Title](main link)` as the reading list writes titles; the bare title without a link."""
    url = paper.main_link
    return link(paper.title, url) if url else inline(paper.title)


def _details(paper: Paper) -> list[str]:
    lines = [f"- Key: `{check_key(paper.citekey)}`"]
    names = [a.name or " ".join(p for p in (a.given, a.family) if p) for a in paper.authors]
    if any(names):
        lines.append("- Authors: " + inline(", ".join(n for n in names if n)))
    date = paper.published or (paper.year and str(paper.year))
    if date:
        lines.append(f"- Date: {inline(date[:10])}")
    lines.append(f"- Status: {paper.status.value}" + (" · ★ starred" if paper.starred else ""))
    if paper.tags:
        lines.append("- Tags: " + ", ".join(inline(t) for t in paper.tags))
    links = [link(lk.kind, lk.url) for lk in paper.links]
    if paper.arxiv_id and not any(lk.kind == "abs" for lk in paper.links):
        links.insert(0, link("arXiv", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    if paper.doi and not any(lk.kind == "doi" for lk in paper.links):
        links.append(link("doi", f"https://doi.org/{paper.doi}"))
    if links:
        lines.append("- Links: " + " · ".join(links))
    return lines


def markdown_section(paper: Paper, *, include_notes: bool) -> str:
    """`## Title`, a short list of facts, then the note as written."""
    parts = [f"## {inline(paper.title)}", "", *_details(paper)]
    if include_notes and paper.note.strip():
        parts += ["", paper.note.strip()]
    return "\n".join(parts) + "\n"


def export_markdown(papers: Sequence[Paper], *, include_notes: bool = False) -> str:
    """The reading list, with a heading and one section per paper."""
    sections = [markdown_section(p, include_notes=include_notes) for p in papers]
    return "\n".join(["# Reading list", "", *sections])
