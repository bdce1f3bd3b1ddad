"""The Rules dialog's dry-run list fits its width: long titles are cut, never scrolled sideways."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core.library import Library
from reader.core.models import PaperRecord
from reader.ui.widgets.rules_dialog import RulesDialog

LONG = "Diffusion " + " ".join(
    f"models with a very long and winding title part {n}" for n in range(8)
)


def test_a_long_title_in_the_dry_run_is_elided_with_the_whole_in_its_tooltip(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.import_records([PaperRecord(LONG, "An abstract.")], "test")
        lib.save_rule("diffusion", "title:diffusion", "tag:diffusion")
    window = open_window(sample_folder)
    window.commands.run("rules.manage")
    dialog = window.findChild(RulesDialog)
    assert isinstance(dialog, RulesDialog)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.preview.count() > 0, timeout=5000)
    qtbot.wait(50)  # the list lays its items out
    preview = dialog.preview
    assert not preview.horizontalScrollBar().isVisible()
    assert preview.horizontalScrollBar().maximum() == 0
    rows = [preview.item(r) for r in range(preview.count())]
    (long_row,) = [item for item in rows if LONG in item.text()]
    assert LONG in long_row.toolTip()
    dialog.close()
