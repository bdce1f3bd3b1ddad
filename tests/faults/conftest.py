"""Fault tests: real processes killed, real files damaged, on libraries in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"
# Above 5000 papers the command line forks index workers.
BIG_COPIES = 50


def run_reader(
    *args: str, stdin: bytes | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """`reader ARGS` as a user runs it: a real process; text output."""
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, timeout=timeout
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def variant_feed(path: Path, copies: int) -> int:
    """Write the sample feed's papers `copies` times under new titles; return the count."""
    blocks = SAMPLE.read_text().split("\n\n")
    start = blocks.index("Mar 17") + 1
    pairs = list(zip(blocks[start::2], blocks[start + 1 :: 2], strict=False))
    out = ["Mar 18"]
    for n in range(copies):
        for title, abstract in pairs:
            out += [f"{title} (variant {n})", abstract]
    path.write_text("\n\n".join(out))
    return len(pairs) * copies


@dataclass
class Run:
    """What one in-process command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`reader ARGS` run in this process (the CLI's main), with its output captured."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture(scope="session")
def big_library_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library big enough for forked index workers, built once per session."""
    root = tmp_path_factory.mktemp("big")
    feed = root / "feed.txt"
    variant_feed(feed, BIG_COPIES)
    folder = root / "lib"
    result = run_reader("import", str(feed), "--library", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def big_library(big_library_master: Path, tmp_path: Path) -> Path:
    """A private copy of the big library."""
    folder = tmp_path / "big-lib"
    shutil.copytree(big_library_master, folder)
    return folder


@pytest.fixture
def sample_library(tmp_path: Path, cli: Callable[..., Run]) -> Path:
    """A library holding the 107 papers of the sample feed, made by the CLI."""
    folder = tmp_path / "lib"
    result = cli("import", str(SAMPLE), "--library", str(folder))
    assert result.returncode == 0, result.stderr
    return folder
