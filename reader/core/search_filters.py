"""The query language's filter words (is:, status:, tag:, year:) answered from SQLite as
sets of paper ids: the truth, never a copy in the search index."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

from reader.core.query_syntax import IS_VALUES, STATUS_VALUES

# is: words and the papers they hold; statuses are is: words too.
_FLAG_SQL = {
    "starred": "SELECT paper_id FROM paper_state WHERE starred = 1",
    "unstarred": "SELECT paper_id FROM paper_state WHERE starred = 0",
    "trashed": "SELECT paper_id FROM paper_state WHERE trashed = 1",
    "tagged": "SELECT DISTINCT paper_id FROM paper_tags",
    "updated": "SELECT id FROM papers WHERE revised IS NOT NULL",
    "pending": "SELECT id FROM papers WHERE pending = 1",
}
_STATUS_SQL = "SELECT paper_id FROM paper_state WHERE status = ?"
# Paper.year: the first four characters of the published date, when they are digits.
_YEAR_SQL = (
    "SELECT id, CAST(substr(published, 1, 4) AS INTEGER) FROM papers "
    "WHERE substr(published, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'"
)


class FilterSets:
    """Paper-id sets for filter words, read once per search from one connection.

    vocabulary(field) lists the words a field can hold (what Whoosh's lexicon listed when
    these fields were indexed), so prefixes, wildcards and ranges expand the same way.
    """

    def __init__(self, conn: sqlite3.Connection, tag_tokens: Callable[[str], list[str]]) -> None:
        self.conn = conn
        self._tag_tokens = tag_tokens  # the tag field's analyzer: a name -> its words
        self._cache: dict[tuple[str, object], frozenset[int]] = {}
        self._tags: dict[str, list[int]] | None = None
        self._years: dict[int, set[int]] | None = None

    def _ids(self, sql: str, params: Iterable[object] = ()) -> frozenset[int]:
        return frozenset(r[0] for r in self.conn.execute(sql, tuple(params)))

    def all_ids(self) -> frozenset[int]:
        """Every paper, trashed or not."""
        return self._memo(("", None), lambda: self._ids("SELECT id FROM papers"))

    def _memo(self, key: tuple[str, object], make: Callable[[], frozenset[int]]) -> frozenset[int]:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def vocabulary(self, field: str) -> Sequence[object]:
        """The words a filter field can hold."""
        if field == "is":
            return sorted(IS_VALUES)
        if field == "status":
            return sorted(STATUS_VALUES)
        if field == "tag":
            return sorted(self._tag_map())
        return sorted(self._year_map())

    def ids(self, field: str, word: object) -> frozenset[int]:
        """Papers whose field holds word (nothing for a word it cannot hold)."""
        return self._memo((field, word), lambda: self._lookup(field, word))

    def _lookup(self, field: str, word: object) -> frozenset[int]:
        if field == "is":
            return self._flag(str(word))
        if field == "status":
            return self._ids(_STATUS_SQL, [word]) if word in STATUS_VALUES else frozenset()
        if field == "tag":
            tags = self._tag_map().get(str(word), [])
            if not tags:
                return frozenset()
            marks = ", ".join("?" * len(tags))
            return self._ids(f"SELECT paper_id FROM paper_tags WHERE tag_id IN ({marks})", tags)
        if isinstance(word, int):
            return frozenset(self._year_map().get(word, ()))
        return frozenset()

    def _flag(self, word: str) -> frozenset[int]:
        if word in STATUS_VALUES:
            return self._ids(_STATUS_SQL, [word])
        if word == "noted":  # Paper.note.strip(): Python's idea of blank, not SQLite's
            rows = self.conn.execute("SELECT paper_id, body FROM notes")
            return frozenset(pid for pid, body in rows if body.strip())
        sql = _FLAG_SQL.get(word)
        return self._ids(sql) if sql else frozenset()

    def _tag_map(self) -> dict[str, list[int]]:
        if self._tags is None:
            self._tags = {}
            for tag_id, name in self.conn.execute("SELECT id, name FROM tags"):
                for token in self._tag_tokens(name):
                    self._tags.setdefault(token, []).append(tag_id)
        return self._tags

    def _year_map(self) -> dict[int, set[int]]:
        if self._years is None:
            self._years = {}
            for pid, year in self.conn.execute(_YEAR_SQL):
                self._years.setdefault(year, set()).add(pid)
        return self._years
