"""Whether the body of an inline `$...$` from a feed would compile, conservatively."""

from __future__ import annotations

import re

from reader.export.texnames import MATH_ARG, MATH_SYMBOLS, TEXT_SYMBOLS

_SCRIPT = frozenset("^_")
_FORBIDDEN = frozenset("%&#$")
_SYMBOLS = MATH_SYMBOLS | {"ldots", "dots"} | {s for s in TEXT_SYMBOLS if s.startswith("text")}
_CMD = re.compile(r"\\([A-Za-z]+|.)", re.S)


class _Unsafe(Exception):
    """The body would not compile (or might not): keep it as escaped text instead."""


class _Checker:
    """Recursive descent over groups, commands and sub/superscripts."""

    def __init__(self, body: str) -> None:
        self.s = body
        self.i = 0
        self.escaped_depth = 0

    def skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def sequence(self, in_group: bool) -> None:
        """Atoms until the end (or a closing brace when inside a group)."""
        scripts: set[str] = set()
        while True:
            self.skip_spaces()
            if self.i >= len(self.s):
                if in_group:
                    raise _Unsafe
                return
            ch = self.s[self.i]
            if ch == "}":
                if not in_group:
                    raise _Unsafe
                self.i += 1
                return
            if ch in _SCRIPT:
                if ch in scripts:
                    raise _Unsafe  # double superscript/subscript
                scripts.add(ch)
                self.i += 1
                self.argument()
                continue
            scripts = set()
            self.atom()

    def atom(self) -> None:
        ch = self.s[self.i]
        if ch in _FORBIDDEN:
            raise _Unsafe
        if ch == "{":
            self.i += 1
            self.sequence(in_group=True)
        elif ch == "\\":
            self.command()
        else:
            self.i += 1

    def argument(self) -> None:
        """A required argument: a group, a command or one character."""
        self.skip_spaces()
        if self.i >= len(self.s) or self.s[self.i] in "}^_":
            raise _Unsafe
        self.atom()

    def command(self) -> None:
        m = _CMD.match(self.s, self.i)
        if m is None:
            raise _Unsafe  # a lone backslash at the end
        name = m.group(1)
        self.i = m.end()
        if name in ("{", "}"):
            # BibTeX counts escaped braces too, so they must balance among themselves.
            self.escaped_depth += 1 if name == "{" else -1
            if self.escaped_depth < 0:
                raise _Unsafe
        elif name in MATH_ARG:
            for _ in range(MATH_ARG[name]):
                self.argument()
        elif name not in _SYMBOLS and name not in ",;:! |%&#_$":
            raise _Unsafe


def math_compiles(body: str) -> bool:
    """True when `$body$` is safe to keep as written in a BibTeX value."""
    if not body.strip() or not body.isprintable():
        return False
    checker = _Checker(body)
    try:
        checker.sequence(in_group=False)
    except (_Unsafe, RecursionError):
        return False
    return checker.escaped_depth == 0
