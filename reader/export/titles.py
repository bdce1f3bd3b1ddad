"""Brace-protect acronyms and proper nouns in an escaped title so styles keep their case."""

from __future__ import annotations

import re

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_EDGES = re.compile(r"^([(\[\"'`]*)(.*?)([)\]\"'`,.:;!?]*)$", re.S)
_DOLLAR = re.compile(r"(?<!\\)\$")
_FUNCTION_WORDS = frozenset(
    "a an and as at but by for from in into is are of on or over the to under via vs with "
    "without when where why how what which do does can not".split()
)


def _letters(core: str) -> str:
    """The visible letters of a TeX word: commands and braces removed."""
    return _COMMAND.sub("", core).replace("{", "").replace("}", "")


def _is_acronym_like(core: str) -> bool:
    """`ViT`, `ImageNet`, `CNNs`, `MLP-Mixers`, `Inception-v4`, `3D`: case that must stay."""
    for part in re.split(r"[-/]", _letters(core)):
        if any(c.isupper() for c in part[1:]):
            return True
        if any(c.isdigit() for c in part) and any(c.isalpha() for c in part):
            return True
    return False


def _wrapped(core: str) -> bool:
    """Whether the whole word is already one brace group (so it is protected)."""
    if not (core.startswith("{") and core.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(core):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i == len(core) - 1
    return False


def _balanced_alone(word: str) -> bool:
    depth = 0
    for ch in word:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _sentence_case(words: list[str]) -> bool:
    """A title in sentence case: most content words after the first are lower-case."""
    content = [_letters(w) for w in words[1:]]
    content = [w for w in content if w[:1].isalpha() and w.lower() not in _FUNCTION_WORDS]
    lower = sum(1 for w in content if w[0].islower())
    return len(content) >= 2 and lower * 2 > len(content)


def _plain_word(word: str, proper_nouns: bool) -> bool:
    """Fast check: a word protect_title leaves alone and that changes no state."""
    if "{" in word or "}" in word or "$" in word or "\\" in word:
        return False
    if proper_nouns and word[:1].isupper():
        return False
    tail = word[1:]
    if word[:1].isdigit():
        return False
    return (tail.isalpha() and tail.islower()) or not any(c.isupper() or c.isdigit() for c in tail)


def protect_title(value: str) -> str:
    """Wrap words whose capitals matter in braces; only whole words at brace depth 0."""
    words = value.split(" ")
    sentence = _sentence_case(words)
    depth, in_math, starts_clause = 0, False, True
    out = []
    for word in words:
        if _plain_word(word, sentence and not starts_clause):
            # Most words: no capitals to keep, no braces or math to track.
            out.append(word)
            starts_clause = word.endswith((":", "?", "!", "."))
            continue
        m = _EDGES.match(word)
        lead, core, trail = m.groups() if m else ("", word, "")
        free = depth == 0 and not in_math and "$" not in word and _balanced_alone(word)
        # A core ending in an unpaired backslash (`\ ` control space, `\,` split off as
        # trailing punctuation) would escape the closing brace we add.
        free = free and (len(core) - len(core.rstrip("\\"))) % 2 == 0
        if free and core and not _wrapped(core):
            proper = sentence and not starts_clause and core[:1].isupper()
            if _is_acronym_like(core) or proper:
                # `{\cmd ...}` at depth 0 is a BibTeX "special character" whose letters
                # still get case-changed, so a word starting with a command gets two braces.
                core = "{{" + core + "}}" if core.startswith("\\") else "{" + core + "}"
        out.append(lead + core + trail)
        depth += word.count("{") - word.count("}")
        in_math ^= len(_DOLLAR.findall(word)) % 2 == 1
        starts_clause = word.endswith((":", "?", "!", "."))
    return " ".join(out)
