"""Responses in the real services' formats (arXiv API Atom, arXiv RSS 2.0, Hugging Face
daily papers JSON, Crossref works), generated for tests, plus a fake arXiv API route."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from netserver import Reply, Seen

from reader.core.identity import title_key

ATOM_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/test</id>\n  <title>arXiv Query: test</title>\n"
    "  <updated>2026-04-12T22:10:19Z</updated>\n"
    "  <opensearch:itemsPerPage>{per}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
)


@dataclass(frozen=True)
class Entry:
    """One arXiv paper, enough to write it in any of arXiv's formats."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing")
    published: str = "2024-05-23T10:00:00Z"
    version: int = 1
    summary: str = "We study things and report results that matter."
    categories: tuple[str, ...] = ("cs.LG",)
    doi: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def atom_entry(e: Entry) -> str:
    vid = f"{e.arxiv_id}v{e.version}"
    cats = "".join(
        f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in e.categories
    )
    authors = "".join(f"    <author><name>{escape(a)}</name></author>\n" for a in e.authors)
    doi = f"    <arxiv:doi>{e.doi}</arxiv:doi>\n" if e.doi else ""
    return (
        f"  <entry>\n    <id>http://arxiv.org/abs/{vid}</id>\n"
        f"    <title>{escape(e.title)}</title>\n    <updated>{e.published}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" '
        f'title="pdf"/>\n    <summary>{escape(e.summary)}</summary>\n{cats}'
        f"    <published>{e.published}</published>\n{doi}"
        f'    <arxiv:primary_category term="{e.categories[0]}"/>\n{authors}  </entry>\n'
    )


def atom_feed(entries: list[Entry], *, total: int | None = None, start: int = 0) -> bytes:
    head = ATOM_HEAD.format(
        per=len(entries), total=len(entries) if total is None else total, start=start
    )
    return (head + "".join(atom_entry(e) for e in entries) + "</feed>\n").encode()


def rss2_feed(entries: list[Entry], category: str = "cs.LG", announce: str = "new") -> bytes:
    items = []
    day = datetime(2026, 11, 30, tzinfo=UTC)
    for e in entries:
        vid = f"{e.arxiv_id}v{e.version}"
        cats = "".join(f"      <category>{c}</category>\n" for c in e.categories)
        items.append(
            f"    <item>\n      <title>{escape(e.title)}</title>\n"
            f"      <link>https://arxiv.org/abs/{e.arxiv_id}</link>\n"
            f"      <description>arXiv:{vid} Announce Type: {announce}\n"
            f"Abstract: {escape(e.summary)}</description>\n"
            f'      <guid isPermaLink="false">oai:arXiv.org:{vid}</guid>\n{cats}'
            f"      <pubDate>{format_datetime(day)}</pubDate>\n"
            f"      <arxiv:announce_type>{announce}</arxiv:announce_type>\n"
            f"      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n"
            f"      <dc:creator>{escape(', '.join(e.authors))}</dc:creator>\n    </item>\n"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n'
        f"  <channel>\n    <title>{category} updates on arXiv.org</title>\n"
        f"    <link>http://rss.arxiv.org/rss/{category}</link>\n"
        f"    <description>{category} updates on the arXiv.org e-print archive.</description>\n"
        "    <language>en-us</language>\n"
        f"    <lastBuildDate>{format_datetime(day)}</lastBuildDate>\n"
        + "".join(items)
        + "  </channel>\n</rss>\n"
    ).encode()


def hf_daily(entries: list[Entry]) -> bytes:
    items = [
        {
            "paper": {
                "id": e.arxiv_id,
                "title": e.title,
                "summary": e.summary,
                "authors": [{"name": a, "hidden": False} for a in e.authors],
                "publishedAt": e.published.replace("Z", ".000Z"),
                "upvotes": 7,
            },
            "title": e.title,
            "publishedAt": e.published,
            "numComments": 0,
        }
        for e in entries
    ]
    return json.dumps(items).encode()


def crossref_work(doi: str, title: str, authors: list[tuple[str, str]], year: int) -> bytes:
    message = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"given": g, "family": f, "sequence": "first"} for g, f in authors],
        "container-title": ["Journal of Tests"],
        "issued": {"date-parts": [[year, 3, 1]]},
        "volume": "12",
        "page": "1-10",
        "publisher": "Test Press",
    }
    return json.dumps({"status": "ok", "message-type": "work", "message": message}).encode()


_PHRASE = re.compile(r'ti:"([^"]*)"')


class FakeArxivApi:
    """Answers id_list and ti:"…" searches from a table of entries, as the arXiv API does."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def __call__(self, seen: Seen) -> Reply:
        ids = [i for i in seen.query.get("id_list", [""])[0].split(",") if i]
        if ids:
            found = [e for e in self.entries if e.arxiv_id in ids]
        else:
            phrases = _PHRASE.findall(seen.query.get("search_query", [""])[0])
            found = [e for e in self.entries if title_key(e.title) in phrases]
            # A phrase also matches longer titles that contain it, as arXiv's search does.
            found += [
                e
                for e in self.entries
                if e not in found and any(p and p in title_key(e.title) for p in phrases)
            ]
        size = int(seen.query.get("max_results", ["10"])[0])
        return Reply(200, atom_feed(found[:size]), {"Content-Type": "application/atom+xml"})
