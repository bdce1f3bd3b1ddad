"""Deterministic synthetic libraries of PaperRecords shaped like the sample feed."""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.formats import write_arxiv_atom, write_bibtex
from bench.words import CATEGORIES, FAMILY_NAMES, GIVEN_NAMES, PHRASES, REAL_WORDS
from reader.core.models import Author, Link, PaperRecord

SEED = 20240317
SYNTHETIC_WORDS = 5000
ZIPF_S = 1.07  # exponent of the Zipf-Mandelbrot law (rank + ZIPF_Q) ** -ZIPF_S
ZIPF_Q = 2.7
TITLE_CHARS = (21, 73, 123)  # min, mode, max: the sample feed's title lengths
ABSTRACT_CHARS = (1369, 1567, 1912)  # and its abstract lengths
AUTHOR_COUNT_WEIGHTS = (6, 12, 16, 16, 14, 11, 9, 7, 5, 4)  # 1..10 authors
FIRST_YEAR, LAST_YEAR = 2010, 2024
_ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr sk sp st str th tr".split()
_VOWELS = "a e i o u ai ea io ou y".split()
_CODAS = ["", "", "n", "r", "s", "t", "l", "m", "x", "nd", "rt", "st", "ng", "ck"]


@dataclass(frozen=True)
class Vocabulary:
    """Tokens in rank order with cumulative Zipf weights, for fast weighted sampling."""

    tokens: list[str]
    cum_weights: list[float]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """k tokens drawn independently with Zipf probabilities."""
        return rng.choices(self.tokens, cum_weights=self.cum_weights, k=k)


