"""Feed parsers: bytes in, records out. Pure: no database, no network, no Qt."""

from __future__ import annotations

from reader.core.models import ParseResult
from reader.feeds.detect import parse_any
from reader.feeds.errors import FeedError

__all__ = ["FeedError", "parse_feed"]


def parse_feed(data: bytes) -> ParseResult:
    """Parse a feed in any supported format, chosen by content; FeedError says why none fits."""
    return parse_any(data)
