"""Frozen value types shared by every layer: records from feeds, papers from the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

PaperId = NewType("PaperId", int)


class Status(StrEnum):
    """Where a paper is in the user's reading flow."""

    NEW = "new"
    QUEUED = "queued"
    READ = "read"
    ARCHIVED = "archived"


@dataclass(frozen=True)
class Link:
    """A typed URL: kind is one of code, project, pdf, abs, doi, other."""

    kind: str
    url: str


@dataclass(frozen=True)
class Author:
    """One author, in feed order; family/given split when the source tells it."""

    name: str
    family: str = ""
    given: str = ""
    affiliation: str = ""  # as the source gives it (arXiv API), several joined by "; "


@dataclass(frozen=True)
class PaperRecord:
    """What a feed parser knows about one paper: feed data only, never user data."""

    title: str
    abstract: str = ""
    authors: tuple[Author, ...] = ()
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    doi: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    updated: str | None = None
    listing_date: str | None = None
    categories: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    upvotes: int | None = None
    journal_ref: str | None = None
    comment: str | None = None
    line: int | None = None  # where the record starts in its source, for messages
    # Identifiers only (a plain list of ids/URLs): no metadata yet, awaiting a lookup.
    pending: bool = False
    citekey_hint: str | None = None  # the source's own key (BibTeX entry key, CSL id)
    entry_type: str | None = None  # article, inproceedings, misc, ... (BibTeX vocabulary)
    venue: str | None = None  # journal or booktitle
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    keywords: tuple[str, ...] = ()  # the source's keywords (HF ai_keywords), never user tags
    announce_type: str | None = None  # arXiv listing: new, cross, replace, replace-cross
    year: int | None = None  # when the source gives a year but no full date


@dataclass(frozen=True)
class Skip:
    """An entry a parser or an import left out, and why."""

    where: str  # "line 12", "entry 3"
    reason: str


@dataclass(frozen=True)
class ParseResult:
    """A parser's output: the records it understood and what it skipped."""

    records: list[PaperRecord]
    skipped: list[Skip] = field(default_factory=list)
    # Entries kept but worth a look (a raw `&`, a malformed author list): imported, reported.
    warnings: list[Skip] = field(default_factory=list)
    kind: str = "hf-page"  # which parser understood the input (stable, stored as the source)
    label: str = "Hugging Face page"  # the same, for people: "107 new ... (Hugging Face page)"


@dataclass(frozen=True)
class Paper:
    """A paper as the library holds it: feed data plus the user's data."""

    id: PaperId
    citekey: str
    title: str
    abstract: str
    authors: tuple[Author, ...]
    arxiv_id: str | None
    arxiv_version: int | None
    doi: str | None
    published: str | None
    updated: str | None
    listing_date: str | None
    categories: tuple[str, ...]
    links: tuple[Link, ...]
    upvotes: int | None
    journal_ref: str | None
    comment: str | None
    source: str
    imported: str
    added: str
    modified: str
    starred: bool
    status: Status
    tags: tuple[str, ...]
    note: str
    note_modified: str | None
    trashed: bool
    pending: bool = False  # an identifier awaiting lookup
    entry_type: str | None = None
    venue: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    keywords: tuple[str, ...] = ()
    revised: str | None = None  # when a new version arrived after the user engaged with it
    previous_abstract: str | None = None  # the abstract before that new version

    @property
    def updated_flag(self) -> bool:
        """A new version arrived since the user read, starred, queued or noted it."""
        return self.revised is not None

    @property
    def year(self) -> int | None:
        """Publication year, when the source gave a date."""
        if self.published and self.published[:4].isdigit():
            return int(self.published[:4])
        return None

    @property
    def date(self) -> str | None:
        """The best date to show and sort by: published, else the listing date."""
        return self.published or self.listing_date

    @property
    def main_link(self) -> str | None:
        """The link to open for this paper: abstract page, else PDF, code, project."""
        order = {"abs": 0, "pdf": 1, "doi": 2, "project": 3, "code": 4}
        ranked = sorted(self.links, key=lambda link: order.get(link.kind, 9))
        return ranked[0].url if ranked else None
