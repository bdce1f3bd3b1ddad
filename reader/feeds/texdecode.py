"""TeX in BibTeX values to Unicode for display: accents decoded, math kept as written."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, SpecialsTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError, get_default_latex_context_db

# Only values with TeX markup go through pylatexenc (about 1 ms each); plain ones are
# handled here, which keeps a 10,000-entry file fast.
_NEEDS_TEX = re.compile(r"[\\$~`]|''")
_RAW_AMPERSAND = re.compile(r"(?<!\\)&")
_MATH = re.compile(r"(\$[^$]*\$)")


def _converter() -> LatexNodes2Text:
    # `--` stays `--`: abstracts hold arXiv's plain-text dashes ("3--5 days"), and an
    # exported-then-imported abstract must read back as it was written.
    texts = text_context_db()
    dashes = [SpecialsTextSpec("--", "--"), SpecialsTextSpec("---", "---")]
    texts.add_context_category("reader-dashes", specials=dashes, prepend=True)
    return LatexNodes2Text(latex_context=texts, math_mode="verbatim", strict_latex_spaces=True)


_CONVERTER = _converter()
# Built once: LatexWalker rebuilds it on every call otherwise, most of a call's cost.
_CONTEXT = get_default_latex_context_db()


def has_raw_ampersand(value: str) -> bool:
    """An unescaped `&`: an alignment tab to TeX, an error for bibtex in ordinary text."""
    return "&" in value and bool(_RAW_AMPERSAND.search(value))


_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
}  # fmt: skip
# `\"o`, `\"{o}`, `\'\i`, `\v{s}`, `\c c`, `\ss`: the accents names and titles use most.
_SIMPLE = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"
    r"|\\([uvHckrdb])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))"
    r"|\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s*)"
)


def _simple(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(4)
    if accent is None:
        return _LETTERS[match.group(7)]
    base = (match.group(2) or match.group(3) or match.group(5) or match.group(6)).lstrip("\\")
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


@lru_cache(maxsize=16384)
def tex_to_text(value: str) -> str:
    """'Mart{\\'\\i}n' -> 'Martín', 'Tensor{F}low' -> 'TensorFlow', '$16\\times 16$' kept.

    Plain accents are decoded here (pylatexenc takes about 1 ms a value, too slow for a
    10,000-entry file); anything else with TeX markup goes through pylatexenc.
    """
    value = " ".join(value.split())
    quick = _SIMPLE.sub(_simple, value) if "\\" in value else value
    # Math is kept verbatim, so only the text between `$...$` pairs needs decoding.
    parts = _MATH.split(quick)
    if not any(_NEEDS_TEX.search(text) for text in parts[::2]):
        return "".join(
            p if i % 2 else p.replace("{", "").replace("}", "") for i, p in enumerate(parts)
        )
    # A raw `&` would become an alignment gap; the user meant an ampersand.
    value = _RAW_AMPERSAND.sub(r"\\&", value)
    try:
        nodes = LatexWalker(value, latex_context=_CONTEXT, tolerant_parsing=True).get_latex_nodes()
        text = _CONVERTER.nodelist_to_text(nodes[0])
    except (LatexWalkerError, RecursionError):  # what it cannot read is shown as written
        return value.replace("{", "").replace("}", "")
    return " ".join(text.replace("\xa0", " ").split())


# Accent and letter macros only: `{\"o}`, `\'e`, `\v{s}`, `{\ss}`, `\o{}`.
_ACCENT = re.compile(
    r"\{\\[`'^\"~=.][a-zA-Z]\}|\{\\[`'^\"~=.uvHtcdbkr]\s*\{?\\?[a-zA-Z]\}?\}"
    r"|\\[`'^\"~=.]\{?\\?[a-zA-Z]\}?|\\[uvHtcdbkr]\{\\?[a-zA-Z]\}"
    r"|\{\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)\}|\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L)\{\}"
)


_ESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\^{}": "^",
    r"\~{}": "~",
    **{f"\\{c}": c for c in "%&#_$"},
}
_ESCAPE = re.compile("|".join(re.escape(e) for e in _ESCAPES))
# Reader's export wraps a bare math command as \ensuremath{\times}; undo that too.
_ENSUREMATH = re.compile(r"\\ensuremath\{(\\[A-Za-z]+)\}")


def decode_accents(value: str) -> str:
    """Accents to Unicode and the escapes of FORMATS.md (`\\%`, `\\_`, `\\textbackslash{}`)
    undone; other TeX (`1^{+1.39}_{-0.59}`, `$O(n)$`) stays as written. For abstracts,
    whose TeX residue Reader keeps as the source gave it."""
    text = " ".join(value.split())
    if "\\" not in text:
        return text
    text = _ENSUREMATH.sub(r"\1", text)
    text = _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return _ACCENT.sub(lambda m: tex_to_text(m.group(0)), text)
