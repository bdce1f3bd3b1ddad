"""Parser for Hugging Face papers JSON: /api/daily_papers lists and /api/papers/{id} objects."""

from __future__ import annotations

from typing import Any

from reader.core.identity import split_arxiv_id
from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds.fields import collapse, iso_date, typed_links, year_of

KIND, LABEL = "hf-json", "Hugging Face JSON"


_HF_KEYS = {"summary", "publishedAt", "upvotes", "submittedOnDailyAt", "ai_keywords"}


def _paper_object(item: Any) -> dict[str, Any] | None:
    """The `paper` object of a daily-papers item, or the item itself when it is one.

    A bare object counts only with a key of HF's own and no CSL `type`: a CSL-JSON item
    whose `id` is a key like `arXiv:2106.01548` is not a Hugging Face paper.
    """
    if not isinstance(item, dict):
        return None
    paper = item.get("paper")
    if paper is None and _HF_KEYS & item.keys() and "type" not in item:
        paper = item
    return paper if isinstance(paper, dict) and "id" in paper else None


def is_hf_json(doc: Any) -> bool:
    """A list of daily-papers items, one item, or one paper object, keyed by arXiv id."""
    items = doc if isinstance(doc, list) else [doc]
    papers = [_paper_object(i) for i in items[:20]]
    return bool(papers) and all(
        p is not None and split_arxiv_id(str(p["id"])) is not None and "title" in p for p in papers
    )


def parse_hf_json(doc: Any) -> ParseResult:
    """Records from the decoded JSON; items without an arXiv id or a title are skipped."""
    items = doc if isinstance(doc, list) else [doc]
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for number, item in enumerate(items, start=1):
        record = _record(item)
        if record is None:
            skipped.append(Skip(f"item {number}", "no arXiv id or no title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _authors(raw: Any) -> tuple[Author, ...]:
    # Hidden authors are kept: `hidden` hides a claimed profile on the site, not the name.
    names = [collapse(str(a.get("name") or "")) for a in raw or [] if isinstance(a, dict)]
    return tuple(Author(name) for name in names if name)


def _text(paper: dict[str, Any], item: Any, key: str) -> str:
    value = paper.get(key) or (item.get(key) if isinstance(item, dict) else None)
    return collapse(value) if isinstance(value, str) else ""


def _record(item: Any) -> PaperRecord | None:
    paper = _paper_object(item)
    ids = split_arxiv_id(str(paper["id"])) if paper else None
    if paper is None or ids is None:
        return None
    title = _text(paper, item, "title")
    if not title:
        return None
    published = iso_date(_text(paper, item, "publishedAt"))
    upvotes = paper.get("upvotes")
    keywords = paper.get("ai_keywords") or []
    links: list[tuple[str, str | None]] = [(f"https://arxiv.org/abs/{ids[0]}", "abs")]
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        if isinstance(paper.get(key), str):
            links.append((paper[key], kind))
    return PaperRecord(
        title=title,
        abstract=_text(paper, item, "summary"),
        authors=_authors(paper.get("authors")),
        arxiv_id=ids[0],
        arxiv_version=ids[1],
        published=published,
        listing_date=iso_date(_text(paper, item, "submittedOnDailyAt")),
        links=typed_links(links),
        upvotes=upvotes if isinstance(upvotes, int) else None,
        keywords=tuple(collapse(k) for k in keywords if isinstance(k, str) and k.strip()),
        year=year_of(published),
    )