def zipf_cum_weights(n: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights for ranks 0..n-1."""
    return list(itertools.accumulate((r + ZIPF_Q) ** -ZIPF_S for r in range(n)))


def synthetic_words(rng: random.Random, n: int) -> list[str]:
    """n distinct pronounceable word-like tokens (3-14 letters)."""
    seen: set[str] = set(REAL_WORDS)
    out: list[str] = []
    while len(out) < n:
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 4))]
        word = "".join(parts) + rng.choice(_CODAS)
        if 3 <= len(word) <= 14 and word not in seen:
            seen.add(word)
            out.append(word)
    return out


def build_vocabulary(seed: int = SEED) -> Vocabulary:
    """Real ML words at the head, then real words, phrases and invented words mixed."""
    rng = random.Random(f"{seed}:vocabulary")
    invented = synthetic_words(rng, SYNTHETIC_WORDS)
    middle = REAL_WORDS[100:] + PHRASES + invented[:400]
    rng.shuffle(middle)
    tokens = REAL_WORDS[:100] + middle + invented[400:]
    return Vocabulary(tokens, zipf_cum_weights(len(tokens)))


def _sentences(rng: random.Random, vocab: Vocabulary, target: int) -> str:
    """Prose of about target characters: capitalised sentences of 12-32 tokens."""
    out: list[str] = []
    size = 0
    while size < target:
        words = vocab.sample(rng, rng.randint(12, 32))
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        if size and size + len(sentence) + 1 > ABSTRACT_CHARS[2]:
            break
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def _title(rng: random.Random, vocab: Vocabulary) -> str:
    target = round(rng.triangular(TITLE_CHARS[0], TITLE_CHARS[2], TITLE_CHARS[1]))
    words: list[str] = []
    size = -1
    while size < target:
        word = vocab.sample(rng, 1)[0]
        if size + 1 + len(word) > TITLE_CHARS[2]:
            break  # rare: the longest titles stop a little short of their target
        words.append(word.title() if len(word) > 3 or not words else word)
        size += 1 + len(word)
    return " ".join(words)


def _authors(rng: random.Random, families: Vocabulary) -> tuple[Author, ...]:
    count = rng.choices(range(1, 11), weights=AUTHOR_COUNT_WEIGHTS)[0]
    out = []
    for family in families.sample(rng, count):
        given = rng.choice(GIVEN_NAMES)
        out.append(Author(f"{given} {family}", family=family, given=given))
    return tuple(out)


def _date(rng: random.Random) -> tuple[int, int, int]:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, weights=[1.25 ** (y - FIRST_YEAR) for y in years])[0]
    return year, rng.randint(1, 12), rng.randint(1, 28)


def _links(rng: random.Random, arxiv_id: str, authors: tuple[Author, ...]) -> tuple[Link, ...]:
    links = []
    if rng.random() < 0.8:
        links.append(Link("abs", f"https://arxiv.org/abs/{arxiv_id}"))
    if rng.random() < 0.6:
        links.append(Link("pdf", f"https://arxiv.org/pdf/{arxiv_id}"))
    owner = authors[0].family.lower().replace("'", "") if authors else "lab"
    repo = f"{owner}-lab/{arxiv_id.replace('.', '-')}"
    if rng.random() < 0.35:
        links.append(Link("code", f"https://github.com/{repo}"))
    if rng.random() < 0.1:
        links.append(Link("project", f"https://{owner}.github.io/{arxiv_id}/"))
    return tuple(links)


class _ArxivIds:
    """Unique 'YYMM.NNNNN' ids: a per-month counter with random gaps."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[tuple[int, int], int] = {}

    def take(self, year: int, month: int) -> str:
        key = (year, month)
        number = self.next.get(key, self.rng.randint(1, 2000))
        self.next[key] = number + self.rng.randint(1, 3)
        return f"{year % 100:02d}{month:02d}.{number:05d}"


@dataclass
class _Context:
    ids: _ArxivIds
    families: Vocabulary


def _record(rng: random.Random, vocab: Vocabulary, ctx: _Context) -> PaperRecord:
    year, month, day = _date(rng)
    arxiv_id = ctx.ids.take(year, month)
    authors = _authors(rng, ctx.families)
    links = _links(rng, arxiv_id, authors)
    target = round(rng.triangular(*ABSTRACT_CHARS[::2], ABSTRACT_CHARS[1]))
    abstract = _sentences(rng, vocab, target)
    code = [link.url for link in links if link.kind == "code"]
    if code and rng.random() < 0.5 and len(abstract) + len(code[0]) + 30 <= ABSTRACT_CHARS[2]:
        abstract += f" Code is available at {code[0]}."
    cats = rng.sample(CATEGORIES[:8], rng.randint(1, 3))
    return PaperRecord(
        title=_title(rng, vocab),
        abstract=abstract,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=rng.choices((1, 2, 3), weights=(6, 3, 1))[0],
        doi=f"10.48550/arXiv.{arxiv_id}" if rng.random() < 0.15 else None,
        published=f"{year:04d}-{month:02d}-{day:02d}",
        categories=tuple(cats),
        links=links,
        upvotes=rng.randint(0, 300) if rng.random() < 0.3 else None,
    )


def iter_records(n: int, seed: int = SEED) -> Iterator[PaperRecord]:
    """n records; the first k of a larger corpus are exactly the k-paper corpus."""
    vocab = build_vocabulary(seed)
    families = Vocabulary(FAMILY_NAMES, zipf_cum_weights(len(FAMILY_NAMES)))
    ctx = _Context(_ArxivIds(random.Random(f"{seed}:ids")), families)
    for i in range(n):
        yield _record(random.Random(f"{seed}:paper:{i}"), vocab, ctx)


def generate_records(n: int, seed: int = SEED) -> list[PaperRecord]:
    """A deterministic synthetic library of n papers."""
    return list(iter_records(n, seed))


def write_hf_page(records: list[PaperRecord], out: Path) -> None:
    """Write records as a Hugging Face Papers page (titles and abstracts only)."""
    blocks = ["Daily Papers", "Mar 17"]
    blocks += [f"{r.title}\n\n{r.abstract}" for r in records]
    out.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def write_jsonl(records: list[PaperRecord], out: Path) -> None:
    """Write records as JSON lines (every PaperRecord field)."""
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(asdict(rec), ensure_ascii=False) + "\n")


WRITERS = {
    "hf-page": write_hf_page,
    "jsonl": write_jsonl,
    "arxiv-atom": write_arxiv_atom,
    "bibtex": write_bibtex,
}


def main(argv: list[str] | None = None) -> int:
    """python -m bench.generate --papers N [--out FILE] [--format FORMAT]."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="write a feed file here (else a summary)")
    parser.add_argument("--format", choices=sorted(WRITERS), default="hf-page")
    ns = parser.parse_args(argv)
    records = generate_records(ns.papers, ns.seed)
    if ns.out is None:
        sizes = sorted(len(r.abstract) for r in records)
        print(f"{len(records)} papers; abstract chars {sizes[0]}..{sizes[-1]}", file=sys.stderr)
    else:
        WRITERS[ns.format](records, ns.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
