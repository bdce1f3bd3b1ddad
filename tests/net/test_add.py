"""`reader add ID|URL…`: metadata fetched at once; offline, the paper waits (pending)."""

from __future__ import annotations

import json

import pytest
from netdata import Entry, FakeArxivApi, crossref_work
from netserver import Reply, Run, TestServer

ENTRIES = [Entry("2401.00001", "Alpha: a paper"), Entry("2401.00002", "Beta: another paper")]


def listed(run: Run) -> list[dict]:
    return json.loads(run("list", "--json")[1])


def test_add_ids_urls_and_a_doi(endpoints: TestServer, run: Run) -> None:
    endpoints.routes["/api/query"] = FakeArxivApi(ENTRIES)
    endpoints.routes["/crossref/works/10.1000/xyz.1"] = Reply(
        200,
        crossref_work("10.1000/xyz.1", "Gamma in a journal", [("Grace", "Hopper")], 2019),
        {"Content-Type": "application/json"},
    )
    status, out, err = run(
        "add", "2401.00001", "https://huggingface.co/papers/2401.00002", "doi:10.1000/XYZ.1"
    )
    assert (status, err) == (0, "")
    assert sorted(out.splitlines()) == [
        "added arXiv:2401.00001",
        "added arXiv:2401.00002",
        "added doi:10.1000/xyz.1",
    ]
    (api,) = endpoints.requests_to("/api/query")  # both arXiv ids in one request
    assert api.query["id_list"] == ["2401.00001,2401.00002"]
    papers = {p["title"]: p for p in listed(run)}
    assert set(papers) == {"Alpha: a paper", "Beta: another paper", "Gamma in a journal"}
    assert all(not p.get("pending") for p in papers.values())
    assert papers["Gamma in a journal"]["authors"] and papers["Alpha: a paper"]["authors"]


def test_offline_add_stays_pending_and_refresh_resolves_it(
    endpoints: TestServer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    status, out, err = run("add", "arXiv:2401.00001v2")
    assert status == 1
    assert err == (
        "reader: still pending (retried at the next refresh): "
        "cannot connect to 127.0.0.1:9: [Errno 111] Connection refused\n"
    )
    (paper,) = listed(run)
    assert paper["pending"] is True
    shown = json.loads(run("show", str(paper["id"]), "--json")[1])
    assert shown["lookup_error"].startswith("cannot connect to 127.0.0.1:9")
    monkeypatch.setenv("READER_ARXIV_API_URL", endpoints.url("/api/query"))
    endpoints.routes["/api/query"] = FakeArxivApi(ENTRIES)
    status, out, _ = run("refresh")
    assert (status, out) == (
        0,
        "no feeds yet (add one with: reader feed add SOURCE)\n"
        "pending papers: 1 resolved, 0 still pending\n",
    )
    (paper,) = listed(run)
    assert (paper["title"], paper["pending"]) == ("Alpha: a paper", False)
    assert json.loads(run("show", str(paper["id"]), "--json")[1])["lookup_error"] is None


def test_unknown_id_and_bad_input(endpoints: TestServer, run: Run) -> None:
    endpoints.routes["/api/query"] = FakeArxivApi(ENTRIES)
    status, _, err = run("add", "2401.09999")
    assert (status, err) == (
        1,
        "reader: still pending (retried at the next refresh): arXiv has no paper 2401.09999\n",
    )
    status, _, err = run("add", "2401.00001", "hello world")
    assert status == 2 and "not an arXiv id, DOI" in err and "'hello world'" in err
    assert len(listed(run)) == 1  # the bad command wrote nothing
