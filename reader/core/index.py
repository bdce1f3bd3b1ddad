"""SearchIndex: the Whoosh full-text index, a cache of SQLite that can always be rebuilt.

This is the only module that imports whoosh.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import IDAnalyzer, SimpleAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser
from whoosh.query import And, Query, Term
from whoosh.searching import Searcher
from whoosh.util.filelock import try_for
from whoosh.writing import IndexWriter

from reader.core.index_disk import die_with_parent, parent_pipe, remove_path, repair_lock
from reader.core.models import Paper, PaperId
from reader.core.query_syntax import DEFAULT_FIELDS, FIELD_ALIASES, QueryError, validate

SCHEMA_VERSION = 1
INDEX_DIR = "index"
_VERSION_FILE = "reader-schema-version"
_REBUILD_MARK = "reader-needs-rebuild"

_TRASHED = Term("is", "trashed")
SORTS = {"relevance", "date", "title", "added"}


class IndexUnavailableError(RuntimeError):
    """The index cannot be opened and may not be rebuilt (a read-only library)."""


class IndexBusyError(RuntimeError):
    """Another process is writing the index right now."""


class IndexDamagedError(RuntimeError):
    """The index on disk cannot be read; a writer replaces it and rebuilds from SQLite."""


class _MortalTask(SubWriterTask):
    """A whoosh index worker that exits when the process that forked it dies."""

    pipe: tuple[int, int] = (-1, -1)

    def run(self) -> None:
        die_with_parent(*self.pipe)
        super().run()


class _MortalMpWriter(MpWriter):
    """whoosh's multi-process writer, with workers that never outlive this process."""

    def __init__(self, ix: whoosh_index.Index, pipe: tuple[int, int], **kwargs: object) -> None:
        self._pipe = pipe
        super().__init__(ix, **kwargs)

    def _new_task(self) -> SubWriterTask:
        task = _MortalTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.pipe = self._pipe
        self.tasks.append(task)
        task.start()
        return task


@dataclass(frozen=True)
class Hits:
    """Paper ids matching a query, best first (or in the requested sort order)."""

    ids: list[PaperId]
    total: int


# Whoosh-reloaded's default token pattern keeps '*' inside words (so "**bold**" in a
# Markdown note would never match "bold"); wildcards are handled by the query parser.
_WORDS = r"\w+(\.?\w+)*"


def _schema() -> Schema:
    stem = StemmingAnalyzer(expression=_WORDS)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stem, field_boost=3.0),
        abstract=TEXT(analyzer=stem),
        author=TEXT(analyzer=SimpleAnalyzer(expression=_WORDS)),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        note=TEXT(analyzer=stem),
        citekey=ID(analyzer=IDAnalyzer(lowercase=True)),
        status=ID(),
        **{"is": KEYWORD(lowercase=True)},
        year=NUMERIC(int, bits=32),
        date=ID(sortable=True),
        added=ID(sortable=True),
        sort_title=ID(sortable=True),
        stamp=STORED(),
    )


def paper_flags(paper: Paper) -> list[str]:
    """The words `is:` matches for a paper."""
    flags = [paper.status.value, "starred" if paper.starred else "unstarred"]
    if paper.trashed:
        flags.append("trashed")
    if paper.note.strip():
        flags.append("noted")
    if paper.tags:
        flags.append("tagged")
    if paper.revised:
        flags.append("updated")  # a new version since the user engaged with it
    if paper.pending:
        flags.append("pending")  # an identifier awaiting lookup
    return flags


def _document(paper: Paper) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": str(paper.id),
        "title": paper.title,
        "abstract": paper.abstract,
        "author": " ; ".join(a.name for a in paper.authors),
        "tag": ",".join(paper.tags),
        "note": paper.note,
        "citekey": paper.citekey,
        "status": paper.status.value,
        "is": " ".join(paper_flags(paper)),
        "date": paper.date or "",
        "added": paper.added,
        "sort_title": paper.title.casefold(),
    }
    if paper.year is not None:
        doc["year"] = paper.year
    doc["stamp"] = stamp(doc)
    return doc


def stamp(doc: dict[str, object]) -> str:
    """A digest of everything indexed for one paper, to spot stale documents."""
    text = "\x1f".join(f"{k}={doc[k]}" for k in sorted(doc) if k != "stamp")
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def document_stamp(paper: Paper) -> str:
    """The stamp the index should hold for this paper."""
    return str(_document(paper)["stamp"])


