"""One path from a request to papers: views, tags, search, sort, trash rule, limit and total."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import SAMPLE

from reader.core import listing
from reader.core.library import Library
from reader.core.listing import VIEWS, ListRequest, list_papers
from reader.core.models import Status
from reader.feeds.files import read_feed

STATUSES = (Status.NEW, Status.QUEUED, Status.READ, Status.ARCHIVED)


@pytest.fixture(scope="module")
def triaged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The sample library with every view holding some papers, tagged ones among them."""
    library = Library(tmp_path_factory.mktemp("listing") / "lib")
    library.import_records(read_feed(SAMPLE).records, "hf-page:sample-feed.txt")
    ids = listing.view_ids(library.conn, sort="added")
    for n, status in enumerate(STATUSES):
        library.set_status(ids[n::4], status)
    library.set_starred(ids[::3], True)
    library.add_tags(ids[::5], ["nlp"])
    library.trash(ids[::7])
    yield library
    library.close()


@pytest.mark.parametrize("view", [v.key for v in VIEWS])
def test_a_view_and_a_search_are_intersected(triaged: Library, view: str) -> None:
    found = list_papers(
        triaged.conn, triaged.index, ListRequest(view, query="learning", sort="relevance")
    )
    in_view = set(listing.view_ids(triaged.conn, view))
    searched = triaged.index.search("learning", include_trashed=view == "trash").ids
    assert found.ids == [i for i in searched if i in in_view]
    assert found.ids and found.total == len(found.ids)
    if view != "all":
        assert len(found.ids) < len(triaged.index.search("learning").ids)


@pytest.mark.parametrize("view", [v.key for v in VIEWS])
def test_a_view_saved_as_a_query_lists_the_same_papers(triaged: Library, view: str) -> None:
    for req in (ListRequest(view), ListRequest(view, "nlp"), ListRequest(view, "nlp", "model")):
        query = listing.as_query(req)
        by_index = set(triaged.index.search(query).ids) if query else None
        listed = set(list_papers(triaged.conn, triaged.index, req).ids)
        if by_index is not None:
            assert by_index == listed, (req, query)
        assert listed == set(list_papers(triaged.conn, triaged.index, ListRequest(query=query)).ids)


def test_the_total_counts_every_match_whatever_the_limit(triaged: Library) -> None:
    everything = list_papers(triaged.conn, triaged.index, ListRequest(query="learning"))
    for sort in ("relevance", "date", "title"):
        req = ListRequest(query="learning", sort=sort, limit=3)
        top = list_papers(triaged.conn, triaged.index, req)
        assert len(top.ids) == 3 and top.total == everything.total


def test_tags_all_apply_and_the_trash_rule_is_the_requests(triaged: Library) -> None:
    conn = triaged.conn
    nlp = set(list_papers(conn, None, ListRequest(tags="nlp")).ids)
    starred_nlp = list_papers(conn, None, ListRequest("starred", ("nlp", "NLP"))).ids
    assert starred_nlp and set(starred_nlp) <= nlp
    with_trash = list_papers(conn, None, ListRequest(tags="nlp", include_trash=True)).ids
    trash = set(listing.view_ids(conn, "trash"))
    assert set(with_trash) - nlp == set(with_trash) & trash != set()


def test_sort_direction_reverses_the_natural_order(triaged: Library) -> None:
    conn, index = triaged.conn, triaged.index
    for query in ("", "learning"):
        for sort in ("date", "title", "star", "author"):
            natural = list_papers(conn, index, ListRequest(query=query, sort=sort)).ids
            flipped = not listing.natural_descending(sort)
            other = list_papers(
                conn, index, ListRequest(query=query, sort=sort, descending=flipped)
            ).ids
            assert sorted(natural) == sorted(other)
            if sort in ("date", "title"):
                assert other == natural[::-1]


def test_counts_match_the_lists(triaged: Library) -> None:
    counts = listing.view_counts(triaged.conn)
    assert counts == {v.key: len(listing.view_ids(triaged.conn, v.key)) for v in VIEWS}


def test_bad_views_and_sorts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown view"):
        ListRequest("stared")
    with pytest.raises(ValueError, match="unknown sort"):
        ListRequest(sort="size")


@pytest.mark.parametrize("view", [v.key for v in VIEWS])
def test_a_first_page_is_the_start_of_the_whole_list(triaged: Library, view: str) -> None:
    conn = triaged.conn
    for tags in ((), ("nlp",)):
        for sort in ("date", "title", "added"):
            req = ListRequest(view, tags, sort=sort)
            whole = list_papers(conn, None, req).ids
            for n in (1, 5, 200):
                assert listing.first_page(conn, req, n) == whole[:n], (req, n)


def test_only_lists_sqlite_orders_have_a_first_page(triaged: Library) -> None:
    conn = triaged.conn
    assert listing.first_page(conn, ListRequest(query="learning"), 5) is None
    assert listing.first_page(conn, ListRequest(sort="date", descending=False), 5) is None
    assert listing.first_page(conn, ListRequest(sort="author"), 5) is None
