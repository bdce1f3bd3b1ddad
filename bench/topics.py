"""The synthetic corpus with topics: each paper leans to one topic's words, authors and category."""

from __future__ import annotations

import random
from dataclasses import replace

from bench.generate import SEED, build_vocabulary, iter_records, zipf_cum_weights
from bench.words import CATEGORIES
from reader.core.models import Author, PaperRecord

TOPICS = 12
TOPIC_WORDS = 40  # words that belong to one topic (mid-frequency invented words)
TOPIC_SHARE = 0.04  # share of a paper's abstract words drawn from its topic
TITLE_TOPIC_WORDS = (0, 1)
TOPIC_AUTHORS = 6
AUTHOR_CHANCE = 0.2  # chance that a paper has one of its topic's regular authors
CATEGORY_CHANCE = 0.3  # chance that a paper is filed under its topic's category


def topic_words(seed: int = SEED) -> list[list[str]]:
    """TOPICS disjoint word lists, taken from the vocabulary's long tail (rare by chance)."""
    tail = build_vocabulary(seed).tokens[1500:]
    rng = random.Random(f"{seed}:topics")
    picked = rng.sample(tail, TOPICS * TOPIC_WORDS)
    return [picked[t * TOPIC_WORDS : (t + 1) * TOPIC_WORDS] for t in range(TOPICS)]


def topic_of(index: int, seed: int = SEED) -> int:
    """The topic of the index-th paper (uniform, deterministic)."""
    return random.Random(f"{seed}:topic:{index}").randrange(TOPICS)


def _lean(record: PaperRecord, topic: int, words: list[str], rng: random.Random) -> PaperRecord:
    weights = zipf_cum_weights(len(words))
    abstract = record.abstract.split(" ")
    for _ in range(int(len(abstract) * TOPIC_SHARE)):
        abstract.insert(rng.randrange(len(abstract)), rng.choices(words, cum_weights=weights)[0])
    title = record.title.split(" ")
    for _ in range(rng.randint(*TITLE_TOPIC_WORDS)):
        title.insert(rng.randrange(len(title) + 1), rng.choices(words, cum_weights=weights)[0])
    authors = record.authors
    if rng.random() < AUTHOR_CHANCE:
        family = f"Topic{topic}author{rng.randrange(TOPIC_AUTHORS)}"
        authors = (*authors, Author(f"Ana {family}", family=family, given="Ana"))
    cats = record.categories
    if rng.random() < CATEGORY_CHANCE:
        cats = (CATEGORIES[topic % len(CATEGORIES)], *cats)
    return replace(
        record,
        title=" ".join(title),
        abstract=" ".join(abstract),
        authors=authors,
        categories=tuple(dict.fromkeys(cats)),
    )


def topical_records(n: int, seed: int = SEED) -> tuple[list[PaperRecord], list[int]]:
    """n papers of the generator's corpus, each leaning to its topic; and their topics."""
    lists = topic_words(seed)
    records, topics = [], []
    for i, record in enumerate(iter_records(n, seed)):
        topic = topic_of(i, seed)
        rng = random.Random(f"{seed}:lean:{i}")
        records.append(_lean(record, topic, lists[topic], rng))
        topics.append(topic)
    return records, topics
