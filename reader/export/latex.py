"""TeX escaping for BibTeX/biblatex values: every value compiles and keeps braces balanced.

Normalisation, applied to every ordinary (non-verbatim) value before escaping:

1. Unicode NFC; control characters (category Cc/Cs, e.g. NUL, ESC) are dropped; every run
   of whitespace (spaces, tabs, newlines, paragraph breaks) becomes one space; ends are
   stripped.  BibTeX ignores line structure, a blank line inside a value is a paragraph
   break that breaks LaTeX macro arguments, and one line per value keeps `@` from ever
   starting a line inside a value (where bibtexparser would read a new entry).
2. In ASCII mode (classic `bibtex`) every non-ASCII character is spelled in LaTeX
   (`ü` -> `{\\"u}`, `ε` -> `{\\ensuremath{\\varepsilon}}`, `–` -> `--`); characters with no
   LaTeX spelling become `[U+XXXX]` so nothing disappears silently.

Two escapers share those rules:

`escape_plain` is for text that is not TeX (notes in Markdown, tags): every special is
written literally: `\\` -> `\\textbackslash{}`, `{` -> `\\textbraceleft{}`, `}` ->
`\\textbraceright{}`, `$ % & # _` -> `\\$ \\% \\& \\# \\_`, `~` -> `\\textasciitilde{}`,
`^` -> `\\textasciicircum{}`.  `unescape_plain` inverts it exactly (UTF-8 mode).

`escape_tex` is for feed text that may already be TeX (titles, abstracts): valid TeX passes
through unchanged, so `\\%`, `$O(n)$`, `\\"u`, `\\emph{x}` and ties (`~`) are never escaped
twice (the function is idempotent).  Everything else is repaired in place:
`% & # _` -> `\\% \\& \\# \\_`; `^` outside math -> `\\^{}`; a math-only command outside math
(`\\times`, `\\alpha`) -> `\\ensuremath{\\times}`; an unknown or malformed command (`\\aka`,
`\\1`, `\\\\`, an accent without a letter) -> `\\textbackslash{}` + the rest as text; a `$`
without a closing `$`, or whose math would not compile (unknown command, `%`, `&`, dangling
`^`, double superscript, unbalanced braces), -> `\\$`; `$$` -> `\\$\\$`.

Braces: group braces `{ }` are matched among themselves and escaped braces `\\{ \\}` among
themselves; every unmatched one becomes `\\textbraceleft{}` / `\\textbraceright{}`.  A
backslash-escaped brace is not enough: BibTeX and pybtex count `\\}` as a closing brace while
bibtexparser does not, so a lone `\\}` would end the field early for one of them.  After
escaping, no value contains an unmatched brace or a `\\` directly before `{`/`}` other than a
matched `\\{ \\}` pair, so no input can close a field early or inject fields or entries.
"""

from __future__ import annotations

import re
import unicodedata

from reader.export.mathcheck import math_compiles
from reader.export.texnames import MATH_SYMBOLS, TEXT_ARG, TEXT_SYMBOLS
from reader.export.unicode_tex import math_spelling, text_spelling

_ACCENT_SYMBOLS = frozenset("\"'^~`=.")
_KEEP_SYMBOLS = frozenset("%&#_$, -/")

_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Each token starts with one special character; starting the pattern with a character class
# lets the regex engine skip plain text quickly (3x faster than an alternation).
_TOKEN_ASCII = re.compile(
    r"[\\${}%&#_^\x80-\U0010ffff](?:(?<=\\)(?:[A-Za-z]+|.)?|(?<=\$)\$?|)", re.S
)
_TOKEN_UTF8 = re.compile(r"[\\${}%&#_^](?:(?<=\\)(?:[A-Za-z]+|.)?|(?<=\$)\$?|)", re.S)
_NEEDS_ASCII = re.compile(r"[\\${}%&#_^\x80-\U0010ffff]")
_NEEDS_UTF8 = re.compile(r"[\\${}%&#_^]")
# `{\cmd}`, or `{-}`: the one non-command spelling unicode_tex writes (U+2212 minus).
_ENSUREMATH = re.compile(r"\{(?:\\([A-Za-z]+)|(-))\}")
_PLAIN_SPECIAL_ASCII = re.compile(r"[\\{}$%&#_~^]|[^\x00-\x7f]")
_PLAIN_SPECIAL_UTF8 = re.compile(r"[\\{}$%&#_~^]")
_PLAIN = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "$%&#_"},
}
_UNPLAIN = re.compile("|".join(re.escape(v) for v in sorted(_PLAIN.values(), key=len)[::-1]))
_UNPLAIN_MAP = {v: k for k, v in _PLAIN.items()}


def clean(text: str) -> str:
    """Normalisation step 1: NFC, no control characters, single spaces, stripped."""
    # str.split() is the fast path (C) for collapsing whitespace; the regexes and NFC only
    # run on the rare text that needs them.  Whitespace controls (newline, tab) become
    # spaces before the other controls are dropped.
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = " ".join(_CONTROL.sub("", text).split())
    return text


def escape_plain(text: str, *, ascii_only: bool) -> str:
    """Literal text (a note, a tag) as a TeX value that prints exactly that text."""
    text = clean(text)
    special = _PLAIN_SPECIAL_ASCII if ascii_only else _PLAIN_SPECIAL_UTF8
    return special.sub(lambda m: _PLAIN.get(m.group()) or text_spelling(m.group()), text)


def unescape_plain(value: str) -> str:
    """Inverse of `escape_plain` in UTF-8 mode: the text a reader of the value sees."""
    return _UNPLAIN.sub(lambda m: _UNPLAIN_MAP[m.group()], value)


