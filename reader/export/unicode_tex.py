"""Unicode characters spelled in ASCII LaTeX, for classic 8-bit BibTeX."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Combining marks (from NFD) -> the LaTeX accent command that draws them.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}

# Letters and punctuation with a text-mode spelling.
_TEXT = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "ȷ": r"{\j}",
    "\u00a0": "~",
    "\u2013": "--",
    "\u2014": "---",
    "\u2010": "-",
    "\u2011": "-",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2026": r"\ldots{}",
    "\u2032": "'",
    "°": r"\textdegree{}",
    "©": r"\textcopyright{}",
    "®": r"\textregistered{}",
    "™": r"\texttrademark{}",
    "§": r"\S{}",
    "¶": r"\P{}",
    "•": r"\textbullet{}",
    "·": r"\textperiodcentered{}",
    "£": r"\pounds{}",
    "¹": r"\textsuperscript{1}",
    "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}",
}

# Symbols that only exist in math mode: written as {\ensuremath{\cmd}} in text.
_MATH = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "varepsilon",
    "ϵ": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ϑ": "vartheta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ϖ": "varpi",
    "ρ": "rho",
    "ϱ": "varrho",
    "σ": "sigma",
    "ς": "varsigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "varphi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Θ": "Theta",
    "Λ": "Lambda",
    "Ξ": "Xi",
    "Π": "Pi",
    "Σ": "Sigma",
    "Υ": "Upsilon",
    "Φ": "Phi",
    "Ψ": "Psi",
    "Ω": "Omega",
    "×": "times",
    "÷": "div",
    "±": "pm",
    "∓": "mp",
    "−": "-",
    "≤": "leq",
    "≥": "geq",
    "≠": "neq",
    "≈": "approx",
    "∼": "sim",
    "≃": "simeq",
    "≡": "equiv",
    "∝": "propto",
    "≪": "ll",
    "≫": "gg",
    "∞": "infty",
    "∂": "partial",
    "∇": "nabla",
    "∑": "sum",
    "∏": "prod",
    "∫": "int",
    "√": "surd",
    "∈": "in",
    "∉": "notin",
    "⊂": "subset",
    "⊆": "subseteq",
    "∪": "cup",
    "∩": "cap",
    "∅": "emptyset",
    "∀": "forall",
    "∃": "exists",
    "¬": "neg",
    "∧": "wedge",
    "∨": "vee",
    "⊕": "oplus",
    "⊗": "otimes",
    "∘": "circ",
    "⋅": "cdot",
    "∗": "ast",
    "→": "rightarrow",
    "←": "leftarrow",
    "↔": "leftrightarrow",
    "⇒": "Rightarrow",
    "⇐": "Leftarrow",
    "⇔": "Leftrightarrow",
    "↑": "uparrow",
    "↓": "downarrow",
    "ℓ": "ell",
    "ℏ": "hbar",
    "⟨": "langle",
    "⟩": "rangle",
    "†": "dagger",
    "‡": "ddagger",
}


def _math_spelling(name: str) -> str:
    return name if not name.isalpha() else "\\" + name


def _accented(ch: str) -> str | None:
    """`ü` -> `{\\"u}`: an ASCII letter under accents LaTeX knows, else None."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()) or not marks:
        return None
    if any(m not in _ACCENTS for m in marks):
        return None
    inner = r"\i" if base == "i" else (r"\j" if base == "j" else base)
    for mark in marks:
        cmd = _ACCENTS[mark]
        # A one-symbol accent on a plain letter is the classic BibTeX form {\"u}.
        if not cmd.isalpha() and len(inner) == 1:
            inner = f"\\{cmd}{inner}"
        else:
            inner = f"\\{cmd}{{{inner}}}"
    return "{" + inner + "}"


@lru_cache(maxsize=4096)
def text_spelling(ch: str) -> str:
    """How one non-ASCII character is written in ASCII text mode (never fails)."""
    if ch in _TEXT:
        return _TEXT[ch]
    if ch in _MATH:
        return "{\\ensuremath{" + _math_spelling(_MATH[ch]) + "}}"
    accented = _accented(ch)
    if accented is not None:
        return accented
    compat = unicodedata.normalize("NFKD", ch)
    if compat.isascii() and compat.isprintable() and not any(c in "\\{}$%&#_^~" for c in compat):
        return compat
    # No ASCII spelling: keep the code point visible rather than silently dropping it.
    return f"[U+{ord(ch):04X}]"


@lru_cache(maxsize=4096)
def math_spelling(ch: str) -> str | None:
    """How one non-ASCII character is written inside $...$, or None if TeX has no name."""
    if ch in _MATH:
        return "{" + _math_spelling(_MATH[ch]) + "}"
    return None
