"""`reader export`, `export-sync`, `export-list`, `export-remove`, and the scope options
(--view, --tag) that list, search and export share."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from reader.cli_net import UsageError
from reader.core import listing, queries, saved_exports
from reader.core.library import Library
from reader.core.plural import plural
from reader.export import FORMATS, ExportError
from reader.export_sync import export_to_file, render, sync_saved_exports

Add = Callable[..., argparse.ArgumentParser]  # cli.build_parser's add(name, help)


def count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_scope_options(p: argparse.ArgumentParser) -> None:
    """--view and --tag."""
    views = ", ".join(v.key for v in listing.VIEWS)
    p.add_argument(
        "--view",
        default="all",
        metavar="VIEW",
        help=f"only papers in this view ({views}, or a smart view's name: `reader view list`)",
    )
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only papers with TAG (repeat)"
    )


def scope(ns: argparse.Namespace, sort: str, conn: sqlite3.Connection) -> listing.ListRequest:
    """The listing request the options describe (--view: a built-in or a smart view)."""
    limit = getattr(ns, "limit", None)
    flip = not listing.natural_descending(sort) if getattr(ns, "reverse", False) else None
    view, smart = ns.view, None
    if view not in listing.VIEW:
        smart = listing.smart_view(conn, view)
        if smart is None:
            known = [v.key for v in listing.VIEWS] + [v.name for v in listing.smart_views(conn)]
            raise UsageError(f"no view named {view!r}; use one of {', '.join(known)}")
        view = "all"
    return listing.ListRequest(view, tuple(ns.tag), ns.query, sort, flip, limit=limit, smart=smart)


def add_parsers(add: Add) -> None:
    """The export commands' grammar."""
    p = add("export", "export a bibliography or reading list (stdout without -o)")
    p.add_argument("--format", "-f", dest="fmt", default="bibtex", metavar="FORMAT")
    p.add_argument("--query", "-q", default="", help="a search; default: every paper")
    add_scope_options(p)
    p.add_argument("-o", "--output", type=Path, metavar="FILE")
    p.add_argument("--notes", action="store_true", help="include notes (BibTeX: annote)")
    p.add_argument("--save", action="store_true", help="keep FILE up to date from now on")
    add("export-sync", "rewrite every saved export whose papers changed")
    add("export-list", "list saved exports")
    add("export-remove", "forget a saved export (the file stays)").add_argument(
        "export_id", type=int, metavar="ID"
    )


def cmd_export(lib: Library, ns: argparse.Namespace) -> int:
    if ns.fmt not in FORMATS:
        raise ExportError(f"unknown format {ns.fmt!r}; use one of {', '.join(FORMATS)}")
    if ns.save and ns.output is None:
        raise ExportError("--save needs -o FILE: the file to keep up to date")
    request = scope(ns, "date", lib.conn)
    if ns.output is None:
        sys.stdout.write(render(lib, request, ns.fmt, ns.notes)[0])
        return 0
    count, export_id = export_to_file(lib, request, ns.fmt, ns.output, ns.notes, ns.save)
    print(f"exported {plural(count, 'paper', grouped=False)} to {ns.output}")
    if export_id is not None:
        print(f"saved as export {export_id}: rewritten whenever its papers change")
    return 0


def cmd_export_sync(lib: Library, ns: argparse.Namespace) -> int:
    results = sync_saved_exports(lib)
    for r in results:
        state = f"error: {r.error}" if r.error else ("written" if r.written else "up to date")
        print(f"{r.export_id:>3} {r.path}: {plural(r.papers, 'paper', grouped=False)}, {state}")
    if not results:
        print("no saved exports (create one with: reader export -o FILE --save)")
    return 1 if any(r.error for r in results) else 0


def cmd_export_list(lib: Library, ns: argparse.Namespace) -> int:
    for saved in queries.saved_exports(lib.conn):
        shown = saved.query or "(all papers)"
        print(f"{saved.id:>3} {saved.format:<11} {shown:<24} {saved.path}")
        if saved.last_error:
            print(f"    last error: {saved.last_error}")
    return 0


def cmd_export_remove(lib: Library, ns: argparse.Namespace) -> int:
    if not saved_exports.remove(lib, ns.export_id):
        raise ExportError(f"no saved export {ns.export_id}")
    print(f"forgot export {ns.export_id}")
    return 0


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "export": cmd_export,
    "export-sync": cmd_export_sync,
    "export-list": cmd_export_list,
    "export-remove": cmd_export_remove,
}
