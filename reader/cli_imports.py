"""Command-line side of the import log and of keys: `import --log/--undo` and `rekey`."""

from __future__ import annotations

import argparse
import sys

from reader.core import listing
from reader.core.import_log import imports
from reader.core.library import Library
from reader.core.models import PaperId
from reader.core.plural import plural
from reader.export_sync import sync_saved_exports


def add_import_options(p: argparse.ArgumentParser) -> None:
    """`reader import [FILE|-] [--log | --undo [ID]]`."""
    p.add_argument("file", metavar="FILE|-", nargs="?")
    p.add_argument("--log", action="store_true", help="list past imports, newest first")
    p.add_argument(
        "--undo",
        type=int,
        nargs="?",
        const=0,
        metavar="ID",
        help="undo an import (default: the latest): papers it added go unless you touched "
        "them since, papers it updated get their previous feed fields back",
    )


def add_rekey_options(p: argparse.ArgumentParser) -> None:
    """`reader rekey [QUERY] [--dry-run] [--force]`."""
    p.add_argument("query", nargs="?", default="", help="a search; default: every paper")
    p.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    p.add_argument("--force", action="store_true", help="also change keys already used")


def wants_import_admin(ns: argparse.Namespace) -> bool:
    """True for `import --log` and `import --undo`, which read no file."""
    return bool(getattr(ns, "log", False)) or getattr(ns, "undo", None) is not None


def cmd_import_admin(lib: Library, ns: argparse.Namespace) -> int:
    """`import --log` or `import --undo [ID]`."""
    if ns.log:
        for entry in imports(lib.conn):
            state = f"  undone {entry.undone}" if entry.undone else ""
            print(
                f"{entry.id:>4} {entry.started[:19].replace('T', ' ')}  {entry.source}: "
                f"{entry.new} new, {entry.updated} updated{state}"
            )
        return 0
    report = lib.undo_import(ns.undo or None)
    print(report.summary())
    return 0


def _scope(lib: Library, query: str) -> list[PaperId]:
    """A query's papers (empty: every untrashed paper), as `reader list QUERY` finds them."""
    return listing.list_papers(lib.conn, lib.index, listing.ListRequest(query=query)).ids


def cmd_rekey(lib: Library, ns: argparse.Namespace) -> int:
    """Recompute keys for papers that now have authors and a year; print `old → new`."""
    plan = lib.rekey(_scope(lib, ns.query), force=ns.force, dry_run=ns.dry_run)
    moved = [c for c in plan if ns.force or c.used is None]
    kept = [c for c in plan if not ns.force and c.used is not None]
    for change in moved:
        print(f"{change.old} → {change.new}")
    for change in kept:
        print(f"kept {change.old} (used: {change.used}; --force changes it)", file=sys.stderr)
    verb = "would rekey" if ns.dry_run else "rekeyed"
    print(f"{verb} {plural(len(moved), 'paper', grouped=False)}, {len(kept)} used kept")
    if moved and not ns.dry_run:
        for result in sync_saved_exports(lib):
            state = f"error: {result.error}" if result.error else "rewritten"
            if result.written or result.error:
                print(f"saved export {result.export_id} {result.path}: {state}")
    return 0
