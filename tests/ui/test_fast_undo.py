"""Keys faster than the writer: Ctrl+Z always undoes the last key pressed, redo likewise."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_triage import states
from uihelp import OpenWindow

from reader.core.models import Status
from reader.core.tags import UserState
from reader.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NEW, QUEUED = Status.NEW, Status.QUEUED


def burst(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    """Keys back to back, no event processed between them (the writer's results, which
    carry the undo steps, have not reached the GUI thread yet): ^z undo, ^Z redo."""
    window.table.setFocus()
    for key in keys.split():
        if key == "^z":
            qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
        elif key == "^Z":
            qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL | SHIFT)
        else:
            qtbot.keyClick(window.table, key)


def settled(window: MainWindow) -> bool:
    return not window.triage.undo.busy() and window.writer.pending() == 0


# q and r move the selection on, so "s q r" stars and queues A, then marks B read.
CASES = [
    ("s q ^z", (True, NEW), (False, NEW)),
    ("s s ^z", (True, NEW), (False, NEW)),
    ("s q r ^z ^z", (True, NEW), (False, NEW)),
    ("s q r ^z ^z ^z ^Z", (True, NEW), (False, NEW)),
    ("s q ^z ^Z", (True, QUEUED), (False, NEW)),
    ("s q ^z s", (True, NEW), (True, NEW)),
    ("s s s ^z ^z ^Z", (False, NEW), (False, NEW)),
]


@pytest.mark.parametrize(("keys", "first", "second"), CASES)
def test_undo_pressed_before_the_step_is_back_undoes_the_last_key(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    keys: str,
    first: tuple[bool, Status],
    second: tuple[bool, Status],
) -> None:
    window = open_window(sample_folder)
    a, b = window.model.ids()[:2]
    burst(qtbot, window, keys)
    qtbot.waitUntil(lambda: settled(window), timeout=30000)
    got = states(sample_folder, [a, b])
    assert (got[a].starred, got[a].status) == first, keys
    assert (got[b].starred, got[b].status) == second, keys
    assert "Nothing to" not in window.statusBar().currentMessage()


def test_quit_right_after_ctrl_z_still_undoes(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    a = window.model.ids()[0]
    burst(qtbot, window, "s q ^z")
    window.close()  # before any result came back: the waiting undo still runs
    assert states(sample_folder, [a])[a] == UserState(True, NEW, False, ())
