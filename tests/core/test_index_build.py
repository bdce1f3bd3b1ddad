"""A rebuilt index holds exactly what Whoosh's own writer and analyzers would write."""

from __future__ import annotations

import io
import pickle
import zlib
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.formats import Positions
from whoosh.system import unpack_int

from bench.generate import generate_records
from reader.core import queries
from reader.core.index_build import build_index, create_index
from reader.core.index_schema import SEP, document, fast_analyzers, index_schema
from reader.core.library import Library
from reader.core.models import Author, PaperRecord

ODD = [
    "",
    "a",
    "The the THE of",
    "İstanbul ΟΔΟΣ Σ'Β naïve Straße x.y.z 3.14 e.g. U.S.A. don't",
    "**bold** _under_ `code` — dash…ellipsis",
    "Wang, Wei ; O'Neil, J. ; van der Berg ; 李 四",
    "to be or not to be" + SEP + "a an the" + SEP + "x",
    "Graph graph GRAPH graphs graphing" + SEP + "graph" + SEP + "graph graph",
]


def _values(field: str) -> list[str]:
    """Odd strings and the generated corpus' titles, abstracts and author lists."""
    records = generate_records(60)
    generated = {
        "text": [SEP.join((r.title, r.abstract, r.title)) for r in records],
        "title": [r.title for r in records],
        "author": [" ; ".join(a.name for a in r.authors) for r in records],
        "note": [r.abstract for r in records],
    }
    return ODD + generated[field]


@pytest.mark.parametrize("field", ["text", "title", "author", "note"])
def test_fast_postings_equal_the_fields_analyzer_and_format(field: str) -> None:
    spec = index_schema()[field]
    fast = fast_analyzers()[field]
    for value in _values(field):
        # Whoosh's own Positions.word_values over the field's analyzer chain, with the
        # field's value encoding: the reference the fast path must give.
        slow = Positions.word_values(spec.format, value, spec.analyzer, mode="index")
        expected = sorted((w.encode(), n, weight, v) for w, n, weight, v in slow)
        assert sorted(fast(value)) == expected, value


def _library_with_notes(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "lib")
    records = generate_records(400)
    records.append(
        PaperRecord(
            "İstanbul naïve Straße",
            "ΟΔΟΣ Σ'Β e.g. U.S.A. " * 30,
            authors=(Author("李 四"), Author("O'Neil, J.")),
        )
    )
    lib.import_records(records, "bench:generated")
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    for paper_id in ids[::7]:
        lib.save_note(paper_id, "Re-read **pruning** and the graph graph section.")
    return lib


def _blocks(ix: whoosh_index.Index) -> dict[tuple[str, bytes], list[object]]:
    """Every term's statistics and its blocks, decoded (headers and inflated data)."""
    out: dict[tuple[str, bytes], list[object]] = {}
    with ix.reader() as reader:
        terms = reader._terms
        for (field, term), info in terms.items():
            offset, (length,) = info.extent()  # whoosh reads the length as a 1-tuple
            raw = terms._postfile.get(offset, length)
            assert raw[:4] == b"W3Bl"
            pos, blocks = 4, []
            while pos < length:
                size = unpack_int(raw[pos : pos + 4])[0]
                block = io.BytesIO(raw[pos + 4 : pos + 4 + abs(size)])
                header = pickle.load(block)  # then the deflated data
                blocks.append((size < 0, header, pickle.loads(zlib.decompress(block.read()))))
                pos += 4 + abs(size)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            out[(field, term)] = [stats, info.max_weight(), info.min_id(), info.max_id(), blocks]
    return out


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files by extension (the compound file opened up)."""
    (seg,) = folder.glob("*.seg")
    storage = CompoundStorage(whoosh_index.open_dir(folder).storage.open_file(seg.name))
    return {name.split(".", 1)[1]: storage.open_file(name).read() for name in storage.list()}


def test_a_rebuild_writes_what_whooshs_writer_writes(tmp_path: Path) -> None:
    lib = _library_with_notes(tmp_path)
    papers = list(queries.iter_papers(lib.conn))
    theirs, ours = tmp_path / "whoosh", tmp_path / "ours"
    theirs.mkdir()
    ours.mkdir()
    ix = create_index(theirs, index_schema())
    with ix.writer() as writer:
        for paper in papers:
            writer.add_document(**document(paper))
    assert build_index(ours, index_schema(), papers) == len(papers)
    mine, whooshs = _segment_files(ours), _segment_files(theirs)
    assert mine.keys() == whooshs.keys()
    for ext in mine.keys() - {"pst", "trm"}:  # columns, stored fields, lengths
        assert mine[ext] == whooshs[ext], ext
    decoded = _blocks(whoosh_index.open_dir(ours))
    assert decoded == _blocks(whoosh_index.open_dir(theirs))
    assert any(len(blocks[-1]) > 1 for blocks in decoded.values())  # multi-block terms too
    assert ("note", b"prune") in decoded and ("author", "李".encode()) in decoded
    lib.close()
