"""How papers are recognised across feeds: arXiv id, DOI, normalised title."""

from __future__ import annotations

import re
import unicodedata

_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v(\d+))?$")
_ARXIV_OLD = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?$")
_NON_WORD = re.compile(r"[\W_]+")
_JOINERS = re.compile(r"(?<=\w)[-\u2010\u2011'\u2019](?=\w)")


def title_key(title: str) -> str:
    """Case-folded title with whitespace and punctuation collapsed: the identity of last resort.

    Hyphens and apostrophes inside words are dropped ("Pre-training" and "Pretraining",
    a page's rendering and arXiv's, are one title), and so are TeX's braces and dollars.
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    folded = _JOINERS.sub("", folded.replace("{", "").replace("}", "").replace("$", ""))
    return _NON_WORD.sub(" ", folded).strip()


def split_arxiv_id(raw: str) -> tuple[str, int | None] | None:
    """'arXiv:2202.12139v1' or an abs URL -> ('2202.12139', 1); None when not an arXiv id."""
    text = raw.strip()
    text = re.sub(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", "", text, flags=re.I)
    text = re.sub(r"^arxiv:", "", text, flags=re.I).removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            version = match.group(2)
            return match.group(1), int(version) if version else None
    return None


def normalise_doi(raw: str) -> str:
    """Lower-cased bare DOI ('10.1000/xyz'), whatever prefix it came with."""
    text = raw.strip()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.I)
    return text.lower()
