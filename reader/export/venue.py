"""Where a paper was published: the entry type and venue fields a bibliography writes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import Paper

# Entry types kept as a source gave them; anything else is decided from the venue.
_KEPT_TYPES = {"article", "inproceedings", "incollection", "book"}
_PROCEEDINGS = re.compile(
    r"\b(?:proc\.?|proceedings|conference|workshops?|symposium|meeting|congress)\b"
    r"|\b(?:ICLR|NeurIPS|NIPS|ICML|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|AAAI|IJCAI|KDD|SIGIR)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Publication:
    """The entry type a published paper takes, and its venue (journal or proceedings)."""

    type: str  # article, inproceedings, incollection or book
    venue: str

    @property
    def container_field(self) -> str | None:
        """BibTeX's name for the venue: journal, booktitle, or none (a book)."""
        return {"article": "journal", "book": None}.get(self.type, "booktitle")


def publication(paper: Paper) -> Publication | None:
    """The publication a preprint's journal_ref (or a source's venue) names; None when
    the paper is only a preprint or a web page."""
    venue = (paper.venue or paper.journal_ref or "").strip()
    kind = (paper.entry_type or "").strip().lower()
    if kind in _KEPT_TYPES and (venue or kind == "book"):
        return Publication(kind, venue)
    if not venue:
        return None
    return Publication("inproceedings" if _PROCEEDINGS.search(venue) else "article", venue)
