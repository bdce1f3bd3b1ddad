"""The command line's paper commands: import, list, search, show, star/tag/status/trash, note."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reader import cli_export, cli_rank
from reader.cli_format import paper_json, paper_line, paper_text
from reader.cli_imports import add_import_options, cmd_import_admin, wants_import_admin
from reader.core import listing, queries
from reader.core.import_log import paper_sources
from reader.core.library import Library
from reader.core.models import Paper, Status
from reader.core.plural import plural
from reader.core.subscriptions import find_feed, lookup_failure
from reader.feeds.files import read_feed, read_stream

Add = Callable[..., argparse.ArgumentParser]  # cli.build_parser's add(name, help)


class CliError(Exception):
    """A problem to report in one line and exit 1."""


def add_parsers(add: Add) -> None:
    """The grammar of import, list, search, show, the triage commands and note."""
    add_import_options(add("import", "import a feed file (- for stdin); undo an import"))
    p = add("list", "list papers, optionally matching a query", json_out=True)
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--sort", choices=[*listing.USER_SORTS, listing.FOR_YOU])
    cli_rank.add_list_options(p)
    p.add_argument("--reverse", action="store_true", help="the sort the other way round")
    p.add_argument("--limit", type=cli_export.count)
    p.add_argument("--feed", metavar="NAME", help="only papers this feed brought in")
    cli_export.add_scope_options(p)
    p = add("search", "full-text search, best matches first", json_out=True)
    p.add_argument("query")
    p.add_argument("--sort", choices=listing.USER_SORTS, default="relevance")
    p.add_argument("--reverse", action="store_true", help="the sort the other way round")
    p.add_argument("--limit", type=cli_export.count, default=20)
    cli_export.add_scope_options(p)
    p = add("show", "show one paper", json_out=True)
    p.add_argument("ref", metavar="ID|CITEKEY")
    for name, text in (("star", "star papers"), ("unstar", "unstar papers")):
        add(name, text).add_argument("refs", nargs="+", metavar="ID")
    for name, text in (("trash", "move papers to the trash"), ("restore", "restore from trash")):
        add(name, text).add_argument("refs", nargs="+", metavar="ID")
    for name, text in (("tag", "add tags to a paper"), ("untag", "remove tags from a paper")):
        p = add(name, text)
        p.add_argument("ref", metavar="ID")
        p.add_argument("tags", nargs="+", metavar="TAG")
    p = add("status", "set a paper's reading status")
    p.add_argument("ref", metavar="ID")
    p.add_argument("status", choices=[s.value for s in Status])
    p = add("note", "set a paper's Markdown note from stdin (--print shows it)")
    p.add_argument("ref", metavar="ID")
    p.add_argument("--print", action="store_true", dest="print_note")


def resolve(lib: Library, refs: list[str]) -> list[int]:
    ids: list[int] = []
    for ref in refs:
        paper_id = queries.resolve(lib.conn, ref)
        if paper_id is None:
            raise CliError(f"no paper with id or citation key {ref!r}")
        ids.append(paper_id)
    return ids


def print_papers(papers: list[Paper], as_json: bool, total: int | None = None) -> None:
    if as_json:
        print(json.dumps([paper_json(p) for p in papers], ensure_ascii=False, indent=2))
        return
    for paper in papers:
        print(paper_line(paper))
    if total is not None and total > len(papers):
        print(f"({len(papers)} of {total} shown)", file=sys.stderr)


def cmd_import(lib: Library, ns: argparse.Namespace) -> int:
    if wants_import_admin(ns):
        return cmd_import_admin(lib, ns)
    if ns.file is None:
        raise CliError("import needs FILE (or - for stdin, --log, --undo)")
    if ns.file == "-":
        parsed = read_stream(sys.stdin.buffer, "<stdin>")
        name = "stdin"
    else:
        path = Path(ns.file)
        parsed = read_feed(path)
        name = path.name
    report = lib.import_records(
        parsed.records, f"{parsed.kind}:{name}", kind=parsed.kind, skipped=parsed.skipped
    )
    print(f"{report.summary()} ({parsed.label})")
    if report.revised:
        had = plural(report.revised, "paper", grouped=False)
        verb = "has" if report.revised == 1 else "have"
        print(f"{had} you had read {verb} a new version (search: is:updated)")
    if report.rules:
        changed = plural(report.rules.changed, "paper", grouped=False)
        print(f"{report.rules.label()}: {changed} changed; `reader rule undo` undoes it")
    if report.rules_error:
        print(f"reader: warning: rules did not run: {report.rules_error}", file=sys.stderr)
    for skip in report.skipped:
        print(f"  skipped {skip.where}: {skip.reason}", file=sys.stderr)
    for warning in parsed.warnings:
        print(f"  warning {warning.where}: {warning.reason}", file=sys.stderr)
    for cut in report.cut:
        print(f"  imported {cut.where} with {cut.reason}", file=sys.stderr)
    return 0


def cmd_list(lib: Library, ns: argparse.Namespace) -> int:
    sort = ns.sort or ("relevance" if ns.query.strip() else "date")
    if ns.like and not ns.sort:
        sort = listing.FOR_YOU
    req = cli_export.scope(ns, sort, lib.conn)
    if ns.feed is not None:
        feed = find_feed(lib.conn, ns.feed)
        if feed is None:
            raise CliError(f"no feed named {ns.feed!r}; `reader feed list` shows them")
        req = replace(req, feed=feed.id)
    req = replace(req, like=ns.like)
    cli_rank.prepare(lib, req)
    found = listing.list_papers(lib.conn, lib.index, req)
    print_papers(queries.load_papers(lib.conn, found.ids), ns.json, found.total)
    return 0


def cmd_search(lib: Library, ns: argparse.Namespace) -> int:
    found = listing.list_papers(lib.conn, lib.index, cli_export.scope(ns, ns.sort, lib.conn))
    print_papers(queries.load_papers(lib.conn, found.ids), ns.json, found.total)
    if not found.ids and not ns.json:
        print("no papers match", file=sys.stderr)
    return 0


def cmd_show(lib: Library, ns: argparse.Namespace) -> int:
    (paper,) = queries.load_papers(lib.conn, resolve(lib, [ns.ref]))
    sources = paper_sources(lib.conn, paper.id)
    if ns.json:
        shown = paper_json(paper) | {
            "sources": [{"source": s.source, "kind": s.kind, "date": s.seen} for s in sources],
            "previous_abstract": paper.previous_abstract,
            "lookup_error": lookup_failure(lib.conn, paper.id),
        }
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print(paper_text(paper, sources))
        if reason := lookup_failure(lib.conn, paper.id):
            print(f"Last lookup failed: {reason}")
    return 0


def _report(changes_count: int, verb: str) -> int:
    print(f"{verb} {plural(changes_count, 'paper', grouped=False)}")
    return 0


def cmd_triage(lib: Library, ns: argparse.Namespace) -> int:
    ids = resolve(lib, ns.refs if hasattr(ns, "refs") else [ns.ref])
    command = ns.command
    if command in ("star", "unstar"):
        changes = lib.set_starred(ids, command == "star")
    elif command == "trash":
        changes = lib.trash(ids)
    elif command == "restore":
        changes = lib.restore(ids)
    elif command == "tag":
        changes = lib.add_tags(ids, ns.tags)
    elif command == "untag":
        changes = lib.remove_tags(ids, ns.tags)
    else:
        changes = lib.set_status(ids, Status(ns.status))
    verbs = {
        "star": "starred",
        "unstar": "unstarred",
        "trash": "trashed",
        "restore": "restored",
        "tag": "tagged",
        "untag": "untagged",
        "status": f"set to {getattr(ns, 'status', '')}:",
    }
    return _report(len(changes.ids), verbs[command])


def cmd_note(lib: Library, ns: argparse.Namespace) -> int:
    (paper_id,) = resolve(lib, [ns.ref])
    if ns.print_note:
        (paper,) = queries.load_papers(lib.conn, [paper_id])
        sys.stdout.write(paper.note)
        return 0
    body = sys.stdin.read()
    changes = lib.save_note(paper_id, body)
    print("note saved" if changes else "note unchanged")
    return 0


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "import": cmd_import,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "star": cmd_triage,
    "unstar": cmd_triage,
    "trash": cmd_triage,
    "restore": cmd_triage,
    "tag": cmd_triage,
    "untag": cmd_triage,
    "status": cmd_triage,
    "note": cmd_note,
}