class SearchIndex:
    """A Whoosh index in `<library>/index`, opened or created (and rebuilt when stale)."""

    def __init__(
        self, library_folder: Path, *, readonly: bool = False, repair: bool = True
    ) -> None:
        """Open the index. A missing, damaged or outdated one is replaced by an empty index
        marked for rebuilding when repair is true (writers), else IndexDamagedError.
        readonly opens an existing index for searching only: nothing is created, rebuilt
        or locked (for a library in a folder that cannot be written)."""
        self.path = library_folder / INDEX_DIR
        self.schema = _schema()
        self.needs_rebuild = False
        self.replaced_because: str | None = None  # why an unreadable index was replaced
        if readonly:
            self._ix = self._open_readonly()
            self._searcher = self._ix.searcher()
        else:
            self._ix, self._searcher = self._open(repair)
        self._inode = self.path.stat().st_ino
        self._parser = MultifieldParser(DEFAULT_FIELDS, self.schema)
        self._parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self._parser.add_plugin(GtLtPlugin())
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
                if self.path.exists() or self.path.is_symlink():
                    self.replaced_because = str(exc) or type(exc).__name__
                remove_path(self.path)
            self.path.mkdir(parents=True)
            ix = whoosh_index.create_in(self.path, self.schema)
            (self.path / _VERSION_FILE).write_text(str(SCHEMA_VERSION))
            # The mark outlives this process: a rebuild killed halfway is redone next time.
            (self.path / _REBUILD_MARK).touch()
            self.needs_rebuild = True
            return ix, ix.searcher()

    def _open_existing(self) -> tuple[whoosh_index.Index, Searcher]:
        if (self.path / _VERSION_FILE).read_text().strip() != str(SCHEMA_VERSION):
            raise IndexDamagedError("the search index was written by another version")
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
        version_file = self.path / _VERSION_FILE
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
        """Release the searcher and the index files."""
        self._searcher.close()
        self._ix.close()

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
                writer.update_document(**_document(paper))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.refresh()
        return count

    def rebuild(self, papers: Iterable[Paper], *, procs: int = 1) -> int:
        """Replace the whole index with documents for the given papers.

        The new index is built beside the live one and swapped in, so readers keep
        working meanwhile and a crash mid-build leaves the old index in place; nothing
        of the old index is read. procs > 1 forks worker processes that die with this
        one: for the command line, not for a process with Qt threads.
        """
        guard = self._ix.lock("WRITELOCK")  # hold the live index's lock: no writer slips in
        if not try_for(guard.acquire, timeout=5.0):
            raise IndexBusyError("the search index is being written by another process")
        fresh = self.path.with_name(INDEX_DIR + ".new")
        try:
            remove_path(fresh)
            fresh.mkdir()
            count = self._build(fresh, papers, procs)
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

    def _build(self, folder: Path, papers: Iterable[Paper], procs: int) -> int:
        ix = whoosh_index.create_in(folder, self.schema)
        (folder / _VERSION_FILE).write_text(str(SCHEMA_VERSION))
        with parent_pipe() as pipe:
            writer: IndexWriter = (
                _MortalMpWriter(ix, pipe, procs=procs, multisegment=True, limitmb=512)
                if procs > 1
                else ix.writer(limitmb=512)
            )
            count = 0
            try:
                for paper in papers:
                    writer.add_document(**_document(paper))
                    count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        ix.close()
        return count

    def _swap_in(self, fresh: Path) -> None:
        old = self.path.with_name(INDEX_DIR + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        fresh.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._ix = whoosh_index.open_dir(self.path)
        self._searcher = self._ix.searcher()
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
            self._searcher = self._ix.searcher()
            self._inode = self.path.stat().st_ino
        elif not self._searcher.up_to_date():
            # A fresh searcher, not Searcher.refresh(): whoosh's reader reuse fails on
            # an index whose previous generation was empty.
            self._searcher.close()
            self._searcher = self._ix.searcher()

    def stamps(self) -> dict[PaperId, str]:
        """Every indexed paper id with its stamp, for consistency checks."""
        return {
            PaperId(int(fields["id"])): str(fields.get("stamp", ""))
            for fields in self._searcher.all_stored_fields()
        }

    def parse(self, text: str) -> Query:
        """Parse the query language; raise QueryError with a readable message when malformed."""
        validate(text)
        return self._parser.parse(text)

    def search(
        self,
        text: str,
        *,
        sort: str = "relevance",
        limit: int | None = None,
        include_trashed: bool | None = None,
    ) -> Hits:
        """Ids of papers matching text; trashed papers only when asked or named (is:trashed)."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(sorted(SORTS))}")
        query = self.parse(text)
        if include_trashed is None:
            include_trashed = "trashed" in text.lower()
        # Trashed papers are dropped after the search rather than with Whoosh's mask,
        # which re-scans the mask set for every match; the trash is small.
        trashed = set() if include_trashed else self._trashed_docnums()
        if sort != "relevance":
            return self._sorted(query, sort, limit, trashed)
        results = self._searcher.search(
            query, limit=None if limit is None else limit + len(trashed)
        )
        docnums = [results.docnum(i) for i in range(results.scored_length())]
        ids = self._ids([d for d in docnums if d not in trashed][:limit])
        if limit is None or len(ids) < limit:
            return Hits(ids, len(ids))
        # Counting every match of a limited search costs as much as the search itself;
        # Whoosh's estimate is exact for single-term queries and close otherwise. Only
        # the trashed papers that match come off it (the trash is small).
        trashed_hits = sum(1 for _ in self._searcher.docs_for_query(And([query, _TRASHED])))
        return Hits(ids, max(len(ids), results.estimated_length() - trashed_hits))

    def _sorted(self, query: Query, sort: str, limit: int | None, trashed: set[int]) -> Hits:
        # Unscored matching plus a sort on the column is ~4x faster than Whoosh's
        # sortedby collector, and a sorted list needs no scores.
        docnums = [d for d in self._searcher.docs_for_query(query) if d not in trashed]
        column = self._searcher.reader().column_reader("sort_title" if sort == "title" else sort)
        docnums.sort(key=column.__getitem__, reverse=sort != "title")
        return Hits(self._ids(docnums[:limit]), len(docnums))

    def _ids(self, docnums: list[int]) -> list[PaperId]:
        column = self._searcher.reader().column_reader("id")
        return [PaperId(int(column[d])) for d in docnums]

    def _trashed_docnums(self) -> set[int]:
        return set(self._searcher.docs_for_query(_TRASHED))
