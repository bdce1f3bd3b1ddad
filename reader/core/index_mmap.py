"""Whoosh's compound segment files read in place from their memory map, never copied whole.

Whoosh maps each segment file (mmap) and hands out its parts (terms, postings, columns)
as BufferFile objects, whose constructor copies the part into a BytesIO: every opened
reader held a private copy of the whole segment, and the copy touched every mapped page
too (at 20k papers ~110 MiB per opened index, twice that while the writer has its own).
MappedFile reads the same bytes through the map: only the pages a search touches are
resident, they are shared by every reader of the file, and the kernel may drop them.
"""

from __future__ import annotations

import os

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class _ViewReader:
    """A read-only, seekable file over a memoryview (what BytesIO is, without the copy)."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(end, start)
        return bytes(self._view[start:end])

    def readinto(self, target: bytearray | memoryview) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        found = bytes(self._view[start:end]).find(b"\n")  # pickles: short lines only
        self._pos = end if found < 0 else start + found + 1
        return bytes(self._view[start : self._pos])

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view = memoryview(b"")

    def flush(self) -> None:
        return None


class MappedFile(BufferFile):
    """A part of a mapped segment file: reads slice the map; nothing is copied up front."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: object = None):
        self._buf = buf if isinstance(buf, memoryview) else memoryview(buf)
        self._name = name
        self.file = _ViewReader(self._buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._buf[position : position + length], name=name or self._name)


def install() -> None:
    """Make Whoosh's compound storage hand out MappedFile parts (idempotent)."""
    compound.BufferFile = MappedFile


install()
