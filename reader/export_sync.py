"""Running exports against a library: papers for a scope, verified text, atomic files.

Shared by the CLI and the GUI; the exporters themselves (reader.export) stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core import queries
from reader.core.library import Library
from reader.core.models import Paper
from reader.export import export_papers, verify, write_atomic


def papers_for(lib: Library, query: str, fmt: str) -> list[Paper]:
    """Papers in scope: a search (empty = every paper not in the trash).

    Bibliographies are ordered by citation key so a kept-up-to-date .bib diffs cleanly;
    the Markdown reading list keeps the newest first.
    """
    if query.strip():
        ids = lib.index.search(query, sort="date").ids
    else:
        ids = queries.view_ids(lib.conn, "all", sort="date")
    papers = queries.load_papers(lib.conn, ids)
    if fmt != "markdown":
        papers.sort(key=lambda p: (p.citekey.casefold(), p.citekey))
    return papers


def render(lib: Library, query: str, fmt: str, include_notes: bool = False) -> tuple[str, int]:
    """Exported and re-parsed text for a scope, with the number of papers in it.

    A Markdown reading list always carries the notes; elsewhere they are opt-in.
    """
    papers = papers_for(lib, query, fmt)
    text = export_papers(papers, fmt, include_notes=include_notes or fmt == "markdown")
    verify(text, fmt, papers)
    return text, len(papers)


@dataclass(frozen=True)
class SyncResult:
    """What refreshing one saved export did."""

    export_id: int
    path: str
    papers: int
    written: bool
    error: str | None = None


def sync_saved_exports(lib: Library) -> list[SyncResult]:
    """Rewrite every saved export whose content changed; record errors without raising."""
    results = []
    for saved in queries.saved_exports(lib.conn):
        path = Path(saved.path)
        try:
            text, count = render(lib, saved.query, saved.format, saved.include_notes)
            old = path.read_text(encoding="utf-8") if path.exists() else None
            written = old != text
            if written:
                write_atomic(path, text)
            lib.record_export_result(saved.id, None)
            results.append(SyncResult(saved.id, saved.path, count, written))
        except OSError as exc:  # the folder is gone, read-only, or the disk is full
            _failed(lib, results, saved.id, saved.path, f"cannot write: {exc.strerror or exc}")
        except (
            Exception
        ) as exc:  # one broken export (bad query, ExportError) must not stop the rest
            _failed(lib, results, saved.id, saved.path, str(exc))
    return results


def _failed(lib: Library, results: list[SyncResult], export_id: int, path: str, why: str) -> None:
    lib.record_export_result(export_id, why)
    results.append(SyncResult(export_id, path, 0, False, why))
