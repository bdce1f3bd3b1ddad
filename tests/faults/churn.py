"""One writer process of the concurrency test: star, tag, note and import in a loop.

Run as `python churn.py LIBRARY WORKER OPS`; each operation opens the library the way one
`reader` command does, and prints the tag it added so the test can search for it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from reader.core.library import Library
from reader.core.models import PaperRecord


def churn(folder: Path, worker: int, ops: int) -> None:
    rng = random.Random(worker)
    for i in range(ops):
        with Library(folder) as lib:
            paper = rng.randint(1, 107)
            kind = i % 4
            if kind == 0:
                lib.set_starred([paper], rng.random() < 0.5)
            elif kind == 1:
                tag = f"w{worker}t{i}"
                lib.add_tags([paper], [tag])
                print(f"{tag} {paper}", flush=True)
            elif kind == 2:
                lib.save_note(paper, f"note by worker {worker}, op {i}")
            else:
                lib.import_records([PaperRecord(f"Churned paper w{worker} op {i}")], "churn")


if __name__ == "__main__":
    churn(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
