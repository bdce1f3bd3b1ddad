"""TeX in titles and abstracts shown as the text a reader expects; stored text stays as is."""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, _PushEquationContext
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.latexwalker import (
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexWalker,
    LatexWalkerError,
    get_default_latex_context_db,
)

# Emphasis survives the conversion as private-use marks: dropped for the list, made
# <em>/<strong> for the paper pane. Math groups get marks too, so `x^{10}` keeps its
# grouping until the scripts are read.
EM, EM_END, BOLD, BOLD_END = "\ue000", "\ue001", "\ue002", "\ue003"
GROUP, GROUP_END = "\ue010", "\ue011"
_MARKS = re.compile("[\ue000-\ue003\ue010\ue011]")
_URL_MARK = "\ue020"
LIMIT = 20_000  # characters; a longer text is shown as written (pylatexenc is slow)

# Only text with one of these goes through pylatexenc (about 1-2 ms a value).
_TEXISH = re.compile(r"[\\$~{}]|--|``|''")
_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")
_RAW_PERCENT = re.compile(r"(?<!\\)%")  # a percent sign, never a comment in a title
_RAW_AMPERSAND = re.compile(r"(?<!\\)&")
# `e.g.,~SVD` is a tie; `(~50%)`, `40% ~ 80%` and `~billion` mean "about" or "to".
_TIE = re.compile(r"(?<=[^\s(\[{\\])~(?=\S)")
_LONE_TILDE = re.compile(r"(?<!\\)~")

_SUPER = dict(zip("0123456789+-−=()niT⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵀ", strict=True))
_SUB = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_SCRIPT = re.compile(rf"([\^_])\s*(?:{GROUP}([^{GROUP}{GROUP_END}]*){GROUP_END}|(\S))")


def _script(match: re.Match[str]) -> str:
    mark, grouped, single = match.group(1), match.group(2), match.group(3)
    body = grouped if grouped is not None else single
    table = _SUPER if mark == "^" else _SUB
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    if body.startswith("′"):  # x^\prime
        return body
    return f"{mark}({body})" if len(body) > 1 else f"{mark}{body}"


