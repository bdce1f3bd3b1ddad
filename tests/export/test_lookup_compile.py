"""`reader lookup` completes the sample page's 107 papers from arXiv by title, in a few
batched requests, so that their BibTeX compiles without empty author/year warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from netdata import Entry, FakeArxivApi
from netserver import Run, TestServer
from test_latex_compile import CLASSIC, MISSING, pdflatex
from test_latex_compile import run as run_tool

from reader.core.library import Library
from reader.core.queries import load_papers


def table(lib: Library) -> tuple[list[Entry], str, str]:
    """Test records for every sample paper but two: one absent, one with a longer title."""
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    papers = load_papers(lib.conn, ids)
    entries = [
        Entry(
            f"2501.{n:05d}",
            p.title,
            (f"Author{n} Family{n}", "Grace Hopper"),
            published=f"{2020 + n % 5}-0{1 + n % 9}-15T12:00:00Z",
        )
        for n, p in enumerate(papers[2:], start=2)
    ]
    near = papers[1].title + " Revisited"
    entries.append(Entry("2501.99999", near))
    return entries, papers[0].citekey, papers[1].citekey


@pytest.mark.skipif(bool(MISSING), reason=f"LaTeX toolchain missing: {MISSING}")
def test_lookup_of_the_sample_page_then_bibtex_compiles(
    library: Library, endpoints: TestServer, run: Run, tmp_path: Path
) -> None:
    entries, absent, near = table(library)
    endpoints.routes["/api/query"] = FakeArxivApi(entries)
    status, out, _ = run("lookup", "--dry-run")
    assert out.splitlines()[-1] == (
        "107 papers looked up in 6 requests: 105 found, 1 near miss, 1 not found "
        "(dry run: nothing changed)"
    )
    assert "near miss (not taken)" in out and "Revisited" in out
    status, out, err = run("lookup")
    assert out.splitlines()[-1] == (
        "107 papers looked up in 6 requests: 105 found, 1 near miss, 1 not found"
    )
    assert (status, err) == (0, "")
    assert len(endpoints.seen) == 12  # 6 for the dry run, 6 for the lookup: batched
    (tmp_path / "tex").mkdir()
    status, out, err = run("export", "-f", "bibtex", "-o", str(tmp_path / "tex" / "refs.bib"))
    assert status == 0, err
    bib = (tmp_path / "tex" / "refs.bib").read_text()
    entries = dict(re.findall(r"^@\w+\{([^,]+),\n(.*?)^\}", bib, flags=re.M | re.S))
    assert len(entries) == 107
    complete = {k for k, body in entries.items() if "author = {" in body and "year = {" in body}
    assert set(entries) - complete == {absent, near}  # keys stay; only the two lack metadata
    (tmp_path / "tex" / "doc.tex").write_text(CLASSIC % ",".join(entries))
    pdflatex(tmp_path / "tex")
    result = run_tool(["bibtex", "doc"], tmp_path / "tex")
    blg = (tmp_path / "tex" / "doc.blg").read_text(errors="replace")
    assert result.returncode < 2 and "error message" not in blg, blg
    warned = set(re.findall(r"Warning--empty (?:author|year) in (\S+)", blg))
    assert not warned & complete
    bbl = (tmp_path / "tex" / "doc.bbl").read_text()
    assert bbl.count("Grace Hopper") == 105  # every resolved paper cites its authors
