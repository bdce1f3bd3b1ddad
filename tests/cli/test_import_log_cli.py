"""`reader import --log/--undo`, `reader rekey` and the sources `reader show` lists."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import reader

from reader.core.library import Library
from reader.core.models import Author, PaperRecord

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


VIT = (
    "When Vision Transformers Outperform ResNets without Pre-training or Strong Data Augmentations"
)


def _lib(tmp_path: Path) -> str:
    folder = str(tmp_path / "lib")
    assert reader("import", str(SAMPLE), "--library", folder).returncode == 0
    return folder


def _arxiv_import(folder: str) -> None:
    """What an arXiv feed holding one of the sample's papers brings, imported in process."""
    record = PaperRecord(
        VIT,
        "A newer abstract.",
        authors=(Author("Xiangning Chen", "Chen", "Xiangning"), Author("Boqing Gong", "Gong")),
        arxiv_id="2106.01548",
        arxiv_version=3,
        published="2021-06-03",
    )
    with Library(Path(folder)) as lib:
        lib.import_records([record], "arxiv-api:vit.xml")


def test_undo_the_latest_import_then_nothing_left(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    assert reader("star", "5", "--library", lib).returncode == 0
    log = reader("import", "--log", "--library", lib)
    assert "hf-page:sample-feed.txt: 107 new, 0 updated" in log.stdout
    undo = reader("import", "--undo", "--library", lib)
    assert (
        undo.stdout == "import 1 undone: 106 papers removed, 0 restored, 1 kept (changed since)\n"
    )
    papers = json.loads(reader("list", "--json", "--library", lib).stdout)
    assert [(p["id"], p["starred"]) for p in papers] == [(5, True)]
    again = reader("import", "--undo", "--library", lib)
    assert again.returncode == 1 and again.stderr == "reader: no import to undo\n"
    assert "undone" in reader("import", "--log", "--library", lib).stdout
    assert reader("check", "--library", lib).returncode == 0


def test_undo_refuses_an_unknown_import_and_a_missing_library(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    result = reader("import", "--undo", "9", "--library", lib)
    assert result.returncode == 1 and result.stderr == "reader: no import 9\n"
    missing = reader("import", "--undo", "--library", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no library at" in missing.stderr
    assert not (tmp_path / "none").exists()


def test_show_lists_sources_and_rekey_prints_old_to_new(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    _arxiv_import(lib)
    shown = reader("show", "VisionTransformersOutperform", "--library", lib).stdout
    assert "sources:" in shown and "hf-page:sample-feed.txt" in shown
    assert "arxiv-api:vit.xml" in shown
    as_json = json.loads(reader("show", "1", "--json", "--library", lib).stdout)
    assert [s["kind"] for s in as_json["sources"]] == ["hf-page", "arxiv-api"]
    assert as_json["pending"] is False and as_json["year"] == 2021
    dry = reader("rekey", "--dry-run", "--library", lib)
    assert dry.stdout == (
        "VisionTransformersOutperform → chenVisionTransformersOutperform2021\n"
        "would rekey 1 paper, 0 used kept\n"
    )
    assert reader("show", "VisionTransformersOutperform", "--library", lib).returncode == 0
    out = tmp_path / "refs.bib"
    assert reader("export", "-o", str(out), "--save", "--library", lib).returncode == 0
    kept = reader("rekey", "author:chen", "--library", lib)  # the saved export used the key
    assert kept.stdout == "rekeyed 0 papers, 1 used kept\n"
    assert f"kept VisionTransformersOutperform (used: saved export {out}" in kept.stderr
    done = reader("rekey", "author:chen", "--force", "--library", lib)
    assert done.stdout.startswith(
        "VisionTransformersOutperform → chenVisionTransformersOutperform2021\n"
    )
    assert "@misc{chenVisionTransformersOutperform2021," in out.read_text()
    assert "VisionTransformersOutperform," not in out.read_text()
    assert reader("rekey", "--library", lib).stdout == "rekeyed 0 papers, 0 used kept\n"
