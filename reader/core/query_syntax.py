"""The query language's checks: malformed queries get a readable QueryError before whoosh."""

from __future__ import annotations

import re

DEFAULT_FIELDS = ["title", "abstract", "author", "tag", "note", "citekey"]
FIELD_ALIASES = {
    "author": ["authors", "by"],
    "tag": ["tags"],
    "note": ["notes"],
    "citekey": ["key"],
}
KNOWN_FIELDS = {"title", "abstract", "author", "tag", "note", "citekey", "status", "is", "year"}
STATUS_VALUES = {"new", "queued", "read", "archived"}
IS_VALUES = STATUS_VALUES | {"starred", "unstarred", "trashed", "noted", "tagged"}
IS_VALUES |= {"updated", "pending"}
_FIELD_REF = re.compile(r"(?<![\w:/])([A-Za-z_]+):(?!//)")
# What may follow `year:`: 2020, >2019, <=2020, [2018 TO 2020], [2018 TO], {TO 2020}, or a
# group. Whoosh turns anything else into a query matching nothing (or other fields).
_YEAR = r"\d{1,9}"
_YEAR_VALUE = re.compile(
    rf"\(|(?:[<>]=?{_YEAR}|{_YEAR}|[\[{{]\s*(?:{_YEAR}\s+)?TO(?:\s+{_YEAR})?\s*[\]}}])"
    r"(?=$|[\s)])",
    re.IGNORECASE,
)


class QueryError(ValueError):
    """A query the user typed that cannot be understood; the message says how to fix it."""


def validate(text: str) -> None:
    """Raise QueryError, saying what to fix, for a query whoosh would misread."""
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes: a phrase needs a closing "')
    # Blank out phrases (keeping offsets) so words inside quotes are never read as syntax.
    bare = re.sub(r'"[^"]*"', lambda m: " " * len(m.group(0)), text)
    depth = 0
    for char in bare:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("a ')' has no matching '('")
    if depth:
        raise QueryError("a '(' is never closed")
    known = KNOWN_FIELDS | {a for aliases in FIELD_ALIASES.values() for a in aliases}
    for match in _FIELD_REF.finditer(bare):
        name = match.group(1).lower()
        if name not in known:
            raise QueryError(
                f"unknown field '{name}:'; use title:, abstract:, author:, tag:, note:, "
                "citekey:, year:, status: or is:"
            )
        value_match = re.match(r"[\w-]*", bare[match.end() :])
        value = value_match.group(0).lower() if value_match else ""
        if name == "is" and value not in IS_VALUES:
            raise QueryError(f"is:{value} is unknown; use is:{', is:'.join(sorted(IS_VALUES))}")
        if name == "status" and value not in STATUS_VALUES:
            raise QueryError(f"status:{value} is unknown; use {', '.join(sorted(STATUS_VALUES))}")
        if name == "year" and not _YEAR_VALUE.match(bare, match.end()):
            raise QueryError(
                "year: needs a year or a range: year:2020, year:>2019, year:[2018 TO 2020]"
            )
