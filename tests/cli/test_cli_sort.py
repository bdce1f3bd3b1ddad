"""`reader list/search --sort` take the window's sort names (first author too) and --reverse."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import reader

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


def surnames(stdout: str) -> list[str]:
    return [p["authors"][0].split()[-1] if p["authors"] else "" for p in json.loads(stdout)]


def test_list_sorts_by_first_author_and_reverses(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    reader("--library", lib, "import", str(SAMPLE))
    reader("--library", lib, "import", str(DATA / "arxiv_api_query_testing_max10.xml"))
    by_author = surnames(reader("--library", lib, "list", "--sort", "author", "--json").stdout)
    assert by_author[:3] == ["Ahuja", "Ali", "Arnatovich"]  # family names, A-Z
    assert by_author[10:] == [""] * 107  # papers without authors after the others
    back = reader("--library", lib, "list", "--sort", "author", "--reverse", "--json").stdout
    assert surnames(back) == by_author[::-1]
    found = reader("--library", lib, "search", "testing", "--sort", "author", "--json").stdout
    assert surnames(found) == sorted(surnames(found), key=lambda s: (s == "", s.casefold()))
    bad = reader("--library", lib, "list", "--sort", "colour")
    assert bad.returncode == 2 and "author" in bad.stderr  # the choices are named


def test_list_sorts_tex_titles_by_their_shown_text(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    csl = tmp_path / "tex.json"  # CSL-JSON keeps TeX in titles as written (arXiv does too)
    titles = [r"Zebra {\em finches}", r"\emph{Provable} guarantees", r"{\'E}tude", "apple"]
    items = [
        {"id": f"k{n}", "title": t, "issued": {"date-parts": [[2020]]}}
        for n, t in enumerate(titles)
    ]
    csl.write_text(json.dumps(items))
    assert reader("--library", lib, "import", str(csl)).returncode == 0
    listed = reader("--library", lib, "list", "--sort", "title", "--json").stdout
    assert [p["title"] for p in json.loads(listed)] == [titles[i] for i in (3, 2, 1, 0)]
    found = reader(
        "--library", lib, "search", "year:2020", "--sort", "title", "--reverse", "--json"
    )
    assert [p["title"] for p in json.loads(found.stdout)] == [titles[i] for i in (0, 1, 2, 3)]


def test_searching_a_library_with_no_papers_yet_finds_none(tmp_path: Path) -> None:
    # A library made by subscribing or by a failed first import holds no paper: its index
    # has no segment, and searching it raised NotImplementedError from Whoosh's columns.
    from reader.core.library import Library

    folder = tmp_path / "lib"
    Library(folder).close()
    for args in (["transformer"], ["transformer", "--sort", "date"], ["is:starred"]):
        done = reader("--library", str(folder), "search", *args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "no papers match" in done.stdout + done.stderr
