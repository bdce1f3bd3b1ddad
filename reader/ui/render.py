"""Untrusted text to inert HTML: markdown, then nh3 with an allowlist; search highlights."""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

from reader.core.models import Paper
from reader.core.plural import plural
from reader.core.tex_display import marks_to_html, tex_html, tex_marked, tex_text

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
SAFE_SCHEMES = {"http", "https"}
RENDER_LIMIT = 100_000  # characters of Markdown rendered at once (the import cap of abstracts)
LINK_LABELS = {"abs": "arXiv", "pdf": "PDF", "code": "Code", "project": "Project", "doi": "DOI"}

_QUERY_WORD = re.compile(r'(?:(\w+):)?("[^"]*"|[^\s()"]+)')
_BARE_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")
_NON_TEXT_FIELDS = {"is", "status", "year", "tag", "tags", "citekey", "key"}
_OPERATORS = {"and", "or", "not", "to"}


def sanitise(fragment: str) -> str:
    """Only allowlisted tags, only http/https links; nothing that loads a resource."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_html(text: str, *, whole: str = "") -> str:
    """Markdown rendered, bare http(s) URLs made links, then sanitised by the allowlist.

    Past RENDER_LIMIT characters only the start is rendered, with a line saying so and
    where `whole` (e.g. "in the note editor") shows everything: markdown and Qt need
    tens of seconds and gigabytes for a 10 MB text.
    """
    shown = _clip(text)
    # Instances, not names: a name makes markdown scan every installed package's entry
    # points first (~0.4 s, on the GUI thread, before the first abstract is shown).
    extensions = [FencedCodeExtension(), TableExtension(), SaneListExtension()]
    rendered = markdown.markdown(shown, extensions=extensions)
    html_out = sanitise(_linkify(rendered))
    if len(shown) < len(text):
        where = f"; all of it {html.escape(whole)}" if whole else ""
        html_out += (
            f'<p class="empty">… showing the first {len(shown):,} of {len(text):,} '
            f"characters{where}.</p>"
        )
    return html_out


def _clip(text: str) -> str:
    if len(text) <= RENDER_LIMIT:
        return text
    cut = text.rfind("\n", RENDER_LIMIT // 2, RENDER_LIMIT)  # end on a line when possible
    return text[: cut if cut > 0 else RENDER_LIMIT]


def _linkify(fragment: str) -> str:
    parts = re.split(r"(<[^>]*>)", fragment)
    in_anchor = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if part else ""
            if name == "a":
                in_anchor = not part.startswith("</")
        elif part and not in_anchor:
            parts[i] = _BARE_URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', part)
    return "".join(parts)


def search_terms(query: str) -> list[str]:
    """The words of a query worth highlighting (not operators, flags or tag names)."""
    terms: list[str] = []
    for field_name, word in _QUERY_WORD.findall(query):
        if field_name.lower() in _NON_TEXT_FIELDS:
            continue
        for part in re.findall(r"\w+", word.replace("*", "").replace("?", "")):
            if part.lower() not in _OPERATORS and len(part) > 1:
                terms.append(part)
    return list(dict.fromkeys(terms))


def highlight(fragment: str, terms: list[str]) -> str:
    """Wrap term matches in text (never inside tags) with a highlight span."""
    if not terms:
        return fragment
    stems = [t[:-1] if len(t) > 3 and t.lower().endswith("s") else t for t in terms]
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    parts = re.split(r"(<[^>]*>)", fragment)
    for i, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[i] = pattern.sub(r'<span class="hit">\g<0></span>', part)
    return "".join(parts)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def nice_date(value: str | None) -> str:
    """'2023-03-17' as is; a feed's year-less '--03-17' as 'Mar 17'; '' for none."""
    if not value:
        return ""
    if value.startswith("--") and len(value) >= 7 and value[2:4].isdigit():
        month = int(value[2:4])
        if 1 <= month <= 12:
            return f"{_MONTHS[month - 1]} {value[5:7]}".strip()
    return value[:10]


def _authors(paper: Paper) -> str:
    names = [tex_text(a.name) for a in paper.authors]
    if len(names) > 12:
        names = [*names[:10], f"… and {len(names) - 10} more"]
    return ", ".join(names) or "Authors not given by the feed"


def _links(paper: Paper) -> str:
    out = []
    for link in paper.links:
        if link.url.split(":", 1)[0].lower() not in SAFE_SCHEMES:
            continue
        label = LINK_LABELS.get(link.kind, link.kind.title())
        out.append(f'<a href="{html.escape(link.url)}">{html.escape(label)}</a>')
    return " · ".join(out)


