"""Shared helpers for text feeds: decoding bytes and finding links in prose."""

from __future__ import annotations

import codecs
import re

from reader.core.models import Link
from reader.feeds.errors import FeedError

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""
_PAIRS = {")": "(", "]": "[", "}": "{"}
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


def decode_text(data: bytes) -> str:
    """Decode a text feed: UTF-8 (BOM allowed) or UTF-16 with a BOM; refuse binary data.

    Line endings are normalised to \\n.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FeedError(f"not valid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    else:
        if b"\x00" in data[:65536]:
            raise FeedError("this is a binary file, not a text feed")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FeedError(
                f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save the page as UTF-8 and import it again"
            ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from a URL's end."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(last) > url.count(_PAIRS[last])):
            url = url[:-1]
        else:
            break
    return url


def link_kind(url: str) -> str:
    """Classify a URL as code, pdf, abs, doi or project."""
    host = re.sub(r"^https?://(www\.)?", "", url.lower()).split("/", 1)[0]
    path = url.lower().split(host, 1)[-1]
    if host in _CODE_HOSTS:
        return "code"
    if host.endswith("arxiv.org"):
        return "pdf" if path.startswith("/pdf") else "abs"
    if host in ("doi.org", "dx.doi.org"):
        return "doi"
    if path.endswith(".pdf"):
        return "pdf"
    return "project"


def find_links(text: str) -> tuple[Link, ...]:
    """Every distinct URL in text, in order, trimmed and classified."""
    seen: dict[str, Link] = {}
    for match in _URL.finditer(text):
        url = _trim_url(match.group(0))
        if url.count("/") >= 2 and "." in url.split("/")[2] and url not in seen:
            seen[url] = Link(link_kind(url), url)
    return tuple(seen.values())
