"""The command line's saved queries and statistics: `reader rule`, `view` and `stats`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from reader.cli_format import paper_line
from reader.core import listing, queries
from reader.core.library import Library
from reader.core.plural import plural
from reader.core.rules import RuleError, RuleRun, list_rules
from reader.core.stats import reading_stats

Add = Callable[..., argparse.ArgumentParser]  # cli.build_parser's add(name, help)
_SHOWN = 10  # papers a dry run names per rule


def add_parsers(add: Add) -> None:
    """rule, view and stats."""
    p = add("rule", "rules: saved queries that tag, star, queue, archive or trash papers")
    sub = p.add_subparsers(dest="rule_command", metavar="ACTION", required=True)
    a = sub.add_parser("add", help="add a rule: NAME QUERY ACTION[:ARG]")
    a.add_argument("name", metavar="NAME")
    a.add_argument("query", metavar="QUERY")
    a.add_argument(
        "action", metavar="ACTION[:ARG]", help="tag:T, untag:T, star, queue, archive, trash"
    )
    sub.add_parser("list", help="list rules").add_argument("--json", action="store_true")
    sub.add_parser("remove", help="remove a rule").add_argument("name", metavar="NAME")
    for name in ("enable", "disable"):
        sub.add_parser(name, help=f"{name} a rule").add_argument("name", metavar="NAME")
    r = sub.add_parser("run", help="run the enabled rules (or one, by name) as one undoable step")
    r.add_argument("name", nargs="?", metavar="NAME")
    r.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    sub.add_parser("undo", help="undo the latest rule run (papers changed since stay)")
    sub.add_parser("redo", help="redo the latest undone rule run")
    p = add("view", "smart views: queries saved as named views in the side list")
    sub = p.add_subparsers(dest="view_command", metavar="ACTION", required=True)
    a = sub.add_parser("add", help="save a query as a view")
    a.add_argument("name", metavar="NAME")
    a.add_argument("query", metavar="QUERY")
    sub.add_parser("list", help="list views with their counts").add_argument(
        "--json", action="store_true"
    )
    sub.add_parser("remove", help="remove a view").add_argument("name", metavar="NAME")
    r = sub.add_parser("rename", help="rename a view")
    r.add_argument("name", metavar="NAME")
    r.add_argument("new_name", metavar="NEW")
    m = sub.add_parser("move", help="move a view to a position (1 = first)")
    m.add_argument("name", metavar="NAME")
    m.add_argument("position", type=int, metavar="N")
    add(
        "stats",
        "reading statistics: papers in vs triaged per week, backlog, delays, tags",
        json_out=True,
    )


def writes(ns: argparse.Namespace) -> bool:
    """Whether the command changes the library."""
    if ns.command == "rule":
        return ns.rule_command not in ("list",) and not getattr(ns, "dry_run", False)
    if ns.command == "view":
        return ns.view_command != "list"
    return False


def _print_run(lib: Library, run: RuleRun) -> None:
    for match in run.matches:
        rule = match.rule
        would = "would change" if run.dry_run else "changed"
        print(
            f"rule {rule.name}: {plural(len(match.ids), 'paper', grouped=False)} "
            f"{'matches' if len(match.ids) == 1 else 'match'} {rule.query!r}; "
            f"{rule.spec} {would} {len(match.changing)}"
        )
        for paper in queries.load_papers(lib.conn, match.changing[:_SHOWN]) if run.dry_run else []:
            print(f"  {paper_line(paper)}")
        if run.dry_run and len(match.changing) > _SHOWN:
            print(f"  … and {len(match.changing) - _SHOWN} more")
    if run.dry_run:
        return
    if run.run_id is not None:
        changed = plural(run.changed, "paper", grouped=False)
        print(f"{changed} changed; `reader rule undo` undoes this run")
    elif not run.matches:
        print("no rules to run; add one with `reader rule add NAME QUERY ACTION`")
    else:
        print("nothing to change")


def cmd_rule(lib: Library, ns: argparse.Namespace) -> int:
    action = ns.rule_command
    if action == "add":
        lib.save_rule(ns.name, ns.query, ns.action)
        print(f"rule {ns.name!r} saved; `reader rule run {ns.name} --dry-run` shows what it does")
    elif action == "list":
        rules = list_rules(lib.conn)
        if ns.json:
            shown = [
                {"name": r.name, "query": r.query, "action": r.spec, "enabled": r.enabled}
                for r in rules
            ]
            print(json.dumps(shown, ensure_ascii=False, indent=2))
        for rule in rules if not ns.json else []:
            off = "" if rule.enabled else "  (disabled)"
            print(f"{rule.name}\t{rule.query}\t→ {rule.spec}{off}")
    elif action == "remove":
        print(f"removed rule {lib.remove_rule(ns.name).name!r}")
    elif action in ("enable", "disable"):
        rule = lib.set_rule_enabled(ns.name, action == "enable")
        print(f"rule {rule.name!r} {action}d")
    elif action == "run":
        names = [ns.name] if ns.name else None
        _print_run(lib, lib.run_rules(names, dry_run=ns.dry_run))
    else:
        done = lib.undo_rule_run() if action == "undo" else lib.redo_rule_run()
        verb = "undone" if action == "undo" else "redone"
        kept = f"; {done.kept} changed since were left as they are" if done.kept else ""
        count = plural(len(done.changes.ids), "paper", grouped=False)
        print(f"rule run {done.run_id} {verb}: {count}{kept}")
    return 0


def cmd_view(lib: Library, ns: argparse.Namespace) -> int:
    action = ns.view_command
    if action == "add":
        lib.save_smart_view(ns.name, ns.query)
        print(f"view {ns.name!r} saved; `reader list --view {ns.name!r}` lists it")
    elif action == "list":
        counts = listing.smart_counts(lib.conn, lib.index)
        views = listing.smart_views(lib.conn)
        if ns.json:
            shown = [{"name": v.name, "query": v.query, "count": counts[v.name]} for v in views]
            print(json.dumps(shown, ensure_ascii=False, indent=2))
        for view in views if not ns.json else []:
            print(f"{view.name}\t{view.query}\t{counts[view.name]}")
    elif action == "remove":
        lib.remove_smart_view(ns.name)
        print(f"removed view {ns.name!r}")
    elif action == "rename":
        found = listing.smart_view(lib.conn, ns.name)
        if found is None:
            raise RuleError(f"no view named {ns.name!r}")
        lib.save_smart_view(ns.new_name, found.query, view_id=found.id)
        print(f"view {found.name!r} is now {ns.new_name!r}")
    else:
        lib.move_smart_view(ns.name, ns.position - 1)
        print("  ".join(v.name for v in listing.smart_views(lib.conn)))
    return 0


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} days"


def cmd_stats(lib: Library, ns: argparse.Namespace) -> int:
    stats = reading_stats(lib.conn)
    if getattr(ns, "json", False):
        print(json.dumps(stats.as_json(), ensure_ascii=False, indent=2))
        return 0
    print("week of       in  triaged")
    for week in stats.weeks:
        print(f"{week.start}  {week.arrived:4d}  {week.triaged:7d}")
    ages = ", ".join(f"{n} {label}" for label, n in stats.backlog_ages.items() if n)
    backlog = plural(stats.backlog, "paper", grouped=False)
    print(f"backlog: {backlog} in the Inbox ({ages or 'none'}); oldest {_days(stats.oldest_days)}")
    print(
        f"arrival to first decision: median {_days(stats.median_days)}, "
        f"90% within {_days(stats.p90_days)} ({plural(stats.decided, 'paper', grouped=False)})"
    )
    for tag in stats.tags:
        print(f"tag {tag.tag}: {tag.read} of {tag.papers} read")
    if not stats.decided:
        print("no decisions logged yet: star, queue, read or archive papers first", file=sys.stderr)
    return 0


COMMANDS = {"rule": cmd_rule, "view": cmd_view, "stats": cmd_stats}
