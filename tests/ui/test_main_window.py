"""The main window: three panes, first launch, selection, models, threads, screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, wait_idle

from reader.core import queries
from reader.core.db import connect
from reader.core.library import Library


def test_first_launch_imports_the_sample(tmp_path: Path, open_window: OpenWindow) -> None:
    window = open_window(tmp_path / "fresh")
    assert window.model.rowCount() == 107
    assert "sample" in window.statusBar().currentMessage()
    assert "107" in window.count_label.text()
    assert window.windowTitle().startswith("fresh")


def test_three_panes_show_the_selected_paper(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        pid = queries.resolve(lib.conn, VIT)
        assert pid is not None
        lib.save_note(pid, "ViT note: **sharpness**")
    window = open_window(sample_folder)
    for pane in (window.sidebar, window.table, window.abstract, window.notes):
        assert pane.isVisible()
    sizes = window.splitter.sizes()
    assert len(sizes) == 4 and all(s > 80 for s in sizes)
    assert window.table.select_id(pid)
    assert window.current_id() == pid
    assert "When Vision Transformers Outperform" in window.abstract.toPlainText()
    assert window.notes.body() == "ViT note: **sharpness**"
    assert "sharpness" in window.notes.preview.toPlainText()
    assert "**" not in window.notes.preview.toPlainText()


def test_select_option_picks_the_paper(sample_folder: Path, open_window: OpenWindow) -> None:
    window = open_window(sample_folder, select=VIT)
    conn = connect(sample_folder, readonly=True).conn
    assert window.current_id() == queries.resolve(conn, VIT)
    conn.close()


def test_list_marks_new_papers_bold_and_fetches_lazily(
    sample_folder: Path, open_window: OpenWindow
) -> None:
    with Library(sample_folder) as lib:
        pid = queries.resolve(lib.conn, VIT)
        lib.set_status([pid], "read")
    window = open_window(sample_folder)
    model = window.model
    read_row = model.row_of(pid)
    new_row = 0 if read_row != 0 else 1
    assert model.index(new_row, 1).data(0x0006).bold()  # FontRole
    assert model.index(read_row, 1).data(0x0006) is None
    assert model.index(read_row, 5).data() == "Read"
    assert len(model._cache) < model.rowCount() + 1


def test_models_pass_the_model_tester(
    sample_folder: Path, open_window: OpenWindow, qtmodeltester: object
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1, 2], ["x"])
    window = open_window(sample_folder)
    qtmodeltester.check(window.model)  # type: ignore[attr-defined]
    qtmodeltester.check(window.sidebar_model)  # type: ignore[attr-defined]


def test_header_click_sorts_on_the_finder(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    header = window.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(1) + 20, header.height() // 2)
    with qtbot.waitSignal(window.loaded):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    titles = [window.model.index(r, 1).data() for r in range(window.model.rowCount())]
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert header.sortIndicatorSection() == 1
    assert titles == sorted(titles, key=str.lower, reverse=descending)


def test_sidebar_views_and_tags(sample_folder: Path, open_window: OpenWindow, qtbot: QtBot) -> None:
    with Library(sample_folder) as lib:
        lib.set_starred([3, 4, 5], True)
        lib.add_tags([7], ["robots"])
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.loaded):
        window.commands.run("view.starred")
    assert sorted(window.model.ids()) == [3, 4, 5]
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("tag", "robots") is not None)
    row = window.sidebar_model.row_for("tag", "robots")
    with qtbot.waitSignal(window.loaded):
        window.sidebar.clicked.emit(window.sidebar_model.index(row))
    assert window.model.ids() == [7]


def test_screenshot_mode_writes_a_png(sample_folder: Path, tmp_path: Path) -> None:
    # A child process: the screenshot mode runs (and ends) its own event loop.
    out = tmp_path / "shot.png"
    args = ["gui", "--library", str(sample_folder), "--screenshot", str(out)]
    args += ["--select", VIT, "--query", "vision"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args], env=env, timeout=60, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_writes_leave_the_gui_thread(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    import threading

    window = open_window(sample_folder)
    job = window.writer.submit(lambda lib, _job: lib.set_starred([1], True))
    wait_idle(qtbot, window)
    assert job.ran_on is not None and job.ran_on != threading.get_ident()
    qtbot.waitUntil(lambda: window.model.index(window.model.row_of(1), 0).data() == "★")


def test_about_shows_version_and_data_locations(
    qtbot: QtBot, open_window: OpenWindow, sample_folder: Path
) -> None:
    from reader import __version__
    from reader.ui.widgets.about import AboutDialog

    window = open_window(sample_folder)
    window.commands.run("help.about")
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.findChild(QLabel).text()
    assert f"Reader {__version__}" in text
    assert str(sample_folder / "library.sqlite") in text
    assert "settings.toml" in text
    dialog.close()


def test_changes_from_the_command_line_show_up(
    qtbot: QtBot, open_window: OpenWindow, sample_folder: Path
) -> None:
    window = open_window(sample_folder)
    wait_idle(qtbot, window)
    window.external.poll()  # the first look records the version
    pid = window.model.id_at(3)
    assert pid is not None and not window.model.row_data(3).starred
    with Library(sample_folder) as other:  # what `reader star` does in another process
        other.set_starred([pid], True)
        other.add_tags([pid], ["from-cli"])
    window.external.poll()
    qtbot.waitUntil(lambda: window.model.row_data(window.model.row_of(pid)).starred)
    assert window.model.row_data(window.model.row_of(pid)).tags == ("from-cli",)
    qtbot.waitUntil(lambda: "outside this window" in window.statusBar().currentMessage())


def test_menus_in_the_usual_order(open_window: OpenWindow, sample_folder: Path) -> None:
    window = open_window(sample_folder)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Go", "Paper", "Help"]
