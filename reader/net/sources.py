"""Feed sources: what `reader feed add SOURCE` accepts, and the request each one makes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from reader.net.config import NetConfig

_CATEGORY = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$")
USAGE = (
    "use hf:daily, hf:daily:YYYY-MM-DD, arxiv:CATEGORY[+CATEGORY...], "
    "arxiv-query:QUERY or an http(s) URL of an RSS/Atom feed"
)
QUERY_PAGE = 100  # entries per arXiv API page
QUERY_PAGES = 5  # at most this many pages per refresh (newest first)


class SourceError(ValueError):
    """A SOURCE that Reader cannot subscribe to; the message says what would work."""


@dataclass(frozen=True)
class Source:
    """A parsed feed source: kind is hf-daily, arxiv-rss, arxiv-query or url."""

    kind: str
    spec: str  # the day, the categories, the query or the URL

    @property
    def text(self) -> str:
        """The source as stored and shown."""
        prefix = {"hf-daily": "hf:daily", "arxiv-rss": "arxiv:", "arxiv-query": "arxiv-query:"}
        if self.kind == "url":
            return self.spec
        if self.kind == "hf-daily":
            return f"hf:daily:{self.spec}" if self.spec else "hf:daily"
        return prefix[self.kind] + self.spec

    @property
    def default_name(self) -> str:
        """A name for `feed list`: the source, or host + path for a URL."""
        if self.kind != "url":
            return self.text
        parts = urlsplit(self.spec)
        return f"{parts.hostname}{parts.path}".rstrip("/")

    def is_arxiv(self, config: NetConfig) -> bool:
        """Requests to arXiv (API or RSS, or a URL on arxiv.org) go through the 3 s gate."""
        if self.kind in ("arxiv-rss", "arxiv-query"):
            return True
        host = urlsplit(self.spec).hostname or ""
        return self.kind == "url" and (host == "arxiv.org" or host.endswith(".arxiv.org"))


def parse_source(text: str) -> Source:
    """Source from what the user typed; SourceError with the accepted forms otherwise."""
    raw = text.strip()
    low = raw.lower()
    if low == "hf:daily":
        return Source("hf-daily", "")
    if low.startswith("hf:daily:"):
        day = raw[len("hf:daily:") :]
        try:
            date.fromisoformat(day)
        except ValueError:
            raise SourceError(f"{raw!r}: expected a day as YYYY-MM-DD after hf:daily:") from None
        return Source("hf-daily", day)
    if low.startswith("arxiv-query:"):
        query = raw[len("arxiv-query:") :].strip().strip("'\"").strip()
        if not query:
            raise SourceError("arxiv-query: needs a query, e.g. arxiv-query:'ti:diffusion'")
        return Source("arxiv-query", query)
    if low.startswith("arxiv:"):
        cats = raw[len("arxiv:") :].split("+")
        bad = [c for c in cats if not _CATEGORY.match(c)]
        if bad or not cats:
            raise SourceError(f"{raw!r}: {bad[0]!r} is not an arXiv category such as cs.LG")
        return Source("arxiv-rss", "+".join(cats))
    if urlsplit(raw).scheme in ("http", "https") and urlsplit(raw).hostname:
        return Source("url", raw)
    raise SourceError(f"unknown feed source {raw!r}: {USAGE}")


def endpoint(base: str, suffix: str) -> str:
    """A configured base URL with a path appended ('https://x/api' + 'daily_papers')."""
    return base.rstrip("/") + "/" + suffix.lstrip("/")


def feed_request(source: Source, config: NetConfig) -> tuple[str, dict[str, str | int]]:
    """URL and query parameters for one fetch (the first page for an API query)."""
    if source.kind == "hf-daily":
        params: dict[str, str | int] = {"date": source.spec} if source.spec else {}
        return endpoint(config.hf_api_url, "daily_papers"), params
    if source.kind == "arxiv-rss":
        return endpoint(config.arxiv_rss_url, source.spec), {}
    if source.kind == "arxiv-query":
        return config.arxiv_api_url, query_params(source.spec, 0)
    return source.spec, {}


def query_params(query: str, start: int, size: int = QUERY_PAGE) -> dict[str, str | int]:
    """arXiv API parameters for one page of a query, newest first."""
    return {
        "search_query": query,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "start": start,
        "max_results": size,
    }
