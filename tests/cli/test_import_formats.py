"""`reader import` on every format: the parser is named, and what is no feed is refused whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from clihelp import reader

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "feeds" / "samples"


def run(*args: str) -> tuple[int, str, str]:
    done = reader(*args)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    status, out, _ = run(
        "import", str(ROOT / "resources" / "sample-feed.txt"), "--library", str(folder)
    )
    assert (status, out) == (0, "107 new, 0 updated, 0 unchanged, 0 skipped (Hugging Face page)\n")
    return folder


def _state(folder: Path) -> tuple[str, str]:
    _, listing, _ = run("list", "--json", "--library", str(folder))
    return listing, hashlib.sha256((folder / "library.sqlite").read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (ROOT / "README.md", "Markdown"),
        (ROOT / "docs" / "gui.md", "Markdown"),
        (ROOT / "docs" / "screenshot.png", "PNG image"),
        (ROOT / "pyproject.toml", "not papers"),
        (SAMPLES / "billion_laughs.xml", "refused: the XML declares entities"),
        (SAMPLES / "xxe.xml", "refused: the XML declares entities"),
        (SAMPLES / "arxiv_api_error_malformed_id_abc.xml", "arXiv API error"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_what_is_no_feed_is_refused_and_nothing_written(
    lib: Path, path: Path, message: str
) -> None:
    before = _state(lib)
    status, out, err = run("import", str(path), "--library", str(lib))
    assert status == 1 and out == ""
    assert str(path) in err and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _state(lib) == before


def test_empty_file_refused(lib: Path, tmp_path: Path) -> None:
    empty = tmp_path / "papers.bib"
    empty.write_bytes(b"")
    status, _, err = run("import", str(empty), "--library", str(lib))
    assert status == 1 and f"{empty}: the file is empty" in err


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        (
            "arxiv_api_query_testing_max10.xml",
            "10 new, 0 updated, 0 unchanged, 0 skipped (arXiv API)",
        ),
        ("arxiv_rss2_cs_generated.xml", "(arXiv RSS)"),
        (
            "hf_daily_papers_2024-10-25_first3.json",
            "3 new, 0 updated, 0 unchanged, 0 skipped (Hugging Face JSON)",
        ),
        (
            "journal_toc_rss2_generated.xml",
            "2 new, 0 updated, 0 unchanged, 0 skipped (RSS/Atom feed)",
        ),
        ("zotero_export_generated.ris", "2 new, 0 updated, 0 unchanged, 1 skipped (RIS)"),
        ("pandoc_generated.csl.json", "2 new, 0 updated, 0 unchanged, 1 skipped (CSL-JSON)"),
    ],
)
def test_each_format_names_its_parser(tmp_path: Path, name: str, summary: str) -> None:
    # A misleading name on purpose: the content decides, never the extension.
    disguised = tmp_path / "feed.txt"
    disguised.write_bytes((SAMPLES / name).read_bytes())
    status, out, _ = run("import", str(disguised), "--library", str(tmp_path / "lib"))
    assert status == 0
    assert summary in out


def test_bibtex_warnings_are_printed(tmp_path: Path) -> None:
    status, out, err = run("import", str(SAMPLES / "d2l.bib"), "--library", str(tmp_path / "l"))
    assert status == 0 and out.endswith("(BibTeX)\n")
    assert "warning entry 31 (Cajal.Azoulay.1894, line 302): raw '&' in publisher" in err
