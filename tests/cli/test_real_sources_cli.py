"""Real files through `reader import`: an arXiv feed merges into the sample page's paper."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import reader

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample-feed.txt"
DATA = ROOT / "tests" / "data"


def _papers(lib: str) -> list[dict]:
    return json.loads(reader("list", "--json", "--library", lib).stdout)


def test_arxiv_feed_with_one_sample_paper_merges_into_it(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    assert reader("import", str(SAMPLE), "--library", lib).returncode == 0
    result = reader("import", str(DATA / "arxiv_api_2106.01548.xml"), "--library", lib)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 new, 1 updated, 0 unchanged, 0 skipped")
    papers = _papers(lib)
    assert len(papers) == 107
    (vit,) = [p for p in papers if p["arxiv_id"] == "2106.01548"]
    assert vit["authors"] == ["Xiangning Chen", "Cho-Jui Hsieh", "Boqing Gong"]
    assert vit["year"] == 2021 and vit["citekey"] == "VisionTransformersOutperform"
    shown = reader("show", "VisionTransformersOutperform", "--library", lib).stdout
    assert "hf-page:sample-feed.txt" in shown and "arxiv-api:arxiv_api_2106.01548.xml" in shown
    again = reader("import", str(DATA / "arxiv_api_2106.01548.xml"), "--library", lib)
    assert again.stdout.startswith("0 new, 0 updated, 1 unchanged")


def test_published_arxiv_papers_export_as_articles_with_their_keys(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    feed = DATA / "arxiv_api_query_testing_max10.xml"
    assert reader("import", str(feed), "--library", lib).returncode == 0
    papers = {p["citekey"]: p for p in _papers(lib)}
    bib = reader("export", "-f", "bibtex", "--library", lib)
    assert bib.returncode == 0, bib.stderr
    entries = [e for e in bib.stdout.split("\n@") if e.strip()]
    assert len(entries) == len(papers) == 10
    for entry in entries:
        head = entry.lstrip("@").split("{", 1)
        kind, key = head[0], head[1].split(",", 1)[0]
        paper = papers[key]
        if paper["journal_ref"]:
            assert kind in ("article", "inproceedings"), (key, paper["journal_ref"])
            assert ("journal = {" in entry) or ("booktitle = {" in entry)
        else:
            assert kind == "misc"
        if paper["doi"]:
            assert f"doi = {{{paper['doi']}}}" in entry


def test_bib_entry_keys_become_citekeys_and_rekey_keeps_them(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    bib = ROOT / "tests" / "feeds" / "samples" / "d2l.bib"
    assert reader("import", str(bib), "--library", lib).returncode == 0
    for key in ("Abadi.Barham.Chen.ea.2016", "guyon2008feature", "Aji.McEliece.2000"):
        shown = json.loads(reader("show", key, "--json", "--library", lib).stdout)
        assert shown["citekey"] == key
    rekey = reader("rekey", "--dry-run", "--library", lib)
    assert rekey.stdout.endswith("would rekey 0 papers, " + rekey.stdout.split(", ")[-1])
    assert "Abadi.Barham.Chen.ea.2016" not in rekey.stdout
