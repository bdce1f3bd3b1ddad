"""Feed parsers: bytes in, records out. Pure: no database, no network, no Qt."""

from __future__ import annotations

from reader.core.models import ParseResult
from reader.feeds.errors import FeedError
from reader.feeds.hf_page import parse_hf_page

__all__ = ["FeedError", "parse_feed"]


def parse_feed(data: bytes) -> ParseResult:
    """Parse a feed in any supported format; raise FeedError saying why when none fits."""
    return parse_hf_page(data)
