"""Re-read an export before it is written: the file must say exactly what we meant."""

from __future__ import annotations

import json
from collections.abc import Sequence

from reader.core.models import Paper
from reader.export.biblatex import biblatex_entries
from reader.export.bibtex import Entry, bibtex_entries
from reader.export.errors import ExportError
from reader.export.ris import LINE_RE

NOTE_FIELDS = frozenset({"annote", "annotation"})


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def expected_entries(fmt: str, papers: Sequence[Paper]) -> list[Entry]:
    """The entries the exporter writes for a BibTeX-family format, notes included."""
    if fmt == "biblatex":
        return biblatex_entries(papers, include_notes=True)
    return bibtex_entries(papers, ascii_only=fmt == "bibtex", include_notes=True)


def _compare_entry(fmt: str, n: int, parsed: object, want: Entry) -> None:
    key = getattr(parsed, "key", None)
    where = f"{fmt} export, entry {n} ({want.key})"
    if key != want.key:
        raise ExportError(f"{where}: reads back with key {_short(key)}")
    if getattr(parsed, "entry_type", "").lower() != want.type:
        raise ExportError(f"{where}: reads back as @{parsed.entry_type}")  # type: ignore[attr-defined]
    got = {f.key: f.value for f in parsed.fields}  # type: ignore[attr-defined]
    # Notes are optional (include_notes); when present they must read back like the rest.
    wanted = {f.name: f.value for f in want.fields if f.name not in NOTE_FIELDS or f.name in got}
    for name in sorted(got.keys() | wanted.keys()):
        if got.get(name) != wanted.get(name):
            raise ExportError(
                f"{where}: field {name!r} reads back as {_short(got.get(name))}, "
                f"expected {_short(wanted.get(name))}"
            )


def verify_bib(text: str, fmt: str, papers: Sequence[Paper]) -> None:
    """bibtexparser must read every entry back with the same key, type and field values."""
    import bibtexparser  # imported here: only exports pay for its start-up

    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = getattr(block, "start_line", "?")
        raise ExportError(f"{fmt} export does not parse (line {line}): {block.error}")
    extra = len(library.blocks) - len(library.entries)
    if extra:
        raise ExportError(f"{fmt} export has {extra} blocks that are not entries")
    want = expected_entries(fmt, papers)
    if len(library.entries) != len(want):
        raise ExportError(
            f"{fmt} export reads back {len(library.entries)} entries, expected {len(want)}"
        )
    for n, (parsed, entry) in enumerate(zip(library.entries, want, strict=True), 1):
        _compare_entry(fmt, n, parsed, entry)


def verify_csljson(text: str, papers: Sequence[Paper]) -> None:
    """Valid JSON: an array of items with id, type and title, ids equal to the keys."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(f"csljson export is not JSON: {err}") from err
    if not isinstance(items, list) or len(items) != len(papers):
        raise ExportError("csljson export is not an array with one item per paper")
    for item, paper in zip(items, papers, strict=True):
        missing = {"id", "type", "title"} - set(item)
        if missing or item["id"] != paper.citekey:
            raise ExportError(f"csljson item for {paper.citekey!r} is wrong: missing {missing}")


def verify_ris(text: str, papers: Sequence[Paper]) -> None:
    """Every line is `XX  - value`; records open with TY, close with ER, one per paper."""
    keys: list[str] = []
    open_record = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line:
            continue
        if not LINE_RE.fullmatch(line):
            raise ExportError(f"ris export line {n} is not a RIS tag line: {_short(line)}")
        tag, value = line[:2], line[6:]
        if (tag == "TY") == open_record or (tag != "TY" and not open_record):
            raise ExportError(f"ris export line {n}: {tag} outside a TY ... ER record")
        open_record = tag != "ER"
        if tag == "ID":
            keys.append(value)
    if open_record or keys != [p.citekey for p in papers]:
        raise ExportError("ris export records do not match the papers")


def verify_markdown(text: str, papers: Sequence[Paper]) -> None:
    """Each paper's key line appears, in order."""
    lines = iter(text.splitlines())
    for paper in papers:
        want = f"- Key: `{paper.citekey}`"
        if not any(line == want for line in lines):
            raise ExportError(f"markdown export lost the section for {paper.citekey!r}")


def verify(text: str, fmt: str, papers: Sequence[Paper]) -> None:
    """Raise ExportError unless `text` reads back as the export of `papers` in `fmt`."""
    if fmt in ("bibtex", "bibtex-utf8", "biblatex"):
        if fmt == "bibtex" and not text.isascii():
            raise ExportError("bibtex (ASCII) export contains non-ASCII characters")
        verify_bib(text, fmt, papers)
    elif fmt == "csljson":
        verify_csljson(text, papers)
    elif fmt == "ris":
        verify_ris(text, papers)
    elif fmt == "markdown":
        verify_markdown(text, papers)
    else:
        raise ExportError(f"unknown export format {fmt!r}")
