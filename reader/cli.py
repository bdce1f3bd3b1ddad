"""The command line: the grammar, the dispatch, one-line errors; reindex and check."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from reader import __version__, cli_backup, cli_export, cli_net, cli_papers, cli_rank, cli_rules
from reader.cli_imports import add_rekey_options, cmd_rekey, wants_import_admin
from reader.cli_papers import CliError
from reader.core import backup, health, queries
from reader.core.backup import BackupError
from reader.core.db import DB_NAME, DamagedLibraryError, LibraryError, readonly_reason
from reader.core.import_log import UndoError
from reader.core.index import IndexUnavailableError, QueryError
from reader.core.library import Library
from reader.core.plural import plural
from reader.core.rules import RuleError
from reader.core.subscriptions import SubscriptionError
from reader.export import ExportError
from reader.feeds.errors import FeedError
from reader.net.config import ConfigError
from reader.net.gate import Cancelled


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
    theme: str | None = None  # this run only: system, light or dark
    run_command: str | None = None  # with --screenshot: run this command, save its dialog
    commands: tuple[str, ...] = ()


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
    p.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="this run's theme, not remembered (screenshots: light unless given)",
    )
    p.add_argument(
        "--run-command", metavar="ID", help="with --screenshot: run a command, save its dialog"
    )
    p.add_argument(
        "--command",
        action="append",
        default=[],
        metavar="ID",
        help="run a command (as in the palette, e.g. view.for_you) once the list is shown",
    )
    cli_papers.add_parsers(add)
    cli_export.add_parsers(add)
    add_rekey_options(add("rekey", "recompute citation keys of papers that now have authors"))
    cli_net.add_parsers(add)
    cli_rules.add_parsers(add)
    cli_rank.add_parsers(add)
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
        theme=getattr(ns, "theme", None),
        run_command=getattr(ns, "run_command", None),
        commands=tuple(getattr(ns, "command", ())),
    )


def cmd_reindex(lib: Library, ns: argparse.Namespace) -> int:
    print(f"indexed {plural(lib.reindex(), 'paper', grouped=False)}")
    return 0


def cmd_check(lib: Library, ns: argparse.Namespace) -> int:
    problems = health.check(lib)
    for problem in problems:
        print(f"problem: {problem}")
    count = queries.paper_count(lib.conn)
    found = plural(len(problems), "problem", grouped=False)
    print(f"{plural(count, 'paper', grouped=False)}; " + ("ok" if not problems else found))
    return 1 if problems else 0


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    **cli_papers.COMMANDS,
    **cli_export.COMMANDS,
    "rekey": cmd_rekey,
    "reindex": cmd_reindex,
    "check": cmd_check,
    **cli_net.COMMANDS,
    **cli_rules.COMMANDS,
    **cli_rank.COMMANDS,
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
    if ns.command in cli_rules.COMMANDS:
        return cli_rules.writes(ns)
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
    except (SubscriptionError, ConfigError, BackupError, IndexUnavailableError, RuleError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except cli_rank.RankError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        print(f"reader: {_database_problem(folder, exc)}", file=sys.stderr)
        return 1


def _run(folder: Path, ns: argparse.Namespace) -> int:
    readonly = readonly_reason(folder)
    if readonly and _writes(ns):
        raise CliError(f"the library is read-only ({readonly}); `{ns.command}` changes it: refused")
    with Library(
        folder,
        readonly=readonly is not None,
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
