"""A damaged search index is rebuilt in the background when the window opens."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.library import Library


def test_window_rebuilds_a_damaged_index_and_search_works(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.set_starred([4, 7], True)
    shutil.rmtree(sample_folder / "index")
    (sample_folder / "index").write_text("not an index")
    window = open_window(sample_folder)
    assert window.model.rowCount() == 107  # the list comes from SQLite meanwhile

    search(qtbot, window, "is:starred")

    def found() -> bool:
        if sorted(window.model.ids()) == [4, 7]:
            return True
        with qtbot.waitSignal(window.loaded, timeout=10000):  # as a user searching again
            window.refresh_list()
        return sorted(window.model.ids()) == [4, 7]

    qtbot.waitUntil(found, timeout=20000)
    assert not window.search_message.isVisible()
    assert (sample_folder / "index").is_dir()
