"""Rules: saved queries with an action; dry runs change nothing; a run is one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import decisions, listing, queries
from reader.core.index import QueryError
from reader.core.library import Library
from reader.core.models import Status
from reader.core.rules import RuleError, list_rules
from reader.feeds.files import read_feed

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"
BENCH = "abstract:benchmark AND NOT tag:vision"


def _state(lib: Library) -> list[tuple]:
    """The user's data, without the times it was last written."""
    selects = (
        "SELECT paper_id, starred, status, trashed FROM paper_state",
        "SELECT paper_id, tag_id FROM paper_tags",
        "SELECT paper_id, body FROM notes",
    )
    return [tuple(lib.conn.execute(f"{sql} ORDER BY 1, 2")) for sql in selects]


def _matching(lib: Library, query: str) -> list[int]:
    return listing.list_papers(lib.conn, lib.index, listing.ListRequest(query=query)).ids


def _status(lib: Library, ids: list[int]) -> set[Status]:
    return {p.status for p in queries.load_papers(lib.conn, ids)}


def test_dry_run_lists_the_papers_and_changes_nothing(library: Library) -> None:
    bench = _matching(library, "abstract:benchmark")
    library.add_tags(bench[:2], ["vision"])
    library.save_rule("bench", BENCH, "archive")
    before = _state(library)
    run = library.run_rules(dry_run=True)
    (match,) = run.matches
    assert match.ids == [i for i in bench if i not in bench[:2]] and len(match.ids) >= 5
    assert run.changed == len(match.ids) and run.run_id is None
    assert _state(library) == before
    assert [d.action for d in decisions.history(library.conn)] == ["tag", "tag"]


def test_a_run_is_one_step_that_undo_and_redo_move_whole(library: Library) -> None:
    bench = _matching(library, "abstract:benchmark")
    library.save_note(bench[0], "rules never touch notes")
    library.set_starred([bench[1]], True)
    library.save_rule("bench", "abstract:benchmark", "archive")
    library.save_rule("to read", "abstract:benchmark", "tag:to-read")
    before = _state(library)
    run = library.run_rules()
    assert run.changed == len(bench) and _status(library, bench) == {Status.ARCHIVED}
    assert all("to-read" in p.tags for p in queries.load_papers(library.conn, bench))
    assert queries.load_papers(library.conn, [bench[0]])[0].note == "rules never touch notes"
    ruled = [d for d in decisions.history(library.conn) if d.via == "rule"]
    assert {(d.action, d.rule) for d in ruled} == {("archive", "bench"), ("tag", "to read")}
    assert len(ruled) == 2 * len(bench)
    after = _state(library)
    undone = library.undo_rule_run()
    assert undone.run_id == run.run_id and undone.kept == 0
    assert _state(library) == before
    assert not [d for d in decisions.history(library.conn) if d.via == "rule"]
    library.redo_rule_run()
    assert _state(library) == after


def test_undo_leaves_papers_changed_since(library: Library) -> None:
    bench = _matching(library, "abstract:benchmark")
    library.save_rule("bench", "abstract:benchmark", "queue")
    library.run_rules()
    library.set_status([bench[0]], Status.READ)
    undone = library.undo_rule_run()
    assert undone.kept == 1
    assert _status(library, bench[1:]) == {Status.NEW}
    assert _status(library, bench[:1]) == {Status.READ}
    with pytest.raises(RuleError, match="no rule run to undo"):
        library.undo_rule_run()


