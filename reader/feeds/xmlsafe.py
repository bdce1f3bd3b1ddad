"""XML from untrusted bytes: no entity expansion, no external entities, a size cap."""

from __future__ import annotations

import codecs
import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from reader.feeds.errors import NotWellFormed, UnsafeInput
from reader.feeds.fields import check_size

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_XML_BYTES = 200_000_000

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def refuse_entities(data: bytes) -> None:
    """Entity declarations are how billion-laughs and XXE attacks start; no feed needs them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", "replace").encode("utf-8")
    if _ENTITY_DECL.search(data):
        raise UnsafeInput(
            "refused: the XML declares entities (<!ENTITY>), which feeds never need and "
            "entity-expansion and external-entity attacks use"
        )


def parse_xml(data: bytes, what: str) -> Element:
    """The document's root element, parsed with entities and external references off."""
    check_size(data, MAX_XML_BYTES, what)
    refuse_entities(data)
    try:
        root: Element = fromstring(data, forbid_dtd=False)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        raise UnsafeInput(f"refused: the XML uses entities or external references ({exc})") from exc
    except ParseError as exc:
        raise NotWellFormed(f"{what} is not well-formed XML ({exc})") from exc
    return root


def text_of(element: Element | None, path: str) -> str:
    """Stripped text of the first match of path under element, '' when absent."""
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""
