"""Hostile and huge notes: stored exactly as typed, rendered inert and in part."""

from __future__ import annotations

import pytest

from reader.ui import render

HOSTILE_NOTES = [
    "<script>alert(1)</script>hello",
    '<img src="file:///etc/passwd"> picture',
    "[click](javascript:alert(1)) and <a href='javascript:alert(2)'>x</a>",
    "[local](file:///etc/passwd) and <a href=file:///home>home</a>",
    '<div style="background:url(file:///x.png)">styled</div>',
]


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_hostile_notes_render_inert(note: str) -> None:
    shown = render.markdown_html(note).lower()
    for bad in ("<script", "<img", "javascript:", "file:", "style=", "url("):
        assert bad not in shown, (bad, shown)


def test_a_10_mb_note_renders_in_part() -> None:
    note = ("A line of a very long note about sharpness. " * 20 + "\n") * 11_000  # ~10 MB
    shown = render.markdown_html(note, whole="in the note editor")
    assert len(shown) < 200_000
    assert f"of {len(note):,} characters; all of it in the note editor" in shown
