"""Citation keys: family name + three significant title words + year, ASCII, unique."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol

from reader.core.models import Author, PaperRecord
from reader.core.tex_display import tex_text

# Words Better BibTeX's shorttitle skips, plus the question words that open titles.
FUNCTION_WORDS = frozenset(
    """a an the and or nor but of for on in at to from by with without within into onto
    upon over under about above below between among through via per vs versus as is are
    be was were do does did can could should would will shall may might must when what
    which who whom whose why how where whether that this these those its it their our
    your we you they not no yes all any toward towards beyond than then so if""".split()
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωςϵϑϕ",
        "a b g d e z e th i k l m n x o p r s t u ph ch ps o s e th ph".split(),
        strict=True,
    )
)
_NOT_KEY = re.compile(r"[^A-Za-z0-9_:.-]")
_MACRO = re.compile(r"\\[A-Za-z@]+\*?")  # a macro tex_text did not know, kept as written
_KEY = re.compile(r"[A-Za-z0-9_:.-]+")


class Keyable(Protocol):
    """What a key is made of: a record from a feed or a paper in the library."""

    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> Sequence[Author]: ...
    @property
    def published(self) -> str | None: ...


def valid_key(key: str) -> bool:
    """True for keys BibTeX, biber and file names all accept."""
    return bool(_KEY.fullmatch(key)) and len(key) <= 100


def ascii_fold(text: str) -> str:
    """Latin accents stripped, Greek letters transliterated, anything else dropped."""
    if text.isascii():
        return text
    out = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            out.append(char)
        elif char.lower() in _GREEK:
            latin = _GREEK[char.lower()]
            out.append(latin.capitalize() if char.isupper() else latin)
        elif unicodedata.category(char).startswith("Z"):
            out.append(" ")
    return "".join(out)


def _title_words(title: str) -> list[str]:
    words = re.split(r"[^A-Za-z0-9]+", ascii_fold(title))
    return [w for w in words if w and w.lower() not in FUNCTION_WORDS]


def title_text(title: str) -> str:
    """The words a reader sees in a TeX title: `\\emph{Provable}` -> `Provable`."""
    return _MACRO.sub(" ", tex_text(title))


def base_key(record: Keyable) -> str:
    """The key before clash handling; 'paper' when title and authors give nothing."""
    return _base_key(record, title_text(record.title))


def raw_title_base_key(record: Keyable) -> str:
    """The key as Reader made it before titles were read as TeX (`smithEmphProvable2020`).

    Keys are stored once and never change, so keys of this form stay valid: rekey
    must not take them for keys outside the scheme.
    """
    return _base_key(record, record.title)


def _base_key(record: Keyable, title: str) -> str:
    family = ""
    if record.authors:
        first = record.authors[0]
        name = first.family or (first.name.split()[-1] if first.name.split() else "")
        family = re.sub(r"[^a-z0-9]", "", ascii_fold(name).lower())
    words = "".join(w[0].upper() + w[1:] for w in _title_words(title)[:3])
    published = record.published or ""
    # A record may carry a year and no date (BibTeX); a Paper's year comes from its date.
    year = published[:4] if published[:4].isdigit() else str(getattr(record, "year", "") or "")
    key = _NOT_KEY.sub("", f"{family}{words}{year}")
    return key or "paper"


def provisional_key(record: PaperRecord) -> str:
    """The key of an identifier awaiting lookup: `arXiv:2106.01548`, `doi:10.1000.xyz`."""
    if record.arxiv_id:
        raw = f"arXiv:{record.arxiv_id}"
    elif record.doi:
        raw = f"doi:{record.doi}"
    else:
        return base_key(record)
    return _NOT_KEY.sub("", raw.replace("/", "."))


def _suffixes() -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return list(letters) + [a + b for a in letters for b in letters]


def unique_key(base: str, taken: Callable[[str], bool]) -> str:
    """base if free, else base + a, b, ... z, aa, ab, ...: the later paper takes the suffix."""
    if not taken(base):
        return base
    for suffix in _suffixes():
        if not taken(base + suffix):
            return base + suffix
    raise ValueError(f"more than {len(_suffixes())} papers share the citation key {base}")
