"""The one error a parser raises: the input is not a feed it can read."""

from __future__ import annotations


class FeedError(ValueError):
    """Input that holds no papers; the message says why, in words a user can act on."""
