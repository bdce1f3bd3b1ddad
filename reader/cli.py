"""The command line: import, list, search, show, triage, notes, reindex, check."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

from reader import __version__, cli_backup, cli_export, cli_net
from reader.cli_format import paper_json, paper_line, paper_text
from reader.cli_imports import (
    add_import_options,
    add_rekey_options,
    cmd_import_admin,
    cmd_rekey,
    wants_import_admin,
)
from reader.core import backup, listing, queries
from reader.core.backup import BackupError
from reader.core.db import DB_NAME, DamagedLibraryError, LibraryError, readonly_reason
from reader.core.import_log import UndoError, paper_sources
from reader.core.index import IndexUnavailableError, QueryError
from reader.core.library import Library
from reader.core.models import Paper, Status
from reader.core.subscriptions import SubscriptionError, find_feed, lookup_failure
from reader.export import ExportError
from reader.feeds.errors import FeedError
from reader.feeds.files import read_feed, read_stream
from reader.net.config import ConfigError
from reader.net.gate import Cancelled


class CliError(Exception):
    """A problem to report in one line and exit 1."""


def default_library() -> Path:
    """--library, else $READER_LIBRARY, else the platform's user data folder."""
    env = os.environ.get("READER_LIBRARY")
    return Path(env) if env else Path(platformdirs.user_data_dir("reader", appauthor=False))


@dataclass(frozen=True)
class GuiOptions:
    """What `reader [gui]` was asked to do."""

    library: Path
    screenshot: Path | None = None
    select: str | None = None
    query: str | None = None


def _common() -> argparse.ArgumentParser:
    # On subcommands the defaults are SUPPRESS so an option given before the command
    # name is not overwritten by the subparser's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", type=Path, default=argparse.SUPPRESS, metavar="PATH")
    return common


def _json_flag() -> argparse.ArgumentParser:
    flag = argparse.ArgumentParser(add_help=False)
    flag.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    return flag


