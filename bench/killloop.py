"""Kill loop: SIGKILL `reader` at random points of import, reindex, rekey and export-sync.

Each kill runs on a fresh copy of one prepared library. Afterwards `reader check` must pass,
the papers and keys must be exactly the state before the command or the state after it,
the user's stars, tags, notes and status must be untouched, a saved export must be its old
or its new text (never torn), and no index worker may outlive the killed process.

    python -m bench.killloop --kills 100 --papers 6000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.library import Library
from reader.core.models import Author, PaperRecord

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample-feed.txt"
OPERATIONS = ("import", "reindex", "rekey", "export-sync")
_USER_SQL = (
    "SELECT paper_id, starred, status, trashed FROM paper_state ORDER BY 1",
    "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id ORDER BY 1, 2",
    "SELECT paper_id, body FROM notes ORDER BY 1",
)


@dataclass(frozen=True)
class State:
    """What a kill may leave: the papers with their keys, the user's data, the export."""

    papers: str
    user: str
    export: str


@dataclass
class Master:
    """A prepared library, the feed to import, and each operation's state after it ran."""

    folder: Path
    feed: Path
    export: Path
    before: State
    after: dict[str, State]
    seconds: dict[str, float]


@dataclass
class Tally:
    """Outcomes of a kill loop, per operation."""

    kills: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    orphans: int = 0

    @property
    def lost(self) -> int:
        """Kills after which the library was neither before nor after, or not healthy."""
        return len(self.problems)


def _digest(rows: object) -> str:
    return hashlib.blake2b(repr(rows).encode(), digest_size=10).hexdigest()


def read_state(folder: Path, export: Path) -> State:
    """The state of a library, read straight from SQLite (never repairing anything)."""
    conn = sqlite3.connect(f"file:{folder / 'library.sqlite'}?mode=ro", uri=True)
    try:
        papers = list(conn.execute("SELECT id, citekey, title, abstract FROM papers ORDER BY id"))
        user = [list(conn.execute(sql)) for sql in _USER_SQL]
    finally:
        conn.close()
    text = export.read_bytes() if export.exists() else b""
    return State(_digest(papers), _digest(user), hashlib.blake2b(text).hexdigest()[:20])


def reader_cmd(folder: Path, *args: str) -> list[str]:
    """The argv of one `reader` command on folder."""
    return [sys.executable, "-m", "reader", *args, "--library", str(folder)]


