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
