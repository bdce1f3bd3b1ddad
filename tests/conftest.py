"""Shared fixtures: the bundled sample feed and real libraries in tmp_path."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from clihelp import reader
from netserver import Run, TestServer

from reader.core.library import Library
from reader.feeds.files import read_feed

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample-feed.txt"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real library or settings."""
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Tests never reach the internet: every endpoint points at a closed local port unless
    # a test sets it to its own server on 127.0.0.1.
    for var in ("ARXIV_API", "ARXIV_RSS", "HF_API", "CROSSREF_API"):
        monkeypatch.setenv(f"READER_{var}_URL", "http://127.0.0.1:9/")
    for var in ("READER_MAILTO", "READER_ARXIV_DELAY", "READER_NET_TIMEOUT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("READER_NET_BACKOFF", "0.05")


@pytest.fixture
def server() -> Iterator[TestServer]:
    """A real HTTP server on 127.0.0.1 with scripted replies."""
    srv = TestServer()
    yield srv
    srv.close()


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def library(empty_library: Library) -> Library:
    """A library holding the 107 papers of the sample feed."""
    parsed = read_feed(SAMPLE)
    empty_library.import_records(parsed.records, "hf-page:sample-feed.txt")
    return empty_library


@pytest.fixture
def endpoints(server: TestServer, monkeypatch: pytest.MonkeyPatch) -> TestServer:
    """READER_*_URL at the server; no arXiv spacing (one test measures the real 3 s)."""
    monkeypatch.setenv("READER_ARXIV_API_URL", server.url("/api/query"))
    monkeypatch.setenv("READER_ARXIV_RSS_URL", server.url("/rss/"))
    monkeypatch.setenv("READER_HF_API_URL", server.url("/hf/api/"))
    monkeypatch.setenv("READER_CROSSREF_API_URL", server.url("/crossref/"))
    monkeypatch.setenv("READER_ARXIV_DELAY", "0")
    monkeypatch.setenv("READER_NET_TIMEOUT", "2")
    return server


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`reader --library LIB ARGS…` in this process: (exit status, stdout, stderr)."""

    def go(*args: str) -> tuple[int, str, str]:
        done = reader("--library", str(tmp_path / "lib"), *args)
        return done.returncode, done.stdout, done.stderr

    return go


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """make(folder) -> a read-only view of folder, as a user meets one.

    chmod does not stop root, so as root the view is a read-only bind mount (the test is
    skipped, saying so, where mounting is not allowed); other users get chmod a-w.
    """
    mounts: list[Path] = []
    chmodded: list[Path] = []

    def make(folder: Path) -> Path:
        if os.geteuid() != 0:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode & ~0o222)
            chmodded.append(folder)
            return folder
        view = tmp_path / f"read-only-{len(mounts)}"
        view.mkdir()
        for args in (
            ["mount", "--bind", str(folder), str(view)],
            ["mount", "-o", "remount,ro,bind", str(view)],
        ):
            done = subprocess.run(args, capture_output=True, text=True)
            if done.returncode:
                subprocess.run(["umount", str(view)], capture_output=True)
                pytest.skip(
                    "a read-only folder needs a bind mount when running as root (chmod "
                    f"does not stop root), and `{' '.join(args)}` failed: {done.stderr.strip()}"
                )
            if args[1] == "--bind":
                mounts.append(view)
        return view

    yield make
    for view in mounts:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)
    for folder in chmodded:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