def _unmatched_braces(tokens: list[re.Match[str]]) -> set[int]:
    """Indexes of brace tokens with no partner; `{}` and `\\{\\}` are matched separately."""
    groups: list[int] = []
    escaped: list[int] = []
    lonely: set[int] = set()
    for i, m in enumerate(tokens):
        t = m.group()
        if t in ("{", "\\{"):
            (groups if t == "{" else escaped).append(i)
        elif t in ("}", "\\}"):
            stack = groups if t == "}" else escaped
            if stack:
                stack.pop()
            else:
                lonely.add(i)
    return lonely | set(groups) | set(escaped)


class _TexEscaper:
    """One pass over the special tokens of a text; plain runs between them are copied."""

    def __init__(self, text: str, ascii_only: bool) -> None:
        self.text = text
        self.ascii_only = ascii_only
        self.tokens = list((_TOKEN_ASCII if ascii_only else _TOKEN_UTF8).finditer(text))
        self.lonely = _unmatched_braces(self.tokens)
        self.out: list[str] = []

    def run(self) -> str:
        pos, i = 0, 0
        while i < len(self.tokens):
            m = self.tokens[i]
            self.out.append(self.text[pos : m.start()])
            pos, i = self.token(i)
        self.out.append(self.text[pos:])
        return "".join(self.out)

    def _opens_group(self, i: int, at: int) -> bool:
        """Whether token i exists, starts at `at`, and is a matched `{`."""
        return (
            i < len(self.tokens)
            and self.tokens[i].start() == at
            and self.tokens[i].group() == "{"
            and i not in self.lonely
        )

    def token(self, i: int) -> tuple[int, int]:
        """Write token i; return where plain copying resumes and the next token index."""
        m = self.tokens[i]
        t = m.group()
        if t == "$":
            return self.math(i)
        if t in ("{", "}", "\\{", "\\}"):
            if i in self.lonely:
                self.out.append(r"\textbraceleft{}" if t.endswith("{") else r"\textbraceright{}")
            else:
                self.out.append(t)
        elif t == "$$":
            self.out.append(r"\$\$")
        elif t in "%&#_":
            self.out.append("\\" + t)
        elif t == "^":
            self.out.append(r"\^{}")
        elif not t.startswith("\\"):
            self.out.append(text_spelling(t))
        else:
            return self.command(i)
        return m.end(), i + 1

    def command(self, i: int) -> tuple[int, int]:
        """A backslash token: keep valid TeX, else escape the backslash alone."""
        m = self.tokens[i]
        name = m.group()[1:]
        end = m.end()
        nxt = self.text[end : end + 1]
        if name == "ensuremath":
            arg = _ENSUREMATH.match(self.text, end)
            if arg and (arg.group(1) in MATH_SYMBOLS or arg.group(2)):
                self.out.append(m.group() + arg.group())
                return arg.end(), self._skip_to(arg.end(), i)
        elif (
            name in TEXT_SYMBOLS
            or name in _KEEP_SYMBOLS
            or (name in TEXT_ARG and self._opens_group(i + 1, end))
        ):
            self.out.append(m.group())
            return end, i + 1
        elif name in MATH_SYMBOLS:
            self.out.append(r"\ensuremath{" + m.group() + "}")
            return end, i + 1
        elif name in _ACCENT_SYMBOLS and (
            (nxt.isascii() and nxt.isalpha())
            or self._opens_group(i + 1, end)
            or re.match(r"\\[ij](?![A-Za-z])", self.text[end : end + 3])
        ):
            self.out.append(m.group())
            return end, i + 1
        # Unknown or malformed: print the backslash, then treat what followed as text.
        self.out.append(r"\textbackslash{}")
        if name == "\\":
            self.out.append(r"\textbackslash{}")
            return end, i + 1
        if name == "^":
            self.out.append(r"\^{}")
            return end, i + 1
        if name and not name.isascii() and self.ascii_only:
            self.out.append(text_spelling(name))
            return end, i + 1
        return m.start() + 1, i + 1

    def _skip_to(self, pos: int, i: int) -> int:
        while i < len(self.tokens) and self.tokens[i].start() < pos:
            i += 1
        return i

    def math(self, i: int) -> tuple[int, int]:
        """`$...$`: kept when it closes and would compile, else the `$` is escaped."""
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].group() not in ("$", "$$"):
            j += 1
        if j < len(self.tokens) and self.tokens[j].group() == "$":
            start, stop = self.tokens[i].end(), self.tokens[j].start()
            body = math_body(self.text[start:stop], ascii_only=self.ascii_only)
            if body is not None:
                self.out.append("$" + body + "$")
                return self.tokens[j].end(), j + 1
        self.out.append(r"\$")
        return self.tokens[i].end(), i + 1


def math_body(body: str, *, ascii_only: bool) -> str | None:
    """The body of `$...$` as written (non-ASCII spelled out), or None if unsafe."""
    if ascii_only and not body.isascii():
        spelled = []
        for ch in body:
            if ch.isascii():
                spelled.append(ch)
                continue
            name = math_spelling(ch)
            if name is None:
                return None
            spelled.append(name)
        body = "".join(spelled)
    return body if math_compiles(body) else None


def escape_tex(text: str, *, ascii_only: bool) -> str:
    """Text that may already be TeX, as a value that compiles; idempotent."""
    text = clean(text)
    if not (_NEEDS_ASCII if ascii_only else _NEEDS_UTF8).search(text):
        return text
    return _TexEscaper(text, ascii_only).run()


def braces_balanced(value: str) -> bool:
    """Brace count never negative and ends at zero, counting `\\{` and `\\}` too (as BibTeX)."""
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