def test_rules_run_after_an_import_on_its_new_papers_only(empty_library: Library) -> None:
    records = read_feed(SAMPLE).records
    first = empty_library.import_records(records[:50], "hf-page:one")
    assert first.rules is None  # no rules yet
    old_bench = _matching(empty_library, "abstract:benchmark")
    empty_library.save_rule("bench", "abstract:benchmark", "archive")
    empty_library.save_rule("off", "abstract:benchmark", "star")
    empty_library.set_rule_enabled("off", False)
    report = empty_library.import_records(records, "hf-page:two")
    new_bench = [i for i in _matching(empty_library, "abstract:benchmark") if i not in old_bench]
    assert report.rules is not None and report.rules.run_id is not None
    assert [m.rule.name for m in report.rules.matches] == ["bench"]  # "off" is off
    assert report.rules.changes.ids == set(new_bench) and new_bench
    assert _status(empty_library, new_bench) == {Status.ARCHIVED}
    assert _status(empty_library, old_bench) == {Status.NEW}
    assert not any(p.starred for p in queries.load_papers(empty_library.conn, new_bench))
    empty_library.undo_rule_run()  # the rules' step, apart from the import's
    assert _status(empty_library, new_bench) == {Status.NEW}
    assert queries.paper_count(empty_library.conn) == len(records)


def test_a_disabled_rule_runs_when_named(library: Library) -> None:
    library.save_rule("stars", "abstract:benchmark", "star")
    library.set_rule_enabled("STARS", False)
    assert library.run_rules().changed == 0
    assert library.run_rules(["stars"]).changed == len(_matching(library, "abstract:benchmark"))


@pytest.mark.parametrize(
    ("name", "query", "action", "error"),
    [
        ("x", "abstract:benchmark", "explode", "unknown action 'explode'"),
        ("x", "abstract:benchmark", "tag", "tag needs a tag: tag:NAME"),
        ("x", "abstract:benchmark", "archive:now", "archive takes no argument"),
        ("", "abstract:benchmark", "archive", "a rule needs a name"),
        ("x", "  ", "archive", "a rule needs a query"),
        ("dup", "abstract:benchmark", "archive", "already a rule named 'dup'"),
    ],
)
def test_bad_rules_are_refused_in_one_line(
    library: Library, name: str, query: str, action: str, error: str
) -> None:
    library.save_rule("Dup", "title:x", "star")
    with pytest.raises(RuleError, match=error):
        library.save_rule(name, query, action)
    assert [r.name for r in list_rules(library.conn)] == ["Dup"]


def test_a_malformed_query_is_refused_when_saved(library: Library) -> None:
    with pytest.raises(QueryError):
        library.save_rule("x", "title:(unclosed", "star")
    assert list_rules(library.conn) == []


def test_rules_do_not_run_on_an_index_busy_elsewhere(empty_library: Library) -> None:
    records = read_feed(SAMPLE).records
    empty_library.import_records(records[:50], "hf-page:one")
    empty_library.save_rule("bench", "abstract:benchmark", "archive")
    with Library(empty_library.folder) as other:  # another process writing the index
        lock = other.index._ix.lock("WRITELOCK")
        assert lock.acquire()
        try:
            report = empty_library.import_records(records, "hf-page:two")
        finally:
            lock.release()
    assert report.new == 57 and report.rules is None
    assert report.rules_error is not None and "search index is busy" in report.rules_error
    assert not empty_library.conn.execute(
        "SELECT 1 FROM paper_state WHERE status = 'archived'"
    ).fetchone()  # rather than archiving some new papers and missing the unindexed ones
    assert empty_library.run_rules().changed == len(_matching(empty_library, "abstract:benchmark"))


def test_a_redone_run_logs_its_decisions_as_the_rules(library: Library) -> None:
    library.save_rule("bench", "abstract:benchmark", "archive")
    library.save_rule("to read", "abstract:benchmark", "tag:to-read")
    users = [d for d in decisions.history(library.conn) if d.via == "user"]
    library.run_rules()

    def ruled() -> set[tuple]:
        found = decisions.history(library.conn)
        return {(d.paper_id, d.action, d.arg, d.via, d.rule) for d in found if d not in users}

    by_the_run = ruled()
    assert {(via, rule) for *_r, via, rule in by_the_run} == {
        ("rule", "bench"),
        ("rule", "to read"),
    }
    library.undo_rule_run()
    assert ruled() == set()
    library.redo_rule_run()
    assert ruled() == by_the_run  # the rules' decisions again, not the user's
