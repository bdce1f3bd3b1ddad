"""The one error a parser raises: the input is not a feed it can read."""

from __future__ import annotations


class FeedError(ValueError):
    """Input that holds no papers; the message says why, in words a user can act on."""


class NotWellFormed(FeedError):
    """XML with a syntax error; a lenient parser may still read it."""


class UnsafeInput(FeedError):
    """Input refused for safety (XML entities, absurd nesting), whatever else it holds."""
