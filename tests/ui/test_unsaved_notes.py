"""A note the library will not take is never lost: a full disk at quit, a signal, session end."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_notes import stored_note, type_note
from uihelp import OpenWindow, wait_idle

from reader.ui.main_window import MainWindow
from reader.ui.rescue import rescue_notes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEXT = "typed on a full disk"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB filesystem (tmpfs, mounted as root: CI runs as root)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True
    )
    if done.returncode != 0:
        why = f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Take every free block of the disk; delete the returned file to free them again."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 16, 1 << 12, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                continue
    return filler


@pytest.fixture
def full_disk_window(
    small_disk: Path, sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> tuple[MainWindow, Path, int]:
    """The window on a library whose disk then fills up, with a note typed and refused."""
    folder = small_disk / "lib"
    shutil.copytree(sample_folder, folder)
    window = open_window(folder)
    qtbot.waitUntil(lambda: window.library_open)
    wait_idle(qtbot, window)
    filler = fill(small_disk)
    pid = type_note(qtbot, window, TEXT)
    window.notes.flush()
    qtbot.waitUntil(lambda: "retrying" in window.statusBar().currentMessage(), timeout=15000)
    return window, filler, pid


def quit_and_see_warning(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    window.commands.run("app.quit")  # Ctrl+Q
    qtbot.waitUntil(lambda: window.close_guard.box is not None, timeout=15000)
    box = window.close_guard.box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert window.isVisible()
    assert "not saved" in box.text() and "full" in box.text()
    return box


def click(box: QMessageBox, label: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == label]
    button.click()


def test_quit_with_a_refused_note_warns_then_saves_it_elsewhere(
    full_disk_window: tuple[MainWindow, Path, int], qtbot: QtBot, tmp_path: Path
) -> None:
    window, _filler, _pid = full_disk_window
    box = quit_and_see_warning(qtbot, window)
    click(box, "Save As…")
    dialog = window.close_guard.file_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    target = tmp_path / "elsewhere.md"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert target.read_text("utf-8") == TEXT


def test_quit_with_a_refused_note_warns_then_retries_once_space_is_free(
    full_disk_window: tuple[MainWindow, Path, int], qtbot: QtBot
) -> None:
    window, filler, pid = full_disk_window
    box = quit_and_see_warning(qtbot, window)
    filler.unlink()
    click(box, "Retry")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert stored_note(window.folder, pid) == TEXT


def test_at_session_end_a_refused_note_is_rescued_to_another_disk_verified(
    full_disk_window: tuple[MainWindow, Path, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _filler, pid = full_disk_window
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    QApplication.instance().aboutToQuit.connect(window.shutdown)
    QApplication.instance().aboutToQuit.emit()  # no questions at session end
    assert stored_note(window.folder, pid) == ""
    on_full_disk = (
        list((window.folder / "unsaved-notes").glob("*"))
        if (window.folder / "unsaved-notes").exists()
        else []
    )
    assert on_full_disk == []  # no empty or partial copy left where the disk was full
    rescued = list((tmp_path / "home" / "reader-unsaved-notes").glob(f"paper-{pid}-*.md"))
    assert [p.read_text("utf-8") for p in rescued] == [TEXT]


def test_a_rescue_copy_the_disk_cannot_hold_is_reported_and_not_left_empty(
    small_disk: Path,
) -> None:
    fill(small_disk)
    places = [small_disk / "unsaved-notes"]
    (small_disk / "unsaved-notes").mkdir(exist_ok=True)
    result = rescue_notes(small_disk, {105: "x" * 20_000}, places=places)
    assert result.saved == {} and "No space left" in result.failed[105]
    assert list(places[0].iterdir()) == []


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    env.update(XDG_DATA_HOME=str(home / "data"), READER_CONFIG_DIR=str(home / "reader"))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_right_after_typing_stores_the_note(
    sample_folder: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    text = "typed just before the signal"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "typing_child.py"), str(sample_folder), text],
        env=child_env(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(90, proc.kill)
    watchdog.start()
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("typed"), proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signum)  # well within the 0.7 s autosave delay
        status = proc.wait(60)
    finally:
        watchdog.cancel()
        proc.kill()
    err = proc.stderr.read() if proc.stderr else ""
    assert status == 0, err
    assert "Fatal Python error" not in err, err
    assert stored_note(sample_folder, int(line.split()[1])) == text
    assert not (sample_folder / "unsaved-notes").exists()


def test_the_session_ending_stores_the_note_before_returning(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    # What commitDataRequest calls (a QSessionManager cannot be made in a test): after it
    # returns the note is in the database, whatever the session manager does next.
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.library_open)
    pid = type_note(qtbot, window, "the session is ending")
    window.save_notes_now()
    assert stored_note(sample_folder, pid) == "the session is ending"