def _facts(paper: Paper) -> list[tuple[str, str]]:
    facts = [
        ("Date", nice_date(paper.date) or "—"),
        ("Key", paper.citekey),
        ("Status", paper.status.value),
    ]
    if paper.starred:
        facts.append(("Starred", "★"))
    if paper.tags:
        facts.append(("Tags", ", ".join(paper.tags)))
    if paper.venue or paper.journal_ref:
        facts.append(("Published in", paper.venue or paper.journal_ref or ""))
    if paper.arxiv_version:
        facts.append(("Version", f"v{paper.arxiv_version}"))
    facts.append(("Source", paper.source))
    return facts


def _updated_banner(paper: Paper) -> str:
    if not paper.updated_flag:
        return ""
    when = nice_date(paper.revised)
    return (
        '<p class="updated"><b>Updated</b> — a new version arrived on '
        f"{html.escape(when)}, after you had read or kept this paper; its previous abstract "
        "is below. Mark it read to clear this.</p>"
    )


def _previous(paper: Paper, terms: list[str]) -> str:
    if not paper.previous_abstract:
        return ""
    return '<h3 class="previous">Previous version\'s abstract</h3>' + highlight(
        tex_markdown_html(paper.previous_abstract), terms
    )


def tex_markdown_html(text: str, *, whole: str = "") -> str:
    """An abstract: its TeX shown as text (emphasis kept), then Markdown as usual."""
    return marks_to_html(markdown_html(tex_marked(text), whole=whole))


def paper_html(
    paper: Paper,
    terms: list[str] = (),  # type: ignore[assignment]
    *,
    why: str = "",
    after: str = "",
) -> str:
    """The abstract pane: title, authors, facts, links, why it ranks here, the abstract,
    then what comes after (similar papers); why and after are trusted HTML."""
    terms = list(terms)
    if paper.pending and not paper.title:
        title = html.escape(f"Awaiting lookup: {paper.arxiv_id or paper.doi or ''}")
    else:
        title = highlight(tex_html(paper.title), terms)
    facts = " &nbsp;·&nbsp; ".join(
        f'<span class="label">{name}:</span> {html.escape(value)}' for name, value in _facts(paper)
    )
    links = _links(paper)
    body = (
        highlight(tex_markdown_html(paper.abstract, whole=f"with: reader show {paper.id}"), terms)
        if paper.abstract
        else ""
    )
    return (
        f'<h2 class="title">{title}</h2>'
        f'<p class="authors">{highlight(html.escape(_authors(paper)), terms)}</p>'
        f'<p class="facts">{facts}</p>'
        + (f'<p class="links">{links}</p>' if links else "")
        + _updated_banner(paper)
        + why
        + "<hr/>"
        + (body or '<p class="empty">No abstract.</p>')
        + _previous(paper, terms)
        + after
    )


def page(
    body: str, *, text: str, dim: str, link: str, hit: str, hit_text: str = "black", shade: str = ""
) -> str:
    """A full document with a small stylesheet in the palette's colours (shade: behind code)."""
    code_bg = f" background-color: {shade};" if shade else ""
    style = (
        f"body {{ color: {text}; }} a {{ color: {link}; }} "
        f".label, .facts, .empty {{ color: {dim}; }} .authors {{ font-style: italic; }} "
        f".hit {{ background-color: {hit}; color: {hit_text}; }} "
        f".updated {{ border-left: 3px solid {link}; padding-left: 6px; }} "
        f".previous {{ color: {dim}; }} "
        # A title a size smaller than Qt's h2 keeps its longest words inside a narrow pane.
        f"h2 {{ margin-bottom: 4px; font-size: large; }} "
        f"pre, code {{ font-family: monospace;{code_bg} }}"
    )
    return f"<html><head><style>{style}</style></head><body>{body}</body></html>"


def count_text(n: int, query: str) -> str:
    """The status bar's count: "12 papers", or "3 papers match “vision”"."""
    if query:
        return f"{plural(n, 'paper')} {'matches' if n == 1 else 'match'} “{query}”"
    return plural(n, "paper")


_LONG_TOKEN = re.compile(r"[^\s<>]{24,}")
_BREAK_AFTER = re.compile(r"([/_.:=?])(?=\w)|(?<=[a-z])(?=[A-Z])")


def soft_breaks(fragment: str) -> str:
    """Let long tokens (citation keys, URLs, paths) wrap at their joints, so a pane that
    never breaks words inside them needs no horizontal scrolling: a zero-width space after
    / _ . : = ? and between camelCase parts, in text only (never inside tags)."""

    def joints(match: re.Match[str]) -> str:
        return _BREAK_AFTER.sub(lambda m: (m.group(1) or "") + "\u200b", match.group(0))

    parts = re.split(r"(<[^>]*>)", fragment)
    for i, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[i] = _LONG_TOKEN.sub(joints, part)
    return "".join(parts)


def query_error_text(error: str) -> str:
    """What the empty list says while the query cannot be understood."""
    return f"This search could not be understood:\n{error}\n\nFix it, or press Esc to clear."
