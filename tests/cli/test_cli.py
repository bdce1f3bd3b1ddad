"""The command line on a real library folder: in process, and as a real process where it counts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clihelp import reader

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


@pytest.fixture
def lib(tmp_path: Path) -> str:
    folder = str(tmp_path / "lib")
    result = reader("--library", folder, "import", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "107 new, 0 updated, 0 unchanged, 0 skipped (Hugging Face page)\n"
    return folder


def test_reimport_prints_unchanged_and_library_option_after_command(lib: str) -> None:
    result = reader("import", str(SAMPLE), "--library", lib)
    assert result.stdout == "0 new, 0 updated, 107 unchanged, 0 skipped (Hugging Face page)\n"


def test_import_from_stdin(tmp_path: Path) -> None:
    result = reader("import", "-", "--library", str(tmp_path / "l"), stdin=SAMPLE.read_bytes())
    assert result.returncode == 0
    assert result.stdout.startswith("107 new")


def test_default_library_comes_from_environment(tmp_path: Path) -> None:
    env_lib = tmp_path / "from-env"
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(SAMPLE)],
        env={**os.environ, "READER_LIBRARY": str(env_lib)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert (env_lib / "library.sqlite").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"just a few words\n\nnothing else\n", "no papers found"),
        ("r\xe9sum\xe9 of a title\n".encode("latin-1") * 40, "not UTF-8"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    lib: str, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad-feed.txt"
    bad.write_bytes(content)
    before = reader("list", "--json", "--library", lib).stdout
    result = reader("import", str(bad), "--library", lib)
    assert result.returncode == 1
    assert "bad-feed.txt" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert reader("list", "--json", "--library", lib).stdout == before


def test_missing_file(lib: str) -> None:
    result = reader("import", "/no/such/feed.txt", "--library", lib)
    assert result.returncode == 1
    assert "/no/such/feed.txt: cannot read" in result.stderr


def test_list_json_has_the_documented_fields(lib: str) -> None:
    papers = json.loads(reader("list", "--json", "--library", lib).stdout)
    assert len(papers) == 107
    fields = {"id", "citekey", "title", "abstract", "authors", "year", "arxiv_id", "doi"}
    fields |= {"links", "tags", "starred", "status", "note", "added", "source"}
    assert fields <= set(papers[0])
    iformer = next(p for p in papers if p["title"] == "Inception Transformer")
    assert {"kind": "code", "url": "https://github.com/sail-sg/iFormer"} in iformer["links"]


def test_list_sort_and_limit(lib: str) -> None:
    titles = [
        p["title"]
        for p in json.loads(reader("list", "--sort", "title", "--json", "--library", lib).stdout)
    ]
    assert titles == sorted(titles, key=str.casefold)
    limited = reader("list", "--limit", "5", "--library", lib)
    assert len(limited.stdout.splitlines()) == 5


def test_triage_commands_then_search(lib: str) -> None:
    assert reader("star", "1", "2", "--library", lib).stdout == "starred 2 papers\n"
    assert reader("tag", "VisionTransformersOutperform", "ViT", "sharpness", "--library", lib)
    assert reader("status", "2", "queued", "--library", lib).returncode == 0
    note = reader("note", "3", "--library", lib, stdin="Compare with **SAM**; axolotl.\n")
    assert note.stdout == "note saved\n"
    assert reader("note", "3", "--print", "--library", lib).stdout == (
        "Compare with **SAM**; axolotl.\n"
    )

    def ids(query: str) -> list[int]:
        out = reader("search", query, "--json", "--library", lib)
        assert out.returncode == 0, out.stderr
        return [p["id"] for p in json.loads(out.stdout)]

    assert sorted(ids("is:starred")) == [1, 2]
    assert ids("tag:vit") == [1]
    assert ids("status:queued") == [2]
    assert ids("axolotl") == [3]
    shown = json.loads(reader("show", "1", "--json", "--library", lib).stdout)
    assert shown["tags"] == ["sharpness", "ViT"] and shown["starred"] is True
    assert reader("untag", "1", "vit", "--library", lib).returncode == 0
    assert ids("tag:vit") == []
    assert reader("trash", "3", "--library", lib).returncode == 0
    assert ids("axolotl") == []
    assert reader("restore", "3", "--library", lib).returncode == 0
    assert ids("axolotl") == [3]


def test_show_unknown_paper_and_malformed_query(lib: str) -> None:
    missing = reader("show", "NoSuchKey", "--library", lib)
    assert missing.returncode == 1 and "NoSuchKey" in missing.stderr
    bad = reader("search", '"unclosed phrase', "--library", lib)
    assert bad.returncode == 1 and "quote" in bad.stderr and "Traceback" not in bad.stderr


def test_reindex_and_check(lib: str) -> None:
    assert reader("reindex", "--library", lib).stdout == "indexed 107 papers\n"
    check = reader("check", "--library", lib)
    assert check.returncode == 0 and check.stdout.strip().endswith("ok")


def test_check_fails_on_a_broken_database(tmp_path: Path, lib: str) -> None:
    db = Path(lib) / "library.sqlite"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16384] = b"\xa5" * 16384  # scribble over four pages
    db.write_bytes(bytes(data))
    result = reader("check", "--library", lib)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_read_commands_work_while_another_writer_holds_the_library(lib: str) -> None:
    from reader.core.library import Library

    holder = Library(Path(lib))  # what the GUI does: keeps the library open
    try:
        holder.set_starred([5], True)
        out = reader("search", "is:starred", "--json", "--library", lib)
        assert [p["id"] for p in json.loads(out.stdout)] == [5]
        assert reader("show", "5", "--library", lib).returncode == 0
    finally:
        holder.close()


def _big_feed(path: Path, copies: int) -> None:
    lines = SAMPLE.read_text().split("\n\n")
    start = lines.index("Mar 17") + 1
    pairs = list(zip(lines[start::2], lines[start + 1 :: 2], strict=False))
    out = ["Mar 18"]
    for n in range(copies):
        for title, abstract in pairs:
            out += [f"{title} (variant {n})", abstract]
    path.write_text("\n\n".join(out))


def test_sigkill_mid_import_leaves_a_consistent_library(lib: str, tmp_path: Path) -> None:
    reader("tag", "1", "keep-me", "--library", lib)
    reader("note", "1", "--library", lib, stdin="my precious note")
    big = tmp_path / "big.txt"
    _big_feed(big, 300)  # ~32,000 papers: the import runs for seconds
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "import", str(big), "--library", lib],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wal = Path(lib) / "library.sqlite-wal"
    start = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 60
    # Kill once the import has started writing its transaction.
    while (wal.stat().st_size if wal.exists() else 0) <= start + 1_000_000:
        assert proc.poll() is None, "import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check = reader("check", "--library", lib)
    assert check.returncode == 0, check.stdout + check.stderr
    papers = json.loads(reader("list", "--json", "--library", lib).stdout)
    assert len(papers) in (107, 107 + 107 * 300)
    first = next(p for p in papers if p["id"] == 1)
    assert first["tags"] == ["keep-me"] and first["note"] == "my precious note"


def test_commands_other_than_import_need_an_existing_library(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = reader("list", "--library", str(missing))
    assert result.returncode == 1 and "no library at" in result.stderr
    assert not missing.exists()


def test_a_view_narrows_a_search_and_the_total_counts_every_match(lib: str) -> None:
    def ids(*args: str) -> list[int]:
        out = reader(*args, "--json", "--library", lib)
        assert out.returncode == 0, out.stderr
        return [p["id"] for p in json.loads(out.stdout)]

    vision = ids("list", "vision")
    assert len(vision) > 3
    reader("star", str(vision[1]), "--library", lib)
    assert ids("list", "vision", "--view", "starred") == [vision[1]]
    assert ids("search", "vision", "--view", "starred") == [vision[1]]
    assert ids("list", "vision", "--view", "inbox") == vision
    reader("tag", str(vision[2]), "to read", "--library", lib)
    assert ids("list", "vision", "--tag", "TO READ") == [vision[2]]
    limited = reader("search", "vision", "--limit", "3", "--library", lib)
    assert len(limited.stdout.splitlines()) == 3
    assert f"(3 of {len(vision)} shown)" in limited.stderr
    listed = reader("list", "vision", "--limit", "3", "--library", lib)
    assert listed.stdout == limited.stdout and listed.stderr == limited.stderr
    bad = reader("list", "vision", "--view", "stared", "--library", lib)
    assert bad.returncode == 2 and "no view named 'stared'; use one of inbox" in bad.stderr
