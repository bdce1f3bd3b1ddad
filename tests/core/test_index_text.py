"""Title, abstract and note searched as one field: same matches, phrases kept apart."""

from __future__ import annotations

import pytest
from whoosh.formats import Positions

from reader.core import index_rank
from reader.core.index_schema import SEP, index_schema
from reader.core.library import Library
from reader.core.models import PaperRecord

TEXTS = [
    "Large Language Models" + SEP + "Of the models, THE best is here." + SEP + "",
    "" + SEP + "a an the" + SEP + "Reminds me of **zebrafish** retina-work x.y.z",
    "Über Straße ÆON naïve café 3.14 e.g. U.S.A." + SEP + "to be or not to be" + SEP + "it's",
    "the" + SEP + "" + SEP + "",
    SEP.join(["Attention is all you need", "We propose the Transformer, " * 3, "note: re-read"]),
]


@pytest.mark.parametrize("value", TEXTS)
def test_the_fast_text_postings_equal_the_analyzer_chain(value: str) -> None:
    field = index_schema()["text"]
    fast = sorted(field.format.word_values(value, field.analyzer, mode="index"))
    slow = Positions(field_boost=1.0).word_values(value, field.analyzer, mode="index")
    decoded = sorted(
        (w, n, weight, field.format.decode_positions(field.format.encode(slow_positions)))
        for w, n, weight, slow_positions in (
            (w, n, weight, Positions().decode_positions(v)) for w, n, weight, v in slow
        )
    )
    assert [(w, n, weight, field.format.decode_positions(v)) for w, n, weight, v in fast] == decoded


def test_phrases_stay_inside_title_abstract_or_note(empty_library: Library) -> None:
    lib = empty_library
    lib.import_records(
        [
            PaperRecord("Deep graph", "Networks of neurons.", published="2020-01-01"),
            PaperRecord("Graph networks", "Deep learning on graphs.", published="2021-01-01"),
        ],
        "test",
    )
    first, second = (r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id"))
    assert lib.index.search('"graph networks"').ids == [second]  # not across title|abstract
    assert lib.index.search("abstract:deep").ids == [second]
    assert lib.index.search('abstract:"deep learning"').ids == [second]
    assert lib.index.search("abstract:neur*").ids == [first]
    assert lib.index.search("title:deep").ids == [first]
    lib.save_note(first, "graph networks, again")
    assert sorted(lib.index.search('"graph networks"').ids) == [first, second]
    assert lib.index.search('abstract:"graph networks"').ids == []
    # A word in the title outranks the same word in an abstract and a note.
    assert lib.index.search("networks").ids == [second, first]


QUERIES = ["learning", "vision transformer", '"language model"', "model OR vision", "diffusion"]


@pytest.mark.parametrize("sort", ["relevance", "date", "title"])
def test_block_ranking_orders_exactly_as_whoosh_does(
    library: Library, sort: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [r[0] for r in library.conn.execute("SELECT id FROM papers ORDER BY id")]
    library.save_note(ids[3], "a learning note")  # a replaced document, deleted underneath
    library.trash(ids[:5])
    fast = {q: library.index.search(q, sort=sort, limit=7) for q in QUERIES}
    monkeypatch.setattr(index_rank.Ranker, "supports", lambda self, q: False)
    library.index.refresh()
    library.index._docmap = None  # a fresh searcher's map, as after any commit
    for query, hits in fast.items():
        assert hits == library.index.search(query, sort=sort, limit=7), query
        assert hits.total > 0 and not set(hits.ids) & set(ids[:5])
