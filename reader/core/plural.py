"""Counted nouns for every message that counts things: '1 paper', '2 papers', '0 papers'."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None, *, grouped: bool = True) -> str:
    """'1 paper', '1,200 papers'; `many` for irregular plurals ('entry', 'entries');
    grouped=False keeps the digits plain for output that scripts read."""
    word = noun if n == 1 else (many or f"{noun}s")
    return f"{n:,} {word}" if grouped else f"{n} {word}"
