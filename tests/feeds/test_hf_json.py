"""Hugging Face papers JSON: daily-papers lists, one item, and the /api/papers/{id} object."""

from __future__ import annotations

import json
from collections.abc import Callable

from reader.core.models import Link
from reader.feeds import parse_feed

Sample = Callable[[str], bytes]


def test_daily_papers_list_collapses_wraps_and_keeps_authors(sample: Sample) -> None:
    result = parse_feed(sample("hf_daily_papers_2024-10-25_first3.json"))
    assert (result.kind, result.label) == ("hf-json", "Hugging Face JSON")
    assert len(result.records) == 3
    first = result.records[0]
    assert first.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    )
    assert "\n" not in first.abstract and "  " not in first.abstract
    assert first.abstract.startswith("Contrastive loss is a powerful approach")
    assert first.arxiv_id == "2410.17243"
    assert [a.name for a in first.authors][:2] == ["Zesen Cheng", "Hang Zhang"]
    assert len(first.authors) == 9
    assert (first.published, first.year) == ("2024-10-22", 2024)


def test_item_with_ai_fields_links_and_keywords(sample: Sample) -> None:
    (record,) = parse_feed(sample("hf_daily_papers_item_2026-03-06_with_ai_fields.json")).records
    assert record.arxiv_id == "2602.23229"
    assert record.upvotes == 10
    assert Link("code", "https://github.com/marco-garosi/CIRCLE") in record.links
    assert Link("project", "https://circle-lmm.github.io/") in record.links
    assert record.keywords[:2] == ("Vision-Language Models", "Large Multimodal Models")
    assert len(record.keywords) == 9
    assert record.listing_date == "2026-03-06"
    assert record.year == 2026


def test_single_paper_object(sample: Sample) -> None:
    (record,) = parse_feed(sample("hf_paper_object_2509.04664_from_python_literal.json")).records
    assert (record.arxiv_id, record.title) == ("2509.04664", "Why Language Models Hallucinate")
    assert [a.name for a in record.authors][-1] == "Edwin Zhang"
    assert "\n" not in record.abstract
    assert "hallucinations" in record.keywords


def test_hidden_authors_kept_unless_nameless_and_missing_fields_tolerated() -> None:
    items = [
        {
            "paper": {
                "id": "2401.00001",
                "title": "A Paper",
                "authors": [
                    {"name": "Shown", "hidden": False},
                    {"name": "Hidden Profile", "hidden": True},
                    {"name": "", "hidden": True},
                ],
            }
        },
        {"paper": {"id": "2401.00002", "title": "Bare"}},
    ]
    result = parse_feed(json.dumps(items).encode())
    assert [a.name for a in result.records[0].authors] == ["Shown", "Hidden Profile"]
    bare = result.records[1]
    assert (bare.abstract, bare.authors, bare.published, bare.upvotes) == ("", (), None, None)


def test_csl_item_keyed_by_an_arxiv_id_is_not_taken_for_hf() -> None:
    # Reader exports a pending paper under its provisional key `arXiv:2106.01548`.
    item = {"id": "arXiv:2106.01548", "type": "article", "title": "T", "number": "2106.01548"}
    result = parse_feed(json.dumps([item]).encode())
    assert result.kind == "csl-json"
