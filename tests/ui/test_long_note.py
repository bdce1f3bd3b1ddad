"""A 10 MB note opens in seconds: the preview renders its start, the editor holds it all."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow

from reader.core.library import Library


def test_a_10_mb_note_shows_quickly_and_whole_in_the_editor(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    note = ("A line of a very long note about sharpness. " * 20 + "\n") * 11_000  # ~10 MB
    with Library(sample_folder) as lib:
        lib.save_note(5, note)
    window = open_window(sample_folder)
    started = time.monotonic()
    window.show_paper(5)
    seconds = time.monotonic() - started
    assert window.notes.body() == note
    assert f"of {len(note):,} characters" in window.notes.preview.toPlainText()
    assert seconds < 10, f"showing a 10 MB note took {seconds:.1f} s"
    print(f"10 MB note shown in {seconds:.2f} s")
