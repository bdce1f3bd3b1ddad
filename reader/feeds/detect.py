"""Choosing the parser from the content (never the file name) and refusing what fits none."""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from reader.core.models import ParseResult
from reader.feeds import (
    arxiv_api,
    arxiv_rss,
    bibtex,
    csljson,
    generic_feed,
    hf_json,
    hf_page,
    idlist,
    ris,
)
from reader.feeds.errors import FeedError, NotWellFormed, UnsafeInput
from reader.feeds.fields import check_size
from reader.feeds.text import decode_text
from reader.feeds.xmlsafe import parse_xml

MAX_JSON_BYTES = 100_000_000
_PARSERS = (hf_page, hf_json, arxiv_api, arxiv_rss, generic_feed, bibtex, ris, csljson, idlist)
LABELS = {module.KIND: module.LABEL for module in _PARSERS}
_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}
_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_MARKDOWN = re.compile(r"^(?:#{1,6} \S|```|\|.*\|\s*$|\[[^\]]+\]: \S)", re.M)
WHAT_WE_READ = (
    "Reader imports Hugging Face papers pages (copied as text) and JSON, arXiv API and RSS "
    "feeds, other RSS/Atom feeds, BibTeX, RIS, CSL-JSON and lists of arXiv ids or DOIs"
)


def label_of(source: str) -> str:
    """'Hugging Face page' for a stored source such as 'hf-page:sample.txt'."""
    kind = source.split(":", 1)[0]
    return LABELS.get(kind, kind)


def _head(data: bytes) -> str:
    """The start of the data as text, for sniffing only (never for parsing)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[:8192].decode("utf-16", "replace")
    return data[:4096].decode("utf-8", "replace").removeprefix("\ufeff")


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _SIGNATURES.items():
        if data.startswith(magic):
            return what
    return None


def parse_any(data: bytes) -> ParseResult:
    """Parse data with the parser its content calls for; FeedError says why none fits."""
    if not data.strip():
        raise FeedError("the file is empty")
    binary = _binary_kind(data)
    if binary:
        raise FeedError(f"this is {binary}, not something Reader imports. {WHAT_WE_READ}")
    # XML is routed before decoding: it declares its own encoding (ISO-8859-1 feeds exist).
    if _head(data).lstrip().startswith("<"):
        return _parse_xml(data, _head(data))
    text = decode_text(data)
    head = text.lstrip()[:1]
    if head in "[{" and (result := _parse_json(data, text)) is not None:
        return result
    if bibtex.looks_like_bibtex(text, first_only=True):
        return bibtex.parse_bibtex(data)
    if ris.looks_like_ris(text):
        return ris.parse_ris(data)
    if idlist.looks_like_ids(text):
        return idlist.parse_ids(data)
    # Markdown quoting a BibTeX entry in a code block is still Markdown.
    if _MARKDOWN.search(text):
        raise FeedError(
            f"this looks like a Markdown or plain-text document, not papers. {WHAT_WE_READ}"
        )
    if bibtex.looks_like_bibtex(text):
        return bibtex.parse_bibtex(data)
    try:
        return hf_page.parse_hf_page(data)
    except FeedError as exc:
        raise FeedError(f"{exc}. {WHAT_WE_READ}") from exc


def _parse_xml(data: bytes, text: str) -> ParseResult:
    if _HTML.match(text):
        raise FeedError(f"this is an HTML page, not a feed. {WHAT_WE_READ}")
    try:
        root = parse_xml(data, "the feed")
    except NotWellFormed:
        # Not well-formed: feedparser's lenient parser still reads many real-world feeds.
        return generic_feed.parse_generic_feed(data)
    if arxiv_api.is_arxiv_api(root):
        return arxiv_api.parse_arxiv_api_root(root)
    if arxiv_rss.is_arxiv_rss(root):
        return arxiv_rss.parse_arxiv_rss_root(root)
    return generic_feed.parse_generic_feed(data)


def _parse_json(data: bytes, text: str) -> ParseResult | None:
    """HF JSON or CSL-JSON; None when the text is not JSON (a BibTeX `{`-less file, say)."""
    check_size(data, MAX_JSON_BYTES, "the JSON file")
    try:
        doc: Any = json.loads(text)
    except RecursionError as exc:
        raise UnsafeInput("refused: the JSON is nested too deeply") from exc
    except json.JSONDecodeError:
        return None
    if hf_json.is_hf_json(doc):
        return hf_json.parse_hf_json(doc)
    if csljson.is_csl_json(doc):
        return csljson.parse_csl_json(doc)
    raise FeedError(
        "this JSON is neither Hugging Face papers JSON (items with a `paper` holding an "
        f"arXiv `id`) nor CSL-JSON (items with `id`, `type`, `title`). {WHAT_WE_READ}"
    )
