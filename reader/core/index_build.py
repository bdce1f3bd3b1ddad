"""Building a whole search index in one go, in this process or in forked workers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import IndexWriter

from reader.core.index_disk import die_with_parent, parent_pipe
from reader.core.index_schema import SCHEMA_VERSION, document, fast_analyzers
from reader.core.index_writer import BuildWriter
from reader.core.models import Paper

VERSION_FILE = "reader-schema-version"
# Whoosh's posting pool, per writer: its own estimate, which the real Python objects
# exceed about fourfold, so 128 keeps a 100k rebuild near 1 GB (512 took 2.6 GB).
_POOL_MB = 128


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


def create_index(folder: Path, schema: Schema) -> whoosh_index.Index:
    """An empty index in folder, stamped with this version's schema number."""
    ix = whoosh_index.create_in(folder, schema)
    (folder / VERSION_FILE).write_text(str(SCHEMA_VERSION))
    return ix


def build_index(folder: Path, schema: Schema, papers: Iterable[Paper], procs: int) -> int:
    """Write every paper's document into a new index in folder; return the count.

    procs > 1 forks worker processes that die with this one (command line only).
    """
    ix = create_index(folder, schema)
    with parent_pipe() as pipe:
        writer: IndexWriter = (
            _MortalMpWriter(ix, pipe, procs=procs, multisegment=True, limitmb=_POOL_MB)
            if procs > 1
            else BuildWriter(ix, fast_analyzers())
        )
        count = 0
        try:
            for paper in papers:
                writer.add_document(**document(paper))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    ix.close()
    return count