def _run(folder: Path, *args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(
        reader_cmd(folder, *args), input=stdin, capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise RuntimeError(f"reader {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


def _variant_feed(path: Path, copies: int, tag: str) -> list[str]:
    blocks = SAMPLE.read_text().split("\n\n")
    start = blocks.index("Mar 17") + 1
    pairs = list(zip(blocks[start::2], blocks[start + 1 :: 2], strict=False))
    out, titles = ["Mar 18"], []
    for n in range(copies):
        for title, abstract in pairs:
            titles.append(f"{title} ({tag} {n})")
            out += [titles[-1], abstract]
    path.write_text("\n\n".join(out))
    return titles


def prepare(root: Path, papers: int) -> Master:
    """A library of ~papers papers with user data, rekey candidates and a stale saved export."""
    folder, feed, export = root / "master", root / "more.txt", root / "saved.bib"
    copies = max(1, papers // 107)
    titles = _variant_feed(root / "base.txt", copies, "variant")
    _run(folder, "import", str(root / "base.txt"))
    _variant_feed(feed, max(1, copies // 2), "more")
    with Library(folder) as lib:  # the same papers again, now with authors and a date
        lib.import_records(
            [
                PaperRecord(t, authors=(Author(f"Ann Author{i}", f"Author{i}", "Ann"),),
                            published="2021-06-03")
                for i, t in enumerate(titles[: len(titles) // 2])
            ],
            "jsonl:authors",
        )  # fmt: skip
        lib.add_tags([1, 2, 3], ["keep-me"])
        lib.add_tags(range(len(titles) - 20, len(titles)), ["exported"])
        lib.set_starred([4, 5], True)
        lib.save_note(1, "my precious note")
    _run(folder, "export", "-q", "tag:exported", "--notes", "-o", str(export), "--save")
    _run(folder, "note", str(len(titles) - 1), stdin="a newer note the export lacks")
    _run(folder, "check")
    master = Master(folder, feed, export, read_state(folder, export), {}, {})
    for op in OPERATIONS:  # each operation run to its end, on a copy, gives its after-state
        work = root / f"after-{op}"
        shutil.copytree(folder, work)
        moved_export = _export_copy(export, work)
        started = time.monotonic()
        _run(work, *operation_args(op, master))
        master.seconds[op] = time.monotonic() - started
        master.after[op] = read_state(work, moved_export)
        shutil.rmtree(work)
    return master


def _export_copy(export: Path, work: Path) -> Path:
    """Saved exports hold absolute paths: point the copy's at a copy of the file."""
    copy = work / export.name
    shutil.copy2(export, copy)
    conn = sqlite3.connect(work / "library.sqlite")
    with conn:
        conn.execute("UPDATE saved_exports SET path = ?", (str(copy.resolve()),))
    conn.close()
    return copy


def operation_args(op: str, master: Master) -> list[str]:
    """The command line of one operation."""
    return {"import": ["import", str(master.feed)]}.get(op, [op])


def kill_once(master: Master, op: str, delay: float, work: Path, tally: Tally) -> None:
    """Copy the library, start op, SIGKILL it after delay seconds, then judge the result."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(master.folder, work)
    export = _export_copy(master.export, work)
    proc = subprocess.Popen(
        reader_cmd(work, *operation_args(op, master)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + delay
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= children(proc.pid)
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    tally.kills[op] += 1
    tally.orphans += _survivors(workers)
    _judge(master, op, work, export, tally)


def _judge(master: Master, op: str, work: Path, export: Path, tally: Tally) -> None:
    check = subprocess.run(reader_cmd(work, "check"), capture_output=True, text=True, timeout=600)
    state = read_state(work, export)
    before, after = master.before, master.after[op]
    if check.returncode != 0:
        tally.problems.append(f"{op}: check failed: {check.stdout.strip()} {check.stderr.strip()}")
    if (state.papers, state.export) == (before.papers, before.export):
        where = "before"
    elif (state.papers, state.export) == (after.papers, after.export):
        where = "after"
    else:  # e.g. rekey committed, the export it rewrites afterwards not yet written
        where = "between"
    if state.papers not in (before.papers, after.papers):
        where = "neither"
        tally.problems.append(f"{op}: papers and keys are neither the before nor the after state")
    if state.user not in (master.before.user, after.user):
        tally.problems.append(f"{op}: the user's data changed")
    if state.export not in (master.before.export, after.export):
        tally.problems.append(f"{op}: the saved export is torn")
    tally.outcomes[(op, where)] += 1
    if master.after[op] == master.before:
        tally.outcomes[(op, "no change to make")] += 1


def children(pid: int) -> set[int]:
    """Processes whose parent is pid (Linux /proc; empty elsewhere)."""
    found = set()
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """The process exists and has not exited (a zombie only waits to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _survivors(workers: set[int]) -> int:
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if alive(w)]
    for pid in alive:  # never leave them running, even when counting them as a failure
        os.kill(pid, signal.SIGKILL)
    return len(alive)


def kill_loop(
    master: Master, kills: int, seed: int, work: Path, *, progress: bool = False
) -> Tally:
    """kills SIGKILLs spread over the operations, each at a random point of its run."""
    rng = random.Random(seed)
    tally = Tally()
    for n in range(kills):
        op = OPERATIONS[n % len(OPERATIONS)]
        # Python and the library take ~0.5 s to start: aim past that, inside the run.
        delay = rng.uniform(0.3, max(0.6, master.seconds[op] * 0.95))
        kill_once(master, op, delay, work, tally)
        if progress:
            print(f"kill {n + 1}/{kills}: {op} at {delay:.2f} s", file=sys.stderr, flush=True)
    return tally


def main(argv: list[str] | None = None) -> int:
    """Run the loop and print its figures (kills, before/after states, lost)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--papers", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.monotonic()
        master = prepare(root, args.papers)
        tally = kill_loop(master, args.kills, args.seed, root / "work", progress=True)
        minutes = (time.monotonic() - started) / 60
    rows = {
        op: {
            "kills": tally.kills[op],
            "before": tally.outcomes[(op, "before")],
            "after": tally.outcomes[(op, "after")],
            "between": tally.outcomes[(op, "between")],
            "full run (s)": round(master.seconds[op], 2),
        }
        for op in OPERATIONS
    }
    summary = {"kills": sum(tally.kills.values()), "lost": tally.lost, "orphans": tally.orphans}
    print(json.dumps({"operations": rows, **summary, "minutes": round(minutes, 1)}, indent=2))
    for problem in tally.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if tally.lost or tally.orphans else 0


if __name__ == "__main__":
    sys.exit(main())
