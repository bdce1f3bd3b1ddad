"""BibTeX name lists: split on top-level `and`, family/given per name, oddities reported."""

from __future__ import annotations

import re
from functools import lru_cache

from reader.core.models import Author
from reader.feeds.texdecode import tex_to_text

_OTHERS = {"others", "et al.", "et al", "{others}"}
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(",")
_SPACE = re.compile(r"\s+")


def _split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at separator matches that sit outside braces ({Barnes and Noble} stays whole)."""
    if "{" not in text:
        return separator.split(text)
    parts, start = [], 0
    for match in separator.finditer(text):
        if text.count("{", 0, match.start()) == text.count("}", 0, match.start()):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


@lru_cache(maxsize=16384)  # the same authors recur throughout a bibliography
def _one(raw: str) -> tuple[Author | None, str | None]:
    """One name and, when it looks wrong, why."""
    pieces = [p.strip() for p in _split_top(raw, _COMMA)]
    problem = None
    if any(not p for p in pieces) or len(pieces) > 3:
        problem = f"malformed name '{raw.strip()}' (stray comma)"
        pieces = [p for p in pieces if p]
    if not pieces:
        return None, problem
    if len(pieces) == 1:
        words = _split_top(pieces[0], _SPACE)
        family, given = words[-1], " ".join(words[:-1])
    else:  # "von Last, First" or "von Last, Jr, First"
        family, given = pieces[0], pieces[-1]
    family, given = tex_to_text(family), tex_to_text(given)
    name = f"{given} {family}".strip()
    return Author(name, family=family, given=given), problem


def parse_names(value: str) -> tuple[tuple[Author, ...], list[str]]:
    """Authors in order and the problems found; a trailing `and others` is dropped."""
    text = " ".join(value.split())
    authors: list[Author] = []
    problems: list[str] = []
    if not text:
        return (), problems
    for raw in _split_top(text, _AND):
        if not raw.strip():
            problems.append("empty name in the author list (a doubled or trailing 'and')")
            continue
        if raw.strip().lower() in _OTHERS:
            continue
        author, problem = _one(raw)
        if problem:
            problems.append(problem)
        if author:
            authors.append(author)
    return tuple(authors), problems
