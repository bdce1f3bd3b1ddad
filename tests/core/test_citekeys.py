"""Citation keys: the documented scheme, ASCII only, unique, stable."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.citekeys import base_key, unique_key
from reader.core.models import Author, PaperRecord

KEY = re.compile(r"^[A-Za-z0-9_:.-]+$")


@pytest.mark.parametrize(
    ("record", "key"),
    [
        (
            PaperRecord(
                "When Vision Transformers Outperform ResNets without Pre-training or Strong"
            ),
            "VisionTransformersOutperform",
        ),
        (
            PaperRecord(
                "Big Data Analysis of the Web",
                authors=(Author("John Smith", "Smith", "John"),),
                published="2020-05-01",
            ),
            "smithBigDataAnalysis2020",
        ),
        (
            PaperRecord("On the Müller Method", authors=(Author("Jörg Müller"),)),
            "mullerMullerMethod",
        ),
        (
            PaperRecord("DεpS: Delayed ε-Shrinking for Faster Once-For-All Training"),
            "DepSDelayedE",
        ),
        (PaperRecord("The of and"), "paper"),
        (PaperRecord("Recursive PAC-Bayes", published="2024-05-23"), "RecursivePACBayes2024"),
    ],
)
def test_scheme(record: PaperRecord, key: str) -> None:
    assert base_key(record) == key


def test_clashes_get_letter_suffixes() -> None:
    taken: set[str] = set()
    keys = []
    for _ in range(4):
        key = unique_key("VisionTransformersOutperform", taken.__contains__)
        taken.add(key)
        keys.append(key)
    assert keys == [
        "VisionTransformersOutperform",
        "VisionTransformersOutperforma",
        "VisionTransformersOutperformb",
        "VisionTransformersOutperformc",
    ]


@given(st.text(), st.text(), st.dates().map(str) | st.none())
def test_keys_are_always_ascii_key_characters(title: str, author: str, date: str | None) -> None:
    record = PaperRecord(title, authors=(Author(author),) if author else (), published=date)
    assert KEY.match(base_key(record))
