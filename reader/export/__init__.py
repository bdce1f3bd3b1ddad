"""Exporters: papers in, text out (BibTeX, biblatex, CSL-JSON, RIS, Markdown). Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from reader.core.models import Paper
from reader.export.biblatex import export_biblatex
from reader.export.bibtex import export_bibtex
from reader.export.checks import verify
from reader.export.csljson import export_csljson
from reader.export.errors import ExportError
from reader.export.files import write_atomic
from reader.export.markdown import export_markdown
from reader.export.ris import export_ris

__all__ = ["FORMATS", "ExportError", "Format", "export_papers", "verify", "write_atomic"]


@dataclass(frozen=True)
class Format:
    """An export format as the CLI and the Export dialog offer it."""

    name: str
    extension: str  # with the dot: ".bib"
    label: str
    export: Callable[..., str]  # (papers, *, include_notes) -> text


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("bibtex", ".bib", "BibTeX (ASCII, classic bibtex)", export_bibtex),
        Format(
            "bibtex-utf8",
            ".bib",
            "BibTeX (UTF-8, biber)",
            partial(export_bibtex, ascii_only=False),
        ),
        Format("biblatex", ".bib", "biblatex (UTF-8, biber)", export_biblatex),
        Format("csljson", ".json", "CSL-JSON (pandoc, Zotero)", export_csljson),
        Format("ris", ".ris", "RIS (EndNote, Zotero, Mendeley)", export_ris),
        Format("markdown", ".md", "Markdown reading list", export_markdown),
    )
}


def export_papers(papers: Sequence[Paper], fmt: str, *, include_notes: bool = False) -> str:
    """The papers as text in `fmt` (a FORMATS name); keys are the stored citekeys."""
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise ExportError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    return spec.export(papers, include_notes=include_notes)
