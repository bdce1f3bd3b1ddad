"""Helpers for the fault tests: run reader as a process or in process, write big feeds."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


@dataclass
class Run:
    """What one command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


def run_reader(*args: str, stdin: bytes | None = None, timeout: float = 180) -> Run:
    """`reader ARGS` as a user runs it: a real process."""
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, timeout=timeout
    )
    return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


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