def build_parser() -> argparse.ArgumentParser:
    """The whole argument grammar."""
    parser = argparse.ArgumentParser(
        prog="reader", description="Reader: a keyboard-first reading list for research papers."
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--library", type=Path, metavar="PATH", help="library folder")
    parser.add_argument("--json", action="store_true", help="print papers as JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common, js = _common(), _json_flag()

    def add(name: str, help_text: str, *, json_out: bool = False) -> argparse.ArgumentParser:
        parents = [common, js] if json_out else [common]
        return sub.add_parser(name, help=help_text, parents=parents, description=help_text)

    p = add("gui", "open the main window (the default)")
    p.add_argument("--screenshot", type=Path, metavar="OUT.png")
    p.add_argument("--select", metavar="CITEKEY")
    p.add_argument("--query", metavar="Q")
    add_import_options(add("import", "import a feed file (- for stdin); undo an import"))
    p = add("list", "list papers, optionally matching a query", json_out=True)
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--sort", choices=["date", "title", "added", "relevance"])
    p.add_argument("--limit", type=cli_export.count)
    p.add_argument("--feed", metavar="NAME", help="only papers this feed brought in")
    cli_export.add_scope_options(p)
    p = add("search", "full-text search, best matches first", json_out=True)
    p.add_argument("query")
    p.add_argument("--sort", choices=["relevance", "date", "title", "added"], default="relevance")
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
    cli_export.add_parsers(add)
    add_rekey_options(add("rekey", "recompute citation keys of papers that now have authors"))
    cli_net.add_parsers(add)
    cli_backup.add_parser(sub, common)
    add("reindex", "rebuild the search index from the database")
    add("check", "check the database and its agreement with the search index")
    return parser


def wants_gui(args: list[str]) -> bool:
    """True for `reader`, `reader --library X` and `reader gui ...`."""
    rest = [a for a in args if a not in ("--json",)]
    positional = []
    skip = False
    for arg in rest:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif not arg.startswith("--library="):
            positional.append(arg)
    return not positional or positional[0] == "gui"


def parse_gui_args(args: list[str]) -> GuiOptions:
    """GuiOptions from `reader [gui] [options]`."""
    if "gui" not in args:
        args = [*args, "gui"]
    ns = build_parser().parse_args(args)
    return GuiOptions(
        library=ns.library or default_library(),
        screenshot=getattr(ns, "screenshot", None),
        select=getattr(ns, "select", None),
        query=getattr(ns, "query", None),
    )


def _resolve(lib: Library, refs: list[str]) -> list[int]:
    ids: list[int] = []
    for ref in refs:
        paper_id = queries.resolve(lib.conn, ref)
        if paper_id is None:
            raise CliError(f"no paper with id or citation key {ref!r}")
        ids.append(paper_id)
    return ids


def _print_papers(papers: list[Paper], as_json: bool, total: int | None = None) -> None:
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
        print(f"{report.revised} papers you had read have a new version (search: is:updated)")
    for skip in report.skipped:
        print(f"  skipped {skip.where}: {skip.reason}", file=sys.stderr)
    for warning in parsed.warnings:
        print(f"  warning {warning.where}: {warning.reason}", file=sys.stderr)
    for cut in report.cut:
        print(f"  imported {cut.where} with {cut.reason}", file=sys.stderr)
    return 0


def cmd_list(lib: Library, ns: argparse.Namespace) -> int:
    sort = ns.sort or ("relevance" if ns.query.strip() else "date")
    req = cli_export.scope(ns, sort)
    if ns.feed is not None:
        feed = find_feed(lib.conn, ns.feed)
        if feed is None:
            raise CliError(f"no feed named {ns.feed!r}; `reader feed list` shows them")
        req = replace(req, feed=feed.id)
    found = listing.list_papers(lib.conn, lib.index, req)
    _print_papers(queries.load_papers(lib.conn, found.ids), ns.json, found.total)
    return 0


def cmd_search(lib: Library, ns: argparse.Namespace) -> int:
    found = listing.list_papers(lib.conn, lib.index, cli_export.scope(ns, ns.sort))
    _print_papers(queries.load_papers(lib.conn, found.ids), ns.json, found.total)
    if not found.ids and not ns.json:
        print("no papers match", file=sys.stderr)
    return 0


def cmd_show(lib: Library, ns: argparse.Namespace) -> int:
    (paper,) = queries.load_papers(lib.conn, _resolve(lib, [ns.ref]))
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
    print(f"{verb} {changes_count} paper{'s' if changes_count != 1 else ''}")
    return 0


def cmd_triage(lib: Library, ns: argparse.Namespace) -> int:
    ids = _resolve(lib, ns.refs if hasattr(ns, "refs") else [ns.ref])
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
    (paper_id,) = _resolve(lib, [ns.ref])
    if ns.print_note:
        (paper,) = queries.load_papers(lib.conn, [paper_id])
        sys.stdout.write(paper.note)
        return 0
    body = sys.stdin.read()
    changes = lib.save_note(paper_id, body)
    print("note saved" if changes else "note unchanged")
    return 0


def cmd_reindex(lib: Library, ns: argparse.Namespace) -> int:
    print(f"indexed {lib.reindex()} papers")
    return 0


def cmd_check(lib: Library, ns: argparse.Namespace) -> int:
    problems = lib.check()
    for problem in problems:
        print(f"problem: {problem}")
    count = queries.paper_count(lib.conn)
    print(f"{count} papers; " + ("ok" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


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
    **cli_export.COMMANDS,
    "rekey": cmd_rekey,
    "reindex": cmd_reindex,
    "check": cmd_check,
    **cli_net.COMMANDS,
}
# Commands that may start a library in a folder that has none yet.
_CREATES_LIBRARY = ("import", "feed", "add")


# Commands that change the library (note only without --print, export only with --save).
WRITES = {"import", "star", "unstar", "trash", "restore", "tag", "untag", "status"}
WRITES |= {"export-sync", "export-remove", "reindex", "rekey", "add"}


def _writes(ns: argparse.Namespace) -> bool:
    if ns.command == "note":
        return not ns.print_note
    if ns.command == "import" and ns.log:
        return False
    if ns.command == "rekey":
        return not ns.dry_run
    if ns.command == "feed":
        return ns.feed_command != "list"
    if ns.command == "export":
        return bool(ns.save)
    return ns.command in WRITES


def _say_index_repair(why: str) -> None:
    print(
        f"reader: the search index could not be read ({why}); rebuilding it from the database",
        file=sys.stderr,
    )


def _database_problem(folder: Path, exc: sqlite3.DatabaseError) -> str:
    # A full disk, a read-only file or a lock is not damage: the transaction was rolled
    # back, nothing changed, and no backup is needed.
    if getattr(exc, "sqlite_errorname", "").startswith(_NOT_DAMAGE):
        return f"could not write the library in {folder} ({exc}); nothing was changed"
    good = backup.newest_good_backup(folder)
    hint = f"; the newest good backup is {good.path} ({good.describe()})" if good else ""
    return f"the library database in {folder} is damaged: {exc}{hint}"


_NOT_DAMAGE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_BUSY")


def main(argv: list[str]) -> int:
    """Run one command; print errors in one line and return the exit status."""
    ns = build_parser().parse_args(argv)
    if ns.command is None or ns.command == "gui":
        build_parser().print_help()
        return 2
    folder = ns.library or default_library()
    try:
        if ns.command == "backup":
            return cli_backup.run(folder, ns)
        creates = ns.command in _CREATES_LIBRARY and not wants_import_admin(ns)
        if not creates and not (folder / DB_NAME).exists():
            print(
                f"reader: no library at {folder} yet; start with `reader import FILE`"
                " (or run `reader` to open the window with the sample feed)",
                file=sys.stderr,
            )
            return 1
        return _run(folder, ns)
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: the reader went away, nothing to report
        return 0
    except cli_net.UsageError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except cli_net.Failed:
        return 1  # what failed is already on stderr
    except (Cancelled, KeyboardInterrupt):
        print("reader: interrupted; what was fetched before is kept", file=sys.stderr)
        return 130
    except DamagedLibraryError as exc:
        print(f"reader: {exc}{cli_backup.restore_hint(exc)}", file=sys.stderr)
        return 1
    except (CliError, FeedError, QueryError, LibraryError, ExportError, UndoError, OSError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except (SubscriptionError, ConfigError, BackupError, IndexUnavailableError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        print(f"reader: {_database_problem(folder, exc)}", file=sys.stderr)
        return 1


def _run(folder: Path, ns: argparse.Namespace) -> int:
    readonly = readonly_reason(folder)
    if readonly and _writes(ns):
        raise CliError(f"the library is read-only ({readonly}); `{ns.command}` changes it: refused")
    # A command-line process has no Qt threads, so index rebuilds may fork workers.
    procs = min(4, os.cpu_count() or 1)
    with Library(
        folder,
        readonly=readonly is not None,
        index_procs=procs,
        on_index_repair=_say_index_repair,
    ) as lib:
        if readonly is None:
            _daily_backup(lib)
        return COMMANDS[ns.command](lib, ns)


def _daily_backup(lib: Library) -> None:
    try:
        lib.daily_backup()  # quietly: `reader backup list` shows it
    except BackupError as exc:  # reading or writing the library still works without it
        print(f"reader: warning: today's backup failed: {exc}", file=sys.stderr)
