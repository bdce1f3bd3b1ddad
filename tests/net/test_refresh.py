"""`reader feed …` and `reader refresh` against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import gzip
import itertools
import json
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from netdata import Entry, atom_feed, hf_daily, rss2_feed
from netserver import Reply, Run, Seen, TestServer

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "net"
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
CV = [Entry(f"2611.0{n:04d}", f"Seeing things, part {n}", categories=("cs.CV",)) for n in range(3)]


def conditional(body: bytes, etag: str, headers: dict[str, str] | None = None):
    """A route that answers 304 when the client sends our ETag back."""

    def answer(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(200, body, {"ETag": etag, **(headers or RSS_TYPE)})

    return answer


def papers(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "lib" / "library.sqlite") as conn:
        return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])


def test_fresh_library_two_feeds_then_a_conditional_refresh(
    endpoints: TestServer, run: Run, tmp_path: Path
) -> None:
    hf = (SAMPLES / "hf_daily_papers_2024-10-25_first3.json").read_bytes()
    endpoints.routes["/rss/cs.CV"] = conditional(rss2_feed(CV, "cs.CV"), '"cv-1"')
    endpoints.routes["/hf/api/daily_papers"] = conditional(
        hf, '"hf-1"', {"Content-Type": "application/json"}
    )
    assert run("feed", "add", "arxiv:cs.CV")[0] == 0
    assert run("feed", "add", "hf:daily", "--name", "HF daily")[0] == 0
    status, out, err = run("refresh")
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == ["arxiv:cs.CV  3 new, 0 updated", "HF daily  3 new, 0 updated"]
    status, out, _ = run("refresh")
    assert status == 0
    assert out.splitlines()[:2] == [
        "arxiv:cs.CV  0 new, 0 updated  (304 not modified)",
        "HF daily  0 new, 0 updated  (304 not modified)",
    ]
    second = endpoints.seen[2:]
    assert [s.headers.get("if-none-match") for s in second] == ['"cv-1"', '"hf-1"']
    assert papers(tmp_path) == 6
    status, out, _ = run("feed", "list")
    assert "arxiv:cs.CV" in out and "3 unread" in out and "HF daily" in out


def test_second_refresh_without_validators_imports_nothing(
    endpoints: TestServer, run: Run, tmp_path: Path
) -> None:
    endpoints.routes["/rss/cs.LG+cs.CV"] = Reply(200, rss2_feed(CV), RSS_TYPE)
    run("feed", "add", "arxiv:cs.LG+cs.CV")
    assert run("refresh")[1] == "arxiv:cs.LG+cs.CV  3 new, 0 updated\n"
    assert run("refresh")[1] == "arxiv:cs.LG+cs.CV  0 new, 0 updated\n"
    assert papers(tmp_path) == 3


@pytest.mark.parametrize(
    ("source", "path", "sample", "new"),
    [
        ("arxiv:hep-ex", "/rss/hep-ex", "arxiv_rss1_rdf_hep-ex_2018-05-23_trimmed.xml", 3),
        ("arxiv:physics", "/rss/physics", "arxiv_rss2_physics_empty_2025-12-31.xml", 0),
        ("arxiv-query:ti:testing", "/api/query", "arxiv_api_query_testing_max10.xml", 10),
        (
            "hf:daily:2026-03-06",
            "/hf/api/daily_papers",
            "hf_daily_papers_item_2026-03-06_with_ai_fields.json",
            1,
        ),
    ],
)
def test_each_real_sample_feed(
    endpoints: TestServer, run: Run, source: str, path: str, sample: str, new: int
) -> None:
    body = (SAMPLES / sample).read_bytes()
    if sample.endswith("with_ai_fields.json"):
        body = json.dumps([json.loads(body)]).encode()
    endpoints.routes[path] = Reply(200, body, {"Content-Type": "application/xml"})
    run("feed", "add", source, "--name", "f")
    status, out, err = run("refresh")
    assert (status, err, out) == (0, "", f"f  {new} new, 0 updated\n")
    if source == "hf:daily:2026-03-06":
        assert endpoints.seen[0].query["date"] == ["2026-03-06"]


def test_generic_atom_feed_and_gzip(endpoints: TestServer, run: Run) -> None:
    atom = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Lab blog</title><id>urn:lab</id><updated>2026-11-30T00:00:00Z</updated>"
        b"<entry><title>Our new paper on sparse attention</title><id>urn:1</id>"
        b'<link href="https://arxiv.org/abs/2401.00001"/><updated>2026-11-29T00:00:00Z</updated>'
        b"<summary>We wrote a paper.</summary></entry></feed>"
    )
    endpoints.routes["/blog/feed.xml"] = Reply(
        200,
        gzip.compress(atom),
        {"Content-Type": "application/atom+xml", "Content-Encoding": "gzip"},
    )
    run("feed", "add", endpoints.url("/blog/feed.xml"), "--name", "blog")
    assert run("refresh") == (0, "blog  1 new, 0 updated\n", "")


def test_arxiv_query_pages_newest_first_until_known(endpoints: TestServer, run: Run) -> None:
    entries = [Entry(f"2611.{n:05d}", f"Diffusion paper {n}") for n in range(150)]

    def api(seen: Seen) -> Reply:
        start = int(seen.query["start"][0])
        size = int(seen.query["max_results"][0])
        return Reply(200, atom_feed(entries[start : start + size], total=150, start=start))

    endpoints.routes["/api/query"] = api
    run("feed", "add", "arxiv-query:'ti:diffusion'", "--name", "diffusion")
    assert run("refresh")[1] == "diffusion  150 new, 0 updated\n"
    assert [s.query["start"] for s in endpoints.seen] == [["0"], ["100"]]
    assert endpoints.seen[0].query["sortOrder"] == ["descending"]
    assert run("refresh")[1] == "diffusion  0 new, 0 updated\n"
    assert len(endpoints.seen) == 3  # the first page was all known: no second page


def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(b"<rss>" + b" " * (60 * 1024 * 1024)) + packer.flush()


FAILURES = {
    "429": ([Reply(429, headers={"Retry-After": "7200"})], "asks to retry in 7200 s"),
    "503": ([Reply(503)], "HTTP 503 Service Unavailable from 127.0.0.1"),
    "timeout": ([Reply(200, rss2_feed(CV), RSS_TYPE, delay=4)], "did not answer within 2 s"),
    "truncated": ([Reply(200, rss2_feed(CV), RSS_TYPE, cut_at=300)], "was cut off"),
    "gzip bomb": (
        [Reply(200, _bomb(), {"Content-Encoding": "gzip"})],
        "larger than 50 MB once decompressed",
    ),
    "html": (
        [
            Reply(
                200,
                b"<html><head><title>Hotel WiFi login</title></head></html>",
                {"Content-Type": "text/html"},
            )
        ],
        "sent a web page titled 'Hotel WiFi login' instead of a feed",
    ),
    "redirect loop": ([Reply(302, headers={"Location": "/rss/cs.LG"})], "too many redirects"),
    "not a feed": (
        [Reply(200, b"hello, world\n", {"Content-Type": "text/plain"})],
        "did not send a feed Reader can read",
    ),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_are_one_line_exit_1_and_change_nothing(
    endpoints: TestServer, run: Run, tmp_path: Path, case: str
) -> None:
    replies, message = FAILURES[case]
    endpoints.routes["/rss/cs.CV"] = Reply(200, rss2_feed(CV[:1], "cs.CV"), RSS_TYPE)
    endpoints.routes["/rss/cs.LG"] = replies
    run("feed", "add", "arxiv:cs.CV")
    run("feed", "add", "arxiv:cs.LG")
    status, out, err = run("refresh")
    assert status == 1
    assert out == "arxiv:cs.CV  1 new, 0 updated\n"  # the other feed still went through
    assert err.count("\n") == 1 and err.startswith("reader: arxiv:cs.LG: ") and message in err
    assert papers(tmp_path) == 1
    assert f"failed: {err.split(': ', 2)[2].strip()}"[:40] in run("feed", "list")[1]


def test_503_then_success_and_429_with_short_retry_after(endpoints: TestServer, run: Run) -> None:
    endpoints.routes["/rss/cs.CV"] = [Reply(503), Reply(200, rss2_feed(CV, "cs.CV"), RSS_TYPE)]
    endpoints.routes["/hf/api/daily_papers"] = [
        Reply(429, headers={"Retry-After": "1"}),
        Reply(200, hf_daily(CV[:1]), {"Content-Type": "application/json"}),
    ]
    run("feed", "add", "arxiv:cs.CV")
    run("feed", "add", "hf:daily")
    status, out, _ = run("refresh")
    assert status == 0
    assert out.splitlines()[:2] == ["arxiv:cs.CV  3 new, 0 updated", "hf:daily  0 new, 1 updated"]
    hf = endpoints.requests_to("/hf/api/daily_papers")
    assert hf[1].arrived - hf[0].finished >= 1.0


def test_refresh_of_an_unknown_feed_is_a_usage_error(run: Run) -> None:
    run("feed", "add", "arxiv:cs.LG")
    assert run("refresh", "nope") == (
        2,
        "",
        "reader: no feed named 'nope' (see `reader feed list`)\n",
    )


def test_two_reader_processes_keep_arxiv_3_s_apart(
    endpoints: TestServer, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real `reader refresh` processes on one library: arXiv sees one request at a time,
    never two within 3 s (the default spacing, measured at the server)."""
    monkeypatch.delenv("READER_ARXIV_DELAY")
    endpoints.routes["/rss/cs.CV"] = Reply(200, rss2_feed(CV, "cs.CV"), RSS_TYPE, delay=0.2)
    endpoints.routes["/rss/cs.LG"] = Reply(200, rss2_feed(CV[:1]), RSS_TYPE, delay=0.2)
    run("feed", "add", "arxiv:cs.CV")
    run("feed", "add", "arxiv:cs.LG")
    command = [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), "refresh"]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    results = [p.communicate(timeout=90) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    arrivals = sorted(endpoints.seen, key=lambda s: s.arrived)
    assert len(arrivals) == 4 and endpoints.max_in_flight == 1
    gaps = [b.arrived - a.finished for a, b in itertools.pairwise(arrivals)]
    assert min(gaps) >= 3.0, gaps
    assert papers(tmp_path) == 3


def test_rules_run_once_on_what_a_refresh_brought(
    endpoints: TestServer, run: Run, tmp_path: Path
) -> None:
    endpoints.routes["/rss/cs.CV"] = Reply(200, rss2_feed(CV[:1]), RSS_TYPE)
    run("feed", "add", "arxiv:cs.CV")
    assert run("refresh")[0] == 0
    run("rule", "add", "seeing", "title:seeing", "tag:eyes")
    endpoints.routes["/rss/cs.CV"] = Reply(200, rss2_feed(CV), RSS_TYPE)
    status, out, _ = run("refresh")
    assert status == 0
    assert out.splitlines()[-1] == "rule seeing: 2 papers changed; `reader rule undo` undoes it"
    _, listed, _ = run("list", "--tag", "eyes", "--json")
    assert sorted(p["title"] for p in json.loads(listed)) == [
        "Seeing things, part 1",
        "Seeing things, part 2",
    ]  # part 0 came before the rule: left alone
    assert run("rule", "undo")[0] == 0
    assert json.loads(run("list", "--tag", "eyes", "--json")[1]) == []