class _Converter(LatexNodes2Text):
    """pylatexenc's LaTeX→text, keeping what it does not know and the meaning of math."""

    def __init__(self) -> None:
        texts = text_context_db()
        marks = [
            MacroTextSpec("emph", simplify_repl=f"{EM}%s{EM_END}"),
            MacroTextSpec("textit", simplify_repl=f"{EM}%s{EM_END}"),
            MacroTextSpec("textsl", simplify_repl=f"{EM}%s{EM_END}"),
            MacroTextSpec("textbf", simplify_repl=f"{BOLD}%s{BOLD_END}"),
            MacroTextSpec("prime", simplify_repl="′"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            # Font switches (`{\em x}`): the text stays, the switch goes.
            *(MacroTextSpec(name, discard=True) for name in ("em", "it", "bf", "sl", "rm")),
        ]
        texts.add_context_category("reader-marks", macros=marks, prepend=True)
        super().__init__(latex_context=texts, math_mode="text", strict_latex_spaces="macros")
        self._math = 0

    def macro_node_to_text(self, node: LatexMacroNode) -> str:
        if self.latex_context.get_macro_spec(node.macroname) is None:
            return node.latex_verbatim()  # `\aka`: shown as written, never dropped
        return str(super().macro_node_to_text(node))

    def nodelist_to_text(self, nodelist: list) -> str:
        for before, node in itertools.pairwise(nodelist):
            unknown = isinstance(before, LatexMacroNode) and not before.nodeargs
            if unknown and self.latex_context.get_macro_spec(before.macroname) is None:
                node.reader_braces = isinstance(node, LatexGroupNode)  # `\foo{bar}` as written
        return str(super().nodelist_to_text(nodelist))

    def group_node_to_text(self, node: LatexGroupNode) -> str:
        text = str(super().group_node_to_text(node))
        if getattr(node, "reader_braces", False):
            return "{" + text + "}"
        return GROUP + text + GROUP_END if self._math else text

    def math_node_to_text(self, node: LatexMathNode) -> str:
        # Inline, also for `$$...$$`: a title or an abstract line has no room for a block.
        self._math += 1
        try:
            with _PushEquationContext(self):
                text = self.nodelist_to_text(node.nodelist).strip()
        finally:
            self._math -= 1
        return _SCRIPT.sub(_script, text).replace(GROUP, "").replace(GROUP_END, "")


_CONVERTER = _Converter()
_CONTEXT = get_default_latex_context_db()  # built once: most of a call's cost otherwise


def _prepare(text: str, urls: list[str]) -> str:
    def keep(match: re.Match[str]) -> str:
        urls.append(match.group(0))
        return f"{_URL_MARK}{len(urls) - 1}{_URL_MARK}"

    text = _URL.sub(keep, text)
    text = _RAW_PERCENT.sub(r"\\%", text)
    text = _RAW_AMPERSAND.sub(r"\\&", text)
    text = _TIE.sub("\ue030", text)
    return _LONE_TILDE.sub(r"\\textasciitilde{}", text).replace("\ue030", "~")


@lru_cache(maxsize=65536)
def tex_marked(text: str) -> str:
    """Text with TeX converted, emphasis kept as marks (see EM, BOLD); cached.

    Only the words with TeX in them go through pylatexenc, each on its own (a word
    here ends at a space outside braces and math): a whole abstract at once takes
    20-40 ms, too long for a key that shows the next paper.
    """
    if len(text) > LIMIT or not _TEXISH.search(text):
        return text
    out = []
    for word in _words(text):
        if _TEXISH.search(word):
            core = word.rstrip()
            word = _word(core) + word[len(core) :]  # TeX eats a space after `\times`
        out.append(word)
    return "".join(out)


def _words(text: str) -> list[str]:
    """Text cut at spaces outside braces and math, the spaces kept with the words."""
    words, start, depth, closing = [], 0, 0, ""
    for token in _TOKEN.finditer(text):
        t = token.group(0)
        if closing:
            closing = "" if t == closing else closing
        elif t in _OPENING:
            closing = _OPENING[t]
        elif t == "{":
            depth += 1
        elif t == "}":
            depth = max(0, depth - 1)
        elif t.isspace() and not depth:
            words.append(text[start : token.end()])
            start = token.end()
    words.append(text[start:])
    return words


_TOKEN = re.compile(r"\\[()\[\]]|\\.|\$\$?|[{}]|\s", re.DOTALL)
_OPENING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}


@lru_cache(maxsize=65536)
def _word(text: str) -> str:
    urls: list[str] = []
    source = _prepare(text, urls)
    try:
        nodes = LatexWalker(source, latex_context=_CONTEXT, tolerant_parsing=True)
        out = _CONVERTER.nodelist_to_text(nodes.get_latex_nodes()[0])
    except (LatexWalkerError, RecursionError, IndexError):
        return text  # what pylatexenc cannot read is shown as written
    return re.sub(
        rf"{_URL_MARK}(\d+){_URL_MARK}", lambda m: urls[int(m.group(1))], out.replace(GROUP, "")
    ).replace(GROUP_END, "")


def tex_text(text: str) -> str:
    """Plain text for the list, tooltips, the window title: `\\emph{A}` -> `A`."""
    return _MARKS.sub("", tex_marked(text))


def tex_sort_key(text: str) -> str:
    """What a title sorts by: the text shown, accents folded, casefolded (`\\'Etude` by e)."""
    # Most titles have no TeX: skip tex_text's cache, which a 100k-title sort would churn.
    shown = tex_text(text) if _TEXISH.search(text) else text
    if not shown.isascii():
        decomposed = unicodedata.normalize("NFKD", shown)
        shown = "".join(c for c in decomposed if not unicodedata.combining(c))
    return shown.casefold()


def marks_to_html(escaped: str) -> str:
    """Turn emphasis marks in already escaped/sanitised HTML into <em> and <strong>."""
    for mark, tag in ((EM, "<em>"), (EM_END, "</em>"), (BOLD, "<strong>")):
        escaped = escaped.replace(mark, tag)
    return _MARKS.sub("", escaped.replace(BOLD_END, "</strong>"))


def tex_html(text: str) -> str:
    """Escaped HTML for the paper pane: `\\emph{A}` -> `<em>A</em>`."""
    return marks_to_html(html.escape(tex_marked(text)))
