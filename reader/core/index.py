"""SearchIndex: the Whoosh full-text index, a cache of SQLite that can always be rebuilt.

Whoosh is imported only by the index_* modules. Filter words of the query language are
answered from SQLite (search_filters), so the index holds text only.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.query import Query
from whoosh.searching import Searcher
from whoosh.util.filelock import try_for
from whoosh.writing import IndexWriter

from reader.core.index_build import VERSION_FILE, build_index, create_index
from reader.core.index_disk import remove_path, repair_lock
from reader.core.index_mmap import install as _map_segments
from reader.core.index_query import DocMap, QueryPlanner, prune
from reader.core.index_schema import (
    SCHEMA_VERSION,
    document,
    document_stamp,
    index_schema,
    paper_flags,
)
from reader.core.models import Paper, PaperId
from reader.core.query_syntax import QueryError
from reader.core.search_filters import FilterSets

if TYPE_CHECKING:  # numpy loads with the first search (index_query.DocMap)
    import numpy as np

    Docs = np.ndarray  # document numbers, ascending

INDEX_DIR = "index"
_REBUILD_MARK = "reader-needs-rebuild"
SORTS = {"relevance", "date", "title", "added"}
# The column each sort reads; a query of filters only has no relevance: newest first.
_SORT_COLUMN = {"title": "sort_title", "relevance": "date"}
_map_segments()  # segments are read through their memory map, not copied per reader
Connect = Callable[[], sqlite3.Connection]


class IndexUnavailableError(RuntimeError):
    """The index cannot be opened and may not be rebuilt (a read-only library)."""


class IndexBusyError(RuntimeError):
    """Another process is writing the index right now."""


class IndexDamagedError(RuntimeError):
    """The index on disk cannot be read; a writer replaces it and rebuilds from SQLite."""


class IndexOutdatedError(IndexDamagedError):
    """The index was written for another schema version; it is rebuilt from SQLite."""


@dataclass(frozen=True)
class Hits:
    """Paper ids matching a query, best first (or in the requested sort order)."""

    ids: list[PaperId]
    total: int


class SearchIndex:
    """A Whoosh index in `<library>/index`, opened or created (and rebuilt when stale)."""

    def __init__(
        self,
        library_folder: Path,
        *,
        readonly: bool = False,
        repair: bool = True,
        connect: Connect | None = None,
    ) -> None:
        """Open the index. A missing, damaged or outdated one is replaced by an empty index
        marked for rebuilding when repair is true (writers), else IndexDamagedError.
        readonly opens an existing index for searching only: nothing is created, rebuilt
        or locked (for a library in a folder that cannot be written). connect gives the
        SQLite connection filter words are answered from (the caller's own, so a search
        sees its writes); without it the index opens a read-only one of its own."""
        self.path = library_folder / INDEX_DIR
        self.schema = index_schema()
        self._connect = connect
        self._own_conn: sqlite3.Connection | None = None
        self._docmap: DocMap | None = None
        self.needs_rebuild = False
        self.replaced_because: str | None = None  # why an unreadable index was replaced
        if readonly:
            self._ix = self._open_readonly()
            self._searcher = self._ix.searcher()
        else:
            self._ix, self._searcher = self._open(repair)
        self._inode = self.path.stat().st_ino
        self._planner = QueryPlanner()
        if not readonly:
            self._drop_leftovers()

    def _open(self, repair: bool) -> tuple[whoosh_index.Index, Searcher]:
        try:
            return self._open_existing()
        except Exception as exc:  # whoosh raises EOFError, OSError, struct errors, ...
            if not repair:
                raise IndexDamagedError(
                    "the search index is being rebuilt from the database; search again soon"
                ) from exc
        with repair_lock(self.path.parent):
            try:  # another process may have replaced it while we waited
                return self._open_existing()
            except Exception as exc:
                # An index of an older schema is not damage: it is rebuilt without a word.
                damaged = not isinstance(exc, IndexOutdatedError)
                if damaged and (self.path.exists() or self.path.is_symlink()):
                    self.replaced_because = str(exc) or type(exc).__name__
                remove_path(self.path)
            self.path.mkdir(parents=True)
            ix = create_index(self.path, self.schema)
            # The mark outlives this process: a rebuild killed halfway is redone next time.
            (self.path / _REBUILD_MARK).touch()
            self.needs_rebuild = True
            return ix, ix.searcher()

    def _open_existing(self) -> tuple[whoosh_index.Index, Searcher]:
        if (self.path / VERSION_FILE).read_text().strip() != str(SCHEMA_VERSION):
            raise IndexOutdatedError("the search index was written by another version")
        ix = whoosh_index.open_dir(self.path)
        try:
            searcher = ix.searcher()  # opens every segment: a truncated or missing file fails
        except BaseException:
            ix.close()
            raise
        self.needs_rebuild = (self.path / _REBUILD_MARK).exists()
        return ix, searcher

    def _drop_leftovers(self) -> None:
        """Remove build folders a killed rebuild left, unless a rebuild is running now."""
        leftovers = [self.path.with_name(INDEX_DIR + ext) for ext in (".new", ".old")]
        if not any(p.exists() for p in leftovers):
            return
        lock = self._ix.lock("WRITELOCK")  # a live rebuild holds it for its whole run
        if lock.acquire(blocking=False):
            try:
                for leftover in leftovers:
                    remove_path(leftover)
            finally:
                lock.release()

    def _open_readonly(self) -> whoosh_index.Index:
        version_file = self.path / VERSION_FILE
        try:
            current = version_file.read_text().strip()
            if current == str(SCHEMA_VERSION):
                return whoosh_index.open_dir(self.path, readonly=True)
        except Exception as exc:  # whoosh raises many kinds on a broken index
            raise IndexUnavailableError(
                f"the search index in {self.path} cannot be read ({exc}) and this "
                "read-only library cannot rebuild it"
            ) from exc
        raise IndexUnavailableError(
            f"the search index in {self.path} is missing or from another version, and "
            "this read-only library cannot rebuild it"
        )

    def close(self) -> None:
        """Release the searcher, the index files and our own connection."""
        self._searcher.close()
        self._ix.close()
        if self._own_conn is not None:
            self._own_conn.close()
            self._own_conn = None

    def _conn(self) -> sqlite3.Connection:
        if self._connect is not None:
            return self._connect()
        if self._own_conn is None:
            from reader.core.db import connect

            self._own_conn = connect(self.path.parent, readonly=True).conn
        return self._own_conn

    # -- writing ---------------------------------------------------------------------

    def _writer(self) -> IndexWriter:
        try:
            return self._ix.writer(timeout=5.0)
        except LockError as exc:
            raise IndexBusyError("the search index is being written by another process") from exc

    def apply(self, papers: Iterable[Paper], deleted: Iterable[int] = ()) -> int:
        """Write the given papers' documents and drop deleted ids; return documents written."""
        return self.apply_from(lambda: (papers, deleted))

    def apply_from(self, read: Callable[[], tuple[Iterable[Paper], Iterable[int]]]) -> int:
        """Take the index's write lock, then write what read() returns (papers, deleted ids).

        Reading under the lock is what keeps two processes from writing an older state
        over a newer one: whoever holds the lock second also read second.
        """
        writer = self._writer()
        count = 0
        try:
            papers, deleted = read()
            for paper_id in deleted:
                writer.delete_by_term("id", str(paper_id))
            for paper in papers:
                writer.update_document(**document(paper))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.refresh()
        return count

    def rebuild(self, papers: Iterable[Paper]) -> int:
        """Replace the whole index with documents for the given papers.

        The new index is built beside the live one and swapped in, so readers keep
        working meanwhile and a crash mid-build leaves the old index in place; nothing
        of the old index is read.
        """
        guard = self._ix.lock("WRITELOCK")  # hold the live index's lock: no writer slips in
        if not try_for(guard.acquire, timeout=5.0):
            raise IndexBusyError("the search index is being written by another process")
        fresh = self.path.with_name(INDEX_DIR + ".new")
        try:
            remove_path(fresh)
            fresh.mkdir()
            count = build_index(fresh, self.schema, papers)
        except BaseException:
            guard.release()
            remove_path(fresh)
            raise
        self._searcher.close()
        self._ix.close()
        guard.release()
        self._swap_in(fresh)
        self.needs_rebuild = False
        return count

    def _swap_in(self, fresh: Path) -> None:
        old = self.path.with_name(INDEX_DIR + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        fresh.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._ix = whoosh_index.open_dir(self.path)
        self._set_searcher(self._ix.searcher())
        self._inode = self.path.stat().st_ino

    # -- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """See what other writers committed since this index was opened."""
        try:
            swapped = self.path.stat().st_ino != self._inode
        except FileNotFoundError:
            return  # another process is swapping a rebuilt index in right now
        if swapped:  # another process rebuilt the index into a new folder
            self._searcher.close()
            self._ix.close()
            self._ix = whoosh_index.open_dir(self.path)
            self._set_searcher(self._ix.searcher())
            self._inode = self.path.stat().st_ino
        elif not self._searcher.up_to_date():
            # A fresh searcher, not Searcher.refresh(): whoosh's reader reuse fails on
            # an index whose previous generation was empty.
            self._searcher.close()
            self._set_searcher(self._ix.searcher())

    def _set_searcher(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._docmap = None  # document numbers change with the searcher

    def _doc_map(self) -> DocMap:
        if self._docmap is None:
            self._docmap = DocMap(self._searcher)
        return self._docmap

    def stamps(self) -> dict[PaperId, str]:
        """Every indexed paper id with its stamp, for consistency checks."""
        return {
            PaperId(int(fields["id"])): str(fields.get("stamp", ""))
            for fields in self._searcher.all_stored_fields()
        }

    def parse(self, text: str) -> Query:
        """Parse the query language; raise QueryError with a readable message when malformed."""
        return self._planner.parse(text)

    def search(
        self,
        text: str,
        *,
        sort: str = "relevance",
        limit: int | None = None,
        include_trashed: bool | None = None,
        within: Iterable[int] | None = None,
    ) -> Hits:
        """Ids of papers matching text, among `within` when given; trashed papers only
        when asked or named (is:trashed). total counts every match, whatever the limit."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(sorted(SORTS))}")
        query = self.parse(text)
        if include_trashed is None:
            include_trashed = "trashed" in text.lower()
        sets = FilterSets(self._conn(), self._planner.tag_tokens)
        plan = self._planner.plan(query, sets, self._doc_map)
        allowed = plan.allowed
        if within is not None:
            allowed = frozenset(within) if allowed is None else allowed & frozenset(within)
        banned = frozenset() if include_trashed else sets.ids("is", "trashed")
        docmap = self._doc_map()
        keep = None if allowed is None else docmap.docs(allowed - banned)
        drop = None if keep is not None or not banned else docmap.docs(banned)
        if plan.text is None:  # filters only: their papers, newest first for "relevance"
            return self._ordered(keep if keep is not None else docmap.docs(()), sort, limit)
        if keep is not None and not len(keep):
            return Hits([], 0)  # Whoosh reads an empty filter as no filter at all
        text_query = prune(plan.text, self._searcher.reader())
        if text_query is None:
            return Hits([], 0)
        if sort != "relevance":
            return self._ordered(self._matching(text_query, keep, drop), sort, limit)
        return self._ranked(text_query, limit, keep, drop)

    def _matching(self, query: Query, keep: Docs | None, drop: Docs | None) -> Docs:
        """Documents matching query among keep (or live ones not in drop), ascending."""
        docmap = self._doc_map()
        if docmap.ranker.supports(query):  # whole posting lists and array operations
            ids = docmap.ranker.matching(query)
            return ids[docmap.allowed(keep, drop)[ids]]
        return docmap.among(sorted(self._searcher.docs_for_query(query)), keep, drop)

    def _ranked(
        self, query: Query, limit: int | None, keep: Docs | None, drop: Docs | None
    ) -> Hits:
        ranker = self._doc_map().ranker
        if ranker.supports(query):
            docnums, total = ranker.rank(query, limit, self._doc_map().allowed(keep, drop))
            return Hits(self._ids(docnums), total)
        keep_set = None if keep is None else set(keep.tolist())
        mask = None if drop is None or not len(drop) else set(drop.tolist())
        results = self._searcher.search(query, limit=limit, filter=keep_set, mask=mask)
        ids = self._ids([results.docnum(i) for i in range(results.scored_length())])
        if limit is None or len(ids) < limit:
            return Hits(ids, len(ids))
        # The top hits are scored with Whoosh's block skipping; the total is a plain count.
        return Hits(ids, len(self._matching(query, keep, drop)))

    def _ordered(self, docs: Docs, sort: str, limit: int | None) -> Hits:
        # Matching without scores plus each document's place in the sort order (kept
        # with the searcher) beats Whoosh's sortedby collector; a sorted list needs no
        # scores.
        ranker = self._doc_map().ranker
        column = _SORT_COLUMN.get(sort, sort)
        return Hits(self._ids(ranker.by_place(docs, column, sort != "title", limit)), len(docs))

    def _ids(self, docnums: Docs | list[int]) -> list[PaperId]:
        return cast(list[PaperId], self._doc_map().papers[docnums].tolist())


__all__ = [
    "INDEX_DIR",
    "SCHEMA_VERSION",
    "SORTS",
    "Hits",
    "IndexBusyError",
    "IndexDamagedError",
    "IndexUnavailableError",
    "QueryError",
    "SearchIndex",
    "document_stamp",
    "paper_flags",
]
