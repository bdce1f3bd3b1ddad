"""Changes: what one write touched, returned by every Library write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.models import PaperId


@dataclass(frozen=True)
class Changes:
    """Ids a write touched and the kinds of change (star, status, tags, note, feed, ...)."""

    ids: frozenset[PaperId] = frozenset()
    kinds: frozenset[str] = frozenset()
    added: frozenset[PaperId] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.ids or self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.ids | other.ids, self.kinds | other.kinds, self.added | other.added)

    @classmethod
    def of(cls, ids: Iterable[int], *kinds: str) -> Changes:
        """Changes for the given ids and kinds."""
        return cls(frozenset(PaperId(int(i)) for i in ids), frozenset(kinds))
