"""Malformed queries get a readable QueryError; well-formed year ranges still match."""

from __future__ import annotations

import pytest

from reader.core import queries
from reader.core.index import QueryError
from reader.core.library import Library
from reader.core.models import PaperRecord


@pytest.mark.parametrize(
    "query", ["year:[abc TO", "year:abc", "year:[2020 TO", "year:<", "year:2020..", "year:-5"]
)
def test_malformed_year_is_a_query_error(library: Library, query: str) -> None:
    with pytest.raises(QueryError, match=r"year: needs a year or a range"):
        library.index.search(query)


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("year:2021", [2021]),
        ("year:>=2021", [2021, 2024]),
        ("year:<2021", [2019]),
        ("year:[2020 TO 2030]", [2021, 2024]),
        ("year:[2020 to]", [2021, 2024]),
        ("year:{TO 2021]", [2019, 2021]),
        ("(year:2024 OR year:2019)", [2019, 2024]),
    ],
)
def test_year_queries_that_parse_still_match(
    empty_library: Library, query: str, years: list[int]
) -> None:
    records = [PaperRecord(f"Paper of {y}", published=f"{y}-05-01") for y in (2019, 2021, 2024)]
    empty_library.import_records(records, "test")
    ids = empty_library.index.search(query, sort="date").ids
    assert sorted(p.year for p in queries.load_papers(empty_library.conn, ids)) == years
