"""Time exporting 10,000 synthetic papers to BibTeX (target: under 1 s), with and without verify."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from reader.core.models import Author, Link, Paper, PaperId, Status
from reader.export import export_papers, verify

WORDS = (
    "learning neural network transformer diffusion model training efficient sparse "
    "pruning quantization attention vision language self-supervised representation "
    "benchmark dataset robust adversarial optimization gradient loss generalization"
).split()
ACRONYMS = ["ViT", "ResNets", "ImageNet", "CNNs", "BERT", "LLMs", "MLP-Mixer", "GPT-4"]
SPICE = [r"5.3\%", "30%", "$O(n^2)$", "R&D", "e.g.~SVD", "x_1", "Müller", "ε-greedy", "{BERT}"]


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    """Words up to a length in [lo, hi], with some acronyms and TeX-ish bits mixed in."""
    target = rng.randint(lo, hi)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < target:
        roll = rng.random()
        pool = ACRONYMS if roll < 0.08 else SPICE if roll < 0.11 else WORDS
        words.append(rng.choice(pool))
    return " ".join(words).capitalize()


def synthetic_paper(n: int, rng: random.Random) -> Paper:
    arxiv = f"{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}.{rng.randint(1, 29999):05d}"
    authors = tuple(
        Author(f"Given{i} Family{n}x{i}", f"Family{n}x{i}", f"Given{i}")
        for i in range(rng.randint(1, 8))
    )
    return Paper(
        id=PaperId(n), citekey=f"family{n}Synthetic{n}", title=sentence(rng, 60, 120),
        abstract=sentence(rng, 1400, 1600), authors=authors, arxiv_id=arxiv,
        arxiv_version=1, doi=None, published=f"20{arxiv[:2]}-{arxiv[2:4]}-15", updated=None,
        listing_date=None, categories=("cs.LG", "cs.CV"),
        links=(Link("code", f"https://github.com/x/repo{n}"),), upvotes=None,
        journal_ref=None, comment=None, source="bench", imported="", added="", modified="",
        starred=n % 7 == 0, status=Status.NEW, tags=tuple(rng.sample(WORDS, rng.randint(0, 3))),
        note="", note_modified=None, trashed=False,
    )  # fmt: skip


def timed(label: str, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<38} {elapsed:6.3f} s")
    return elapsed


def main(count: int = 10_000) -> int:
    rng = random.Random(20240523)
    papers = [synthetic_paper(n, rng) for n in range(1, count + 1)]
    print(f"{count} papers, {sum(len(p.abstract) for p in papers) / count:.0f}-char abstracts")
    results: dict[str, str] = {}
    worst = 0.0
    for fmt in ("bibtex", "bibtex-utf8", "biblatex"):
        worst = max(
            worst,
            timed(f"export {fmt}", lambda f=fmt: results.update({f: export_papers(papers, f)})),
        )
    timed(
        "verify bibtex (bibtexparser re-parse)", lambda: verify(results["bibtex"], "bibtex", papers)
    )
    for fmt in ("csljson", "ris", "markdown"):
        timed(f"export {fmt}", lambda f=fmt: export_papers(papers, f))
    print(f"bibtex size: {len(results['bibtex']) / 1e6:.1f} MB")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
