"""Exporting from the window: the Export… dialog, saved exports kept current, Markdown links."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import bibtexparser
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from uihelp import VIT, OpenWindow, search, wait_idle

from reader.core import listing, queries, saved_exports
from reader.core.db import connect
from reader.core.library import Library
from reader.core.listing import ListRequest, as_query, tag_query
from reader.core.models import Link, PaperRecord
from reader.export.markdown import paper_link
from reader.export_sync import render
from reader.ui.exporting import ExportDone
from reader.ui.main_window import MainWindow
from reader.ui.tasks import Job
from reader.ui.widgets.export_dialog import ExportDialog
from reader.ui.widgets.saved_exports_dialog import SavedExportsModel


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """QFileDialog answers with `path`; returns the start names it was offered."""
    offered: list[str] = []

    def answer(_parent: object, _title: str, start: str, _filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return offered


def open_dialog(window: MainWindow) -> ExportDialog:
    window.commands.run("file.export")
    dialog = window.exporter.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def export_through_dialog(
    qtbot: QtBot, window: MainWindow, fmt: str, scope: str, *, keep: bool = False
) -> ExportDone:
    dialog = open_dialog(window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    dialog.scope_button(scope).setChecked(True)
    dialog.keep_box.setChecked(keep)
    with qtbot.waitSignal(window.exporter.exported, timeout=10000) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


def keys_of(path: Path) -> set[str]:
    parsed = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    return {entry.key for entry in parsed.entries}


def expected_keys(folder: Path, query: str) -> set[str]:
    with Library(folder, readonly=True) as lib:
        ids = lib.index.search(query).ids
        return {p.citekey for p in queries.load_papers(lib.conn, ids)}


def star(qtbot: QtBot, window: MainWindow, citekey: str) -> None:
    """Select a paper in the list and press s, as a user stars it."""
    assert window.conn is not None
    window.activateWindow()  # offscreen Qt leaves a closed dialog as the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    assert window.table.select_id(queries.resolve(window.conn, citekey))
    window.table.setFocus()
    qtbot.keyClick(window.table, "s")
    wait_idle(qtbot, window)
    assert window.model.row_data(window.model.row_of(window.current_id())).starred


def test_export_the_current_search_to_bibtex(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out" / "vision.bib"
    target.parent.mkdir()
    offered = save_to(monkeypatch, target)
    window = open_window(sample_folder)
    search(qtbot, window, "vision transformers")
    listed = window.model.rowCount()
    assert 0 < listed < 107
    done = export_through_dialog(qtbot, window, "bibtex", "list")
    assert offered[0].endswith("all-papers-matching-vision-transformers.bib")
    assert done.papers == listed and done.request.query == "vision transformers"
    assert keys_of(target) == expected_keys(sample_folder, "vision transformers")
    assert f"Exported {listed} papers to {target}" in window.statusBar().currentMessage()


def test_export_runs_off_the_gui_thread(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_to(monkeypatch, tmp_path / "all.json")
    window = open_window(sample_folder)
    jobs: list[Job] = []
    start = window.exporter.start
    monkeypatch.setattr(window.exporter, "start", lambda req: jobs.append(start(req)))
    done = export_through_dialog(qtbot, window, "csljson", "all")
    assert done.papers == 107
    assert jobs and jobs[0].ran_on not in (None, threading.get_ident())
    assert len(json.loads((tmp_path / "all.json").read_text())) == 107


def test_dialog_remembers_the_last_choice(
    sample_folder: Path, open_window: OpenWindow, tmp_path: Path, monkeypatch, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([1, 2], ["deep learning"])
    save_to(monkeypatch, tmp_path / "dl.ris")
    window = open_window(sample_folder)
    dialog = open_dialog(window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("ris"))
    dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("deep learning"))
    dialog.tag_combo.activated.emit(dialog.tag_combo.currentIndex())  # as a click does
    assert dialog.scope_button("tag").isChecked()
    dialog.notes_box.setChecked(True)
    with qtbot.waitSignal(window.exporter.exported, timeout=10000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].papers == 2 and blocker.args[0].request.query == "tag:'deep learning'"
    again = open_dialog(window)
    choice = again.choice()
    assert (choice.fmt, choice.scope, choice.tag, choice.include_notes) == (
        "ris",
        "tag",
        "deep learning",
        True,
    )
    again.reject()


def test_a_selection_cannot_be_kept_up_to_date(
    sample_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window(sample_folder)
    window.table.selectAll()
    dialog = open_dialog(window)
    dialog.keep_box.setChecked(True)
    dialog.scope_button("selection").setChecked(True)
    assert not dialog.keep_box.isEnabled() and not dialog.choice().keep
    assert dialog.keep_hint.isVisible()
    dialog.scope_button("starred").setChecked(True)
    assert dialog.keep_box.isEnabled() and dialog.choice().keep
    dialog.reject()


def test_saved_export_follows_changes_until_removed(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: object,
) -> None:
    target = tmp_path / "starred.bib"
    save_to(monkeypatch, target)
    window = open_window(sample_folder)
    done = export_through_dialog(qtbot, window, "biblatex", "starred", keep=True)
    assert done.saved_id is not None and done.papers == 0
    star(qtbot, window, VIT)
    qtbot.waitUntil(lambda: VIT in target.read_text(), timeout=10000)
    # The file is written on the writer thread before its report reaches the status bar.
    qtbot.waitUntil(lambda: "Updated" in window.statusBar().currentMessage(), timeout=5000)

    window.commands.run("file.saved_exports")
    dialog = window.exporter.saved_dialog
    assert dialog is not None and dialog.isVisible()
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert dialog.model.rowCount() == 1 and dialog.selected_id() == done.saved_id
    assert dialog.model.index(0, 0).data() == "is:starred"
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)
    assert dialog.empty.isVisible()
    dialog.reject()
    before = target.read_text()
    star(qtbot, window, another_key(sample_folder))
    window.exporter.sync_now()  # do not wait for the debounce: nothing is saved any more
    qtbot.waitUntil(window.exporter.sync_idle, timeout=10000)
    assert target.read_text() == before and target.exists()


def test_a_change_just_before_closing_reaches_the_file(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "starred.bib"
    with Library(sample_folder) as lib:
        saved_exports.add(lib, "is:starred", "bibtex", target, False)
    window = open_window(sample_folder)
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(window.exporter.sync_idle, timeout=10000)
    star(qtbot, window, VIT)
    # The rewrite waits ~1 s for the burst to end; closing now must not lose it.
    window.close()
    assert VIT in target.read_text()


def another_key(folder: Path) -> str:
    conn = connect(folder, readonly=True).conn
    try:
        papers = queries.load_papers(conn, listing.view_ids(conn, "all")[:2])
    finally:
        conn.close()
    return next(p.citekey for p in papers if p.citekey != VIT)


def test_write_now_rewrites_a_deleted_file(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "all.md"
    with Library(sample_folder) as lib:
        saved_exports.add(lib, "", "markdown", target, False)
    window = open_window(sample_folder)
    qtbot.waitUntil(target.exists, timeout=10000)  # synced once the writer opened
    target.unlink()
    window.commands.run("file.saved_exports")
    dialog = window.exporter.saved_dialog
    assert dialog is not None
    dialog.write_button.click()
    qtbot.waitUntil(target.exists, timeout=10000)
    assert VIT in target.read_text() or "Vision Transformers" in target.read_text()
    dialog.reject()


def test_unwritable_path_shows_an_error_and_leaves_no_file(
    sample_folder: Path,
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "taken.bib"
    target.mkdir()  # a folder where the file should go: the final rename fails
    save_to(monkeypatch, target)
    window = open_window(sample_folder)
    dialog = open_dialog(window)
    dialog.scope_button("all").setChecked(True)
    with qtbot.waitSignal(window.exporter.failed, timeout=10000) as blocker:
        dialog.export_button.click()
    assert str(target) in blocker.args[0]
    box = window.exporter.error_box
    assert box is not None and box.isVisible() and "Nothing was written" in box.text()
    assert sorted(p.name for p in out.iterdir()) == ["taken.bib"]  # no temp file left
    assert target.is_dir() and not any(target.iterdir())
    assert "Export failed" in window.statusBar().currentMessage()
    box.accept()


def test_copy_markdown_links_of_the_selection(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder, select=VIT)
    window.commands.run("paper.copy_markdown_link")
    text = QApplication.clipboard().text()
    assert text.startswith("[When Vision Transformers Outperform") and text.endswith(")")
    assert "\n" not in text
    window.table.selectAll()
    window.commands.run("paper.copy_markdown_link")
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == 107
    linked = [line for line in lines if line.startswith("[")]
    assert linked and all(line.endswith(")") for line in linked)  # the rest have no link
    assert "Copied 107 Markdown links" in window.statusBar().currentMessage()


def test_copied_link_and_markdown_export_escape_a_title_alike(
    tmp_path: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    title = "A *bold* title_x [v2]"
    record = PaperRecord(title, arxiv_id="2401.00001", links=(Link("abs", "https://x.org/a"),))
    with Library(tmp_path / "lib") as lib:
        lib.import_records([record], "test")
        exported, _count = render(lib, "", "markdown")
    escaped = "A \\*bold\\* title\\_x \\[v2\\]"
    assert f"## {escaped}\n" in exported
    window = open_window(tmp_path / "lib")
    window.commands.run("paper.copy_markdown_link")
    assert QApplication.clipboard().text() == f"[{escaped}](https://x.org/a)"


def test_queries_for_scopes() -> None:
    assert as_query(ListRequest("queue", None, "vision")) == "status:queued (vision)"
    assert as_query(ListRequest("all", "nlp", "")) == "tag:'nlp'"
    assert as_query(ListRequest("all", None, " vit ")) == "vit"
    assert tag_query("it's odd") == 'tag:"it\'s odd"'


def test_markdown_link_escapes_brackets_and_parentheses(
    sample_folder: Path,
) -> None:
    from dataclasses import replace

    from reader.core.models import Link

    conn = connect(sample_folder, readonly=True).conn
    (paper,) = queries.load_papers(conn, [listing.view_ids(conn, "all")[0]])
    conn.close()
    odd = replace(paper, title="A [b] c", links=(Link("abs", "https://x.org/a(1) b"),))
    assert paper_link(odd) == "[A \\[b\\] c](https://x.org/a%281%29%20b)"
    assert paper_link(replace(paper, title="T", links=())) == "T"


def test_saved_exports_model(qtmodeltester: object) -> None:
    from reader.core.queries import SavedExport

    model = SavedExportsModel()
    model.set_rows([SavedExport(1, "", "bibtex", "/x.bib", False, None, "disk full")])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, 0).data() == "(every paper)"
    assert model.index(0, 3).data() == "never"
