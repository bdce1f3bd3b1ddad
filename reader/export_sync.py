"""Running exports against a library: papers for a scope, verified text, atomic files.

The one place exports are rendered and written, for the CLI, the window and saved exports;
the exporters themselves (reader.export) stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from reader.core import queries, saved_exports
from reader.core.library import Library
from reader.core.listing import ListRequest, as_query, list_papers
from reader.core.models import Paper
from reader.core.queries import SavedExport
from reader.export import export_papers, verify, write_atomic

# What to export: a listing request, a saved query (empty = every untrashed paper),
# or hand-picked paper ids.
Scope = ListRequest | str | tuple[int, ...]


def papers_for(lib: Library, scope: Scope, fmt: str) -> list[Paper]:
    """Papers in scope, in export order.

    Bibliographies are ordered by citation key so a kept-up-to-date .bib diffs cleanly;
    the Markdown reading list keeps the newest first (hand-picked papers: as picked).
    """
    if isinstance(scope, tuple):
        ids = list(scope)
    else:
        req = ListRequest(query=scope) if isinstance(scope, str) else scope
        if req.query.strip():
            lib.sync_index(wait=False)  # the window defers it: search what SQLite holds
        ids = list(list_papers(lib.conn, lib.index, replace(req, sort="date", descending=None)).ids)
    papers = queries.load_papers(lib.conn, ids)
    if fmt != "markdown":
        papers.sort(key=lambda p: (p.citekey.casefold(), p.citekey))
    return papers


def render(lib: Library, scope: Scope, fmt: str, include_notes: bool = False) -> tuple[str, int]:
    """Exported and re-parsed text for a scope, with the number of papers in it.

    A Markdown reading list always carries the notes; elsewhere they are opt-in.
    """
    text, papers = _rendered(lib, scope, fmt, include_notes)
    return text, len(papers)


def _rendered(lib: Library, scope: Scope, fmt: str, include_notes: bool) -> tuple[str, list[Paper]]:
    papers = papers_for(lib, scope, fmt)
    text = export_papers(papers, fmt, include_notes=include_notes or fmt == "markdown")
    verify(text, fmt, papers)
    return text, papers


def _keys_used(lib: Library, papers: list[Paper], fmt: str, path: Path) -> None:
    # Keys in a kept-up-to-date bibliography are cited somewhere: rekey leaves them alone.
    if fmt != "markdown" and papers:
        lib.record_key_use([p.id for p in papers], f"saved export {path}")


def export_to_file(
    lib: Library, scope: Scope, fmt: str, path: Path, include_notes: bool, keep: bool = False
) -> tuple[int, int | None]:
    """Render, verify and write atomically; with keep, remember it as a saved export.

    Returns the number of papers and the saved export's id (None unless kept).
    """
    query: str | None = None
    if keep:
        if isinstance(scope, tuple):
            raise ValueError("hand-picked papers cannot be kept up to date; export a search")
        query = scope if isinstance(scope, str) else as_query(scope)
    text, papers = _rendered(lib, scope, fmt, include_notes)
    write_atomic(path, text)
    if query is None:
        return len(papers), None
    saved_id = saved_exports.add(lib, query, fmt, path, include_notes)
    saved_exports.record_result(lib, saved_id, None)
    _keys_used(lib, papers, fmt, path)
    return len(papers), saved_id


@dataclass(frozen=True)
class SyncResult:
    """What refreshing one saved export did."""

    export_id: int
    path: str
    papers: int
    written: bool
    error: str | None = None


def write_saved(lib: Library, saved: SavedExport, *, force: bool = False) -> SyncResult:
    """Rewrite one saved export if its text changed (always with force); record the outcome.

    Never raises: a broken export (bad query, ExportError, unwritable file) is reported.
    """
    path = Path(saved.path)
    try:
        text, papers = _rendered(lib, saved.query, saved.format, saved.include_notes)
        old = None if force or not path.exists() else path.read_text(encoding="utf-8")
        written = old != text
        if written:
            write_atomic(path, text)
            _keys_used(lib, papers, saved.format, path)
    except OSError as exc:  # the folder is gone, read-only, or the disk is full
        return _failed(lib, saved, f"cannot write: {exc.strerror or exc}")
    except Exception as exc:  # one broken export must not stop the rest
        return _failed(lib, saved, str(exc))
    saved_exports.record_result(lib, saved.id, None)
    return SyncResult(saved.id, saved.path, len(papers), written)


def sync_saved_exports(lib: Library, only: int | None = None) -> list[SyncResult]:
    """Rewrite every saved export whose content changed, or just `only`, forced."""
    return [
        write_saved(lib, saved, force=only is not None)
        for saved in queries.saved_exports(lib.conn)
        if only is None or saved.id == only
    ]


def _failed(lib: Library, saved: SavedExport, why: str) -> SyncResult:
    saved_exports.record_result(lib, saved.id, why)
    return SyncResult(saved.id, saved.path, 0, False, why)
