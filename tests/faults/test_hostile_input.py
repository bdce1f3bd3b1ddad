"""Hostile input: each refused or made inert, with a one-line message, and nothing written."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from faulthelp import SAMPLE, Run

from reader.feeds import files

Cli = Callable[..., Run]


def _state(cli: Cli, folder: Path) -> str:
    out = cli("list", "--json", "--view", "all", "--library", str(folder))
    trash = cli("list", "--json", "--view", "trash", "--library", str(folder))
    return out.stdout + trash.stdout


def _refused(result: Run, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


FEEDS: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "binary": lambda p: p.write_bytes(bytes(range(256)) * 64),
    "nul bytes": lambda p: p.write_bytes(b"Title\x00\n\n" + b"abstract \x00" * 100),
    "invalid utf-8": lambda p: p.write_bytes(b"Mar 18\n\nA title \xff\xfe\xfa here\n\n" * 10),
    "utf-16 without a bom": lambda p: p.write_bytes("Mar 18\n\nTitle\n\n".encode("utf-16-le")),
    "50 MB single line": lambda p: p.write_bytes(b"x" * (50 * 1024 * 1024)),
}


@pytest.mark.parametrize("kind", FEEDS, ids=list(FEEDS))
def test_hostile_feed_is_refused_and_writes_nothing(
    cli: Cli, sample_library: Path, tmp_path: Path, kind: str
) -> None:
    feed = tmp_path / "hostile.txt"
    FEEDS[kind](feed)
    before = _state(cli, sample_library)
    result = cli("import", str(feed), "--library", str(sample_library))
    _refused(result, "hostile.txt")
    assert _state(cli, sample_library) == before


def test_a_200_mb_file_is_refused_by_its_size_before_reading(
    cli: Cli, sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    _refused(cli("import", str(big), "--library", str(sample_library)), "200 MB", "refused")


class _CountingStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_is_capped_like_a_file(
    cli: Cli, sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FEED_BYTES", 1024 * 1024)
    feed = SAMPLE.read_bytes()
    data = feed * (2 * 1024 * 1024 // len(feed) + 1)  # a valid feed over the cap
    stdin = _CountingStdin(data)
    before = _state(cli, sample_library)
    result = cli("import", "-", "--library", str(sample_library), stdin=stdin)
    _refused(result, "<stdin>", "more than 1 MB")
    assert stdin.buffer.tell() == 1024 * 1024 + 1  # read no further than the cap
    assert _state(cli, sample_library) == before


def _feed(*pairs: tuple[str, str]) -> str:
    return "\n\n".join(["Mar 18", *(f"{t}\n\n{a}" for t, a in pairs)])


def test_long_fields_are_cut_at_import_and_named(
    cli: Cli, sample_library: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "long.txt"
    words = "A long abstract about sharpness and transformers. " * 6000  # ~300 KB
    feed.write_text(_feed(("A fine title", "A fine abstract of normal length. " * 20),
                          ("A title before a long abstract", words)))  # fmt: skip
    result = cli("import", str(feed), "--library", str(sample_library))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 new")
    assert "entry 2" in result.stderr and "abstract cut to 100,000 characters" in result.stderr
    assert "entry 1" not in result.stderr
    shown = json.loads(cli("show", "109", "--json", "--library", str(sample_library)).stdout)
    assert len(shown["abstract"]) <= 100_000 and shown["abstract"].startswith(words[:1000])


def test_nul_bytes_past_64_kb_never_reach_the_library_or_exports(
    cli: Cli, sample_library: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "nul.txt"
    filler = "Some words about nothing much at all. " * 40
    padding = [(f"Padding paper {n}", filler) for n in range(60)]
    data = _feed(*padding, ("Nul paper", "Before the nul \x00 and after it. " + filler)).encode()
    assert data.index(b"\x00") > 65536
    feed.write_bytes(data)
    result = cli("import", str(feed), "--library", str(sample_library))
    assert result.returncode == 0, result.stderr
    assert "control characters (NUL…) removed" in result.stderr
    for fmt in ("ris", "csljson", "bibtex"):
        out = cli("export", "-f", fmt, "-q", "nul", "--library", str(sample_library))
        assert out.returncode == 0, out.stderr
        assert "Before the nul" in out.stdout and "\x00" not in out.stdout, fmt


@pytest.mark.parametrize(
    "args",
    [
        ["star", "99999999999999999999999"],
        ["star", "0"],
        ["star", "1; DROP TABLE papers"],
        ["tag", "' OR 1=1 --", "x"],
        ["show", "²"],
        ["note", "424242", "--print"],
        ["search", "x", "--limit", "-5"],
        ["list", "x", "--limit", "many"],
        ["star", "--", "-5"],
        ["search", "title:("],
        ["search", '"unclosed'],
        ["search", "year:[abc TO"],
        ["search", "year:abc"],
        ["search", "year:[2020 TO"],
        ["search", "year:<"],
        ["list", "year:<"],
    ],
)
def test_bad_ids_and_queries_get_one_line_and_change_nothing(
    cli: Cli, sample_library: Path, args: list[str]
) -> None:
    before = _state(cli, sample_library)
    result = cli(*args, "--library", str(sample_library))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if result.returncode == 2:  # argparse refuses bad option values itself: usage, one line
        assert lines[0].startswith("usage: reader") and f"{args[0]}: error:" in lines[-1]
        lines = lines[-1:]
    assert len(lines) <= 2
    assert _state(cli, sample_library) == before


def test_limits_and_counts(cli: Cli, sample_library: Path) -> None:
    lib = str(sample_library)
    cli("star", *map(str, range(1, 21)), "--library", lib)
    cli("trash", "50", "51", "52", "--library", lib)
    for command in ("list", "search"):
        limited = cli(command, "is:starred", "--limit", "5", "--library", lib)
        assert len(limited.stdout.splitlines()) == 5
        assert limited.stderr.strip() == "(5 of 20 shown)"
    everything = cli("list", "is:starred", "--limit", "0", "--library", lib)
    assert len(everything.stdout.splitlines()) == 20 and not everything.stderr
    assert len(cli("list", "--limit", "0", "--library", lib).stdout.splitlines()) == 104


HOSTILE_NOTES = [
    "<script>alert(1)</script>hello",
    '<img src="file:///etc/passwd"> picture',
    "[click](javascript:alert(1)) and <a href='file:///home'>x</a>",
    "nul \x00 inside a note",
    ("A line of a very long note about sharpness. " * 20 + "\n") * 11_000,  # ~10 MB
]


@pytest.mark.parametrize("note", HOSTILE_NOTES, ids=["script", "img", "links", "nul", "10 MB"])
def test_hostile_notes_are_stored_exactly_as_typed(
    cli: Cli, sample_library: Path, note: str
) -> None:
    assert cli("note", "7", "--library", str(sample_library), stdin=note).returncode == 0
    stored = cli("note", "7", "--print", "--library", str(sample_library)).stdout
    assert stored == note  # a note is the user's own text: kept exactly
    assert cli("check", "--library", str(sample_library)).returncode == 0
