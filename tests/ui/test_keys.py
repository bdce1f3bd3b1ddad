"""Keys: defaults without clashes, user overrides in settings.toml, problems reported."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core.library import Library
from reader.ui.keymap import conflicts, default_keymap, is_plain, show_key
from reader.ui.settings import load_settings, settings_path


def write_settings(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def starred(folder: Path, pid: int) -> bool:
    with Library(folder) as lib:
        return lib.user_state([pid])[pid].starred


def test_default_keys_do_not_collide(sample_folder: Path, open_window: OpenWindow) -> None:
    window = open_window(sample_folder)
    assert conflicts(default_keymap(), window.commands) == []
    assert window.key_problems == []
    assert set(default_keymap()) <= set(window.commands.ids())


def test_a_remapped_key_works_after_restart(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.close()
    write_settings('[keys]\n"paper.star" = ["x"]\n"paper.queue" = ["Ctrl+Shift+Q"]\n')
    window = open_window(sample_folder)
    pid = window.current_id()
    assert pid is not None
    window.table.setFocus()
    qtbot.keyClick(window.table, "s")  # no longer star (the list jumps to an "S" title)
    wait_idle(qtbot, window)
    assert window.triage.undo.undo_label() is None
    window.table.select_id(pid)
    qtbot.keyClick(window.table, "x")
    wait_idle(qtbot, window)
    assert starred(sample_folder, pid)
    assert window.commands.bound["paper.queue"] == ["Ctrl+Shift+Q"]


def test_conflicts_and_unknown_ids_are_reported_not_fatal(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    write_settings('[keys]\n"paper.star" = ["q"]\n"no.such" = ["z"]\n"paper.read" = ["Hyper+K"]\n')
    window = open_window(sample_folder)
    problems = " | ".join(window.key_problems)
    assert "unknown command 'no.such'" in problems
    assert "q is bound to both paper.star and paper.queue" in problems
    assert "'Hyper+K' for paper.read is not a key" in problems
    assert "Keys:" in window.statusBar().currentMessage()
    pid = window.current_id()
    window.table.setFocus()
    qtbot.keyClick(window.table, "q")  # the user's choice wins
    wait_idle(qtbot, window)
    assert pid is not None and starred(sample_folder, pid)


def test_settings_file_types_are_checked() -> None:
    write_settings('[triage]\nadvance = "yes"\nquick_tags = ["vision", "nlp"]\n[keys]\nx = 3\n')
    settings = load_settings()
    assert settings.advance is True
    assert settings.quick_tags == ("vision", "nlp")
    assert len(settings.problems) == 2
    write_settings("[keys\n")
    assert load_settings().problems


def test_quick_tags_and_no_advance_from_settings(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    write_settings('[triage]\nadvance = false\nquick_tags = ["vision", "nlp"]\n')
    window = open_window(sample_folder)
    pid = window.current_id()
    window.table.setFocus()
    for key in ("2", "q", "2", "1"):
        qtbot.keyClick(window.table, key)
    assert window.current_id() == pid
    wait_idle(qtbot, window)
    with Library(sample_folder) as lib:
        assert lib.user_state([pid])[pid].tags == ("vision",)
    qtbot.keyClick(window.table, "3")
    assert "No quick tag 3" in window.statusBar().currentMessage()


def test_key_display() -> None:
    assert [show_key(k) for k in ("g, g", "Shift+G", "t", "Ctrl+K")] == ["g g", "G", "t", "Ctrl+K"]
    assert is_plain("g, i") and is_plain("Return") and not is_plain("Ctrl+K")
    assert not is_plain("F1")
