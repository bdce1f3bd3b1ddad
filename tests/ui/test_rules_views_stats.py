"""Rules, smart views and statistics in the real window: one undo step, live counts, a chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, wait_idle

from reader.core import listing, queries
from reader.core.library import Library
from reader.core.models import Status
from reader.feeds.files import read_feed
from reader.ui.main_window import MainWindow
from reader.ui.widgets.rules_dialog import RulesDialog
from reader.ui.widgets.stats_view import StatsDialog

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample-feed.txt"
CTRL = Qt.KeyboardModifier.ControlModifier


def _statuses(folder: Path, ids: list[int]) -> set[Status]:
    with Library(folder) as lib:
        return {s.status for s in lib.user_state(ids).values()}


def _bench(folder: Path) -> list[int]:
    with Library(folder) as lib:
        req = listing.ListRequest(query="abstract:benchmark")
        return listing.list_papers(lib.conn, lib.index, req).ids


def _undo(qtbot: QtBot, window: MainWindow, redo: bool = False) -> None:
    window.table.setFocus()
    if redo:
        qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, window)


def test_run_rules_is_one_step_ctrl_z_takes_back(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    bench = _bench(sample_folder)
    with Library(sample_folder) as lib:
        lib.save_rule("bench", "abstract:benchmark", "archive")
        lib.save_rule("later", "abstract:benchmark", "tag:later")
    window = open_window(sample_folder)
    window.commands.run("rules.run")
    wait_idle(qtbot, window)
    assert _statuses(sample_folder, bench) == {Status.ARCHIVED}
    assert window.triage.undo.undo_label() == f"rules bench, later on {len(bench)} papers"
    _undo(qtbot, window)
    assert _statuses(sample_folder, bench) == {Status.NEW}
    with Library(sample_folder) as lib:
        assert all(not s.tags for s in lib.user_state(bench).values())
    _undo(qtbot, window, redo=True)
    assert _statuses(sample_folder, bench) == {Status.ARCHIVED}


def test_rules_after_a_window_import_are_their_own_step(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records(read_feed(SAMPLE).records[:50], "hf-page:half")
        lib.save_rule("bench", "abstract:benchmark", "archive")
    window = open_window(folder)
    with qtbot.waitSignal(window.importer.finished, timeout=20000):
        window.importer.start(SAMPLE)
    wait_idle(qtbot, window)
    new_bench = [i for i in _bench(folder) if i > 50]
    assert new_bench and _statuses(folder, new_bench) == {Status.ARCHIVED}
    assert _statuses(folder, [i for i in _bench(folder) if i <= 50]) == {Status.NEW}
    _undo(qtbot, window)  # the rules' run first: the new papers stay, back in the Inbox
    assert _statuses(folder, new_bench) == {Status.NEW}
    _undo(qtbot, window)  # then the import itself
    with Library(folder) as lib:
        assert lib.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 50


def test_rules_dialog_saves_previews_and_changes_nothing_on_a_dry_run(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.commands.run("rules.manage")
    dialog = window.findChild(RulesDialog)
    assert isinstance(dialog, RulesDialog)
    wait_idle(qtbot, window)
    assert "No enabled rules" in dialog.summary.text()
    dialog.name.setText("bench")
    dialog.query.setText("abstract:benchmark AND NOT tag:vision")
    dialog.action.setCurrentText("archive")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert [r.name for r in dialog.rules] == ["bench"]
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    bench = _bench(sample_folder)
    assert dialog.preview.count() == len(bench)
    assert "would change" in dialog.summary.text()
    assert _statuses(sample_folder, bench) == {Status.NEW}
    assert window.triage.undo.undo_label() is None
    dialog.query.setText("title:(broken")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert (
        dialog.message.text().startswith("Not saved:") and "never closed" in dialog.message.text()
    )
    dialog.close()


def _smart_row(window: MainWindow, name: str) -> str:
    row = window.sidebar_model.row_for("smart", name)
    assert row is not None
    return str(window.sidebar_model.index(row).data())


def test_smart_views_in_the_side_list_keep_their_counts_live(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.save_smart_view("Starred diffusion", "is:starred title:diffusion")
        lib.save_smart_view("Bench", "abstract:benchmark")
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("smart", "Bench") is not None)
    assert _smart_row(window, "Starred diffusion") == "Starred diffusion  (0)"
    index = window.sidebar_model.index(window.sidebar_model.row_for("smart", "Bench") or 0)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        rect = window.sidebar.visualRect(index)
        qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sorted(window.model.ids()) == sorted(_bench(sample_folder))
    window.set_view("all")
    qtbot.waitUntil(lambda: window.request.smart is None)
    search = listing.ListRequest(query="title:diffusion")
    with Library(sample_folder) as lib:
        diffusion = listing.list_papers(lib.conn, lib.index, search).ids[:3]
    window.table.select_id(diffusion[0])
    for pid in diffusion:
        window.triage.act(lambda lib, ids, _b: ("star", lib.set_starred(ids, True)), ids=[pid])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: _smart_row(window, "Starred diffusion") == "Starred diffusion  (3)")
    window.commands.run("view.smart_down")  # nothing shown: the window says so, moves nothing
    assert "Show a smart view first" in window.statusBar().currentMessage()


def test_statistics_chart_reads_in_light_and_dark(
    tmp_path: Path, sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.set_status([1, 2, 3], Status.READ)
        lib.add_tags([1, 4], ["vision"])
    window = open_window(sample_folder)
    window.commands.run("stats.show")
    dialog = window.findChild(StatsDialog)
    assert isinstance(dialog, StatsDialog)
    qtbot.waitUntil(lambda: dialog.tag_bars.tags == [("vision", 2, 1)], timeout=10000)
    assert dialog.chart.weeks[-1][1:] == (107, 4)  # a tag is a decision too
    assert "104 papers in the Inbox" in dialog.backlog.text()
    for name, window_colour, text_colour in (
        ("light", "#f4f4f4", "#111111"),
        ("dark", "#202124", "#eeeeee"),
    ):
        palette = QPalette(QApplication.palette())
        palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text_colour))
        dialog.setPalette(palette)
        image = dialog.grab().toImage()
        image.save(str(tmp_path / f"stats-{name}.png"))
        chart = dialog.chart.grab().toImage()
        colours = {
            chart.pixelColor(x, y).name()
            for x in range(0, chart.width(), 2)
            for y in range(0, chart.height(), 2)
        }
        assert text_colour in colours  # axis labels in the theme's text colour
        assert "#4c8df6" in colours and "#e8912d" in colours  # both series drawn
    dialog.close()


def test_export_dialog_exports_the_smart_view_shown(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Library(sample_folder) as lib:
        lib.save_smart_view("Bench", "abstract:benchmark")
    target = tmp_path / "bench.bib"
    offered: list[str] = []

    def answer(_parent: object, _title: str, start: str, _filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("smart", "Bench") is not None)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_view("all", smart="Bench")
    window.commands.run("file.export")
    dialog = window.exporter.dialog
    assert dialog is not None
    dialog.scope_button("list").setChecked(True)
    dialog.keep_box.setChecked(True)
    with qtbot.waitSignal(window.exporter.exported, timeout=10000) as blocker:
        dialog.export_button.click()
    assert offered[0].endswith("view-bench.bib")
    assert blocker.args[0].papers == len(_bench(sample_folder))
    assert target.read_text(encoding="utf-8").count("@misc{") == len(_bench(sample_folder))
    with Library(sample_folder) as lib:
        (saved,) = queries.saved_exports(lib.conn)
        assert saved.query == "abstract:benchmark"


def test_smart_views_move_by_keys_and_follow_a_rename(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(sample_folder) as lib:
        lib.save_smart_view("First", "title:diffusion")
        lib.save_smart_view("Second", "abstract:benchmark")
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("smart", "Second") is not None)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_view("all", smart="First")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    wait_idle(qtbot, window)

    def order() -> list[str]:
        entries = [window.sidebar_model.entry(r) for r in range(window.sidebar_model.rowCount())]
        return [e.key for e in entries if e is not None and e.kind == "smart"]

    qtbot.waitUntil(lambda: order() == ["Second", "First"], timeout=10000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Diffusion", True))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: order() == ["Second", "Diffusion"], timeout=10000)
    qtbot.waitUntil(lambda: window.request.smart is not None)
    assert window.request.smart is not None and window.request.smart.name == "Diffusion"
    assert window.sidebar.currentIndex().row() == window.sidebar_model.row_for("smart", "Diffusion")


def test_removing_the_smart_view_shown_goes_back_to_all_papers(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(sample_folder) as lib:
        lib.save_smart_view("Bench", "abstract:benchmark")
    window = open_window(sample_folder)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("smart", "Bench") is not None)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_view("all", smart="Bench")
    assert window.model.rowCount() == len(_bench(sample_folder))
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: yes)
    window.commands.run("view.smart_remove")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.sidebar_model.row_for("smart", "Bench") is None, timeout=10000)
    assert window.request.smart is None and window.request.view == "all"
    qtbot.waitUntil(lambda: window.model.rowCount() == 107, timeout=10000)
    with Library(sample_folder) as lib:
        assert listing.smart_views(lib.conn) == []
