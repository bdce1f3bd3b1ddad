"""Fault tests: real processes killed, real files damaged, on libraries in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from clihelp import reader
from faulthelp import SAMPLE, Run, run_reader, variant_feed

# Above 5000 papers the command line forks index workers.
BIG_COPIES = 50


@pytest.fixture
def cli() -> Callable[..., Run]:
    """`reader ARGS` run in this process (the CLI's main), with its output captured."""

    def run(*args: str, stdin: object = b"") -> Run:
        done = reader(*args, stdin=stdin)
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def big_library_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library big enough to kill its rebuild midway, built once per session."""
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
