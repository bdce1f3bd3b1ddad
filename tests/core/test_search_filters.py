"""Filter words (is:, status:, tag:, year:) come from SQLite: triage never rewrites the index."""

from __future__ import annotations

from pathlib import Path

from reader.core import health, queries
from reader.core.index import SCHEMA_VERSION
from reader.core.library import Library
from reader.core.models import PaperRecord, Status


def _ids(lib: Library) -> list[int]:
    return [row[0] for row in lib.conn.execute("SELECT id FROM papers ORDER BY id")]


def _index_files(lib: Library) -> list[tuple[str, int]]:
    folder = lib.folder / "index"
    return sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())


def test_triage_and_tags_leave_the_index_alone_and_search_follows(library: Library) -> None:
    ids = _ids(library)
    before = _index_files(library)
    mark = queries.write_mark(library.conn)
    library.set_starred(ids[:3], True)
    library.set_status(ids[3:5], Status.QUEUED)
    library.add_tags(ids[5:8], ["Robotics"])
    library.rename_tag("Robotics", "Robots")
    library.trash([ids[0]])
    assert _index_files(library) == before
    assert library.pending_index_changes() == 0
    assert queries.write_mark(library.conn) > mark  # the window still sees that things changed
    assert sorted(library.index.search("is:starred").ids) == ids[1:3]
    assert sorted(library.index.search("is:starred", include_trashed=True).ids) == ids[:3]
    assert sorted(library.index.search("status:queued").ids) == ids[3:5]
    assert sorted(library.index.search("tag:robots").ids) == ids[5:8]
    assert sorted(library.index.search("robots").ids) == ids[5:8]  # a bare word matches tags
    assert library.index.search("tag:robotics").ids == []
    library.save_note(ids[9], "an axolotl")  # text does reach the index
    assert _index_files(library) != before
    assert library.index.search("axolotl").ids == [ids[9]]
    assert health.check(library) == []


def test_filter_words_combine_with_text_as_before(library: Library) -> None:
    ids = _ids(library)
    library.add_tags(ids[:4], ["computer vision"])
    library.add_tags(ids[2:6], ["compilers"])
    library.set_starred(ids[::2], True)
    search = library.index.search
    assert sorted(search("tag:comp*").ids) == ids[:6]
    assert sorted(search("tag:'computer vision'").ids) == ids[:4]
    assert sorted(search("tag:c?mpilers").ids) == ids[2:6]
    assert set(search("tag:*").ids) == set(search("is:tagged").ids) == set(ids[:6])
    assert set(search("NOT tag:compilers").ids) == set(ids) - set(ids[2:6])
    assert set(search("is:starred AND NOT tag:comp*").ids) == set(ids[6::2])
    assert set(search("tag:compilers OR is:unstarred").ids) == set(ids[2:6]) | set(ids[1::2])
    learning = set(search("learning").ids)
    assert set(search("learning is:starred").ids) == learning & set(ids[::2])
    assert set(search("learning OR tag:compilers").ids) == learning | set(ids[2:6])
    assert search("status:Queued").ids == []  # status words are exact, as they were


def test_year_filters_with_text_and_sorts(empty_library: Library) -> None:
    records = [
        PaperRecord(f"Robots of {y}", "walking robots", published=f"{y}-05-01")
        for y in (2019, 2021, 2024)
    ]
    records.append(PaperRecord("Robots undated", "walking robots"))
    empty_library.import_records(records, "test")
    hits = empty_library.index.search("robots year:>2019", sort="date")
    years = [p.year for p in queries.load_papers(empty_library.conn, hits.ids)]
    assert years == [2024, 2021] and hits.total == 2
    assert empty_library.index.search("year:2019 OR undated").total == 2


def test_an_index_of_an_older_schema_is_rebuilt_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records([PaperRecord("Axolotl regeneration", "limbs")], "test")
        lib.set_starred(_ids(lib), True)
    (folder / "index" / "reader-schema-version").write_text(str(SCHEMA_VERSION - 1))
    repairs: list[str] = []
    with Library(folder, on_index_repair=repairs.append) as lib:
        assert repairs == []  # an upgrade is not damage
        assert (folder / "index" / "reader-schema-version").read_text() == str(SCHEMA_VERSION)
        assert lib.index.search("axolotl is:starred").ids == _ids(lib)
        assert health.check(lib) == []
