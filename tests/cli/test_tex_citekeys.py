"""Citation keys from TeX titles: new papers get the title's words, stored keys never move."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from clihelp import reader

from reader.core.citekeys import base_key
from reader.core.db import DB_NAME
from reader.core.models import Author, PaperRecord

ROOT = Path(__file__).resolve().parents[2]
FEED = (ROOT / "tests" / "feeds" / "samples" / "arxiv_api_idlist_1605.08386.xml").read_text()
TEX_TITLE = r"\emph{Provable} guarantees for {\em heat-bath} walks on M\"obius lattices"
NEW_KEY = "stanleyProvableGuaranteesHeat2016"
OLD_KEY = "stanleyEmphProvableGuarantees2016"  # what Reader stored before titles were read


def _feed(folder: Path) -> Path:
    path = folder / "feed.xml"
    xml_title = TEX_TITLE.replace("&", "&amp;").replace("<", "&lt;")
    path.write_text(FEED.replace("Heat-bath random walks with Markov bases", xml_title))
    return path


def _run(folder: Path, *args: str) -> str:
    done = reader(*args, "--library", str(folder / "lib"))
    assert done.returncode == 0, done.stderr
    return done.stdout


def _stored_keys(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "lib" / DB_NAME) as conn:
        return [row[0] for row in conn.execute("SELECT citekey FROM papers")]


@pytest.mark.parametrize(
    ("title", "words"),
    [
        (r"\emph{Provable} guarantees for learning", "ProvableGuaranteesLearning"),
        (r"On M\"uller {\em sharp} bounds", "MullerSharpBounds"),
        (r"{\'E}tude of \textsc{BERT} \textbf{attention}", "EtudeBERTAttention"),
        (r"\unknownmacro{Sparse} codes", "SparseCodes"),
    ],
)
def test_keys_are_made_of_the_titles_text(title: str, words: str) -> None:
    record = PaperRecord(title, authors=(Author("Ann Lee", "Lee", "Ann"),), published="2020-02")
    assert base_key(record) == f"lee{words}2020"


def test_a_new_paper_with_a_tex_title_gets_a_clean_key(tmp_path: Path) -> None:
    _run(tmp_path, "import", str(_feed(tmp_path)))
    assert _stored_keys(tmp_path) == [NEW_KEY]
    assert f"@misc{{{NEW_KEY}," in _run(tmp_path, "export", "--format", "bibtex")


def test_a_stored_key_survives_the_upgrade_reimport_and_rekey(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    _run(tmp_path, "import", str(feed))
    # The library as the previous version wrote it: the key made from the raw TeX.
    with sqlite3.connect(tmp_path / "lib" / DB_NAME) as conn:
        conn.execute("UPDATE papers SET citekey = ?", (OLD_KEY,))
    conn.close()
    before = _run(tmp_path, "export", "--format", "bibtex")
    assert f"@misc{{{OLD_KEY}," in before
    _run(tmp_path, "import", str(feed))
    assert "would rekey 0" in _run(tmp_path, "rekey", "--dry-run")
    _run(tmp_path, "rekey")
    assert _stored_keys(tmp_path) == [OLD_KEY]
    assert _run(tmp_path, "export", "--format", "bibtex") == before
