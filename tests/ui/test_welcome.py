"""First launch (Inbox and a guide shown until dismissed), empty views, the last view restored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from uihelp import OpenWindow, search

from reader.core.library import Library
from reader.core.models import Status
from reader.ui.main_window import MainWindow
from reader.ui.models.sidebar import KEY_ROLE
from reader.ui.settings import settings_path
from reader.ui.widgets.backups_dialog import BackupsDialog
from reader.ui.widgets.tag_prompt import TagPrompt


def guide_text(window: MainWindow) -> str:
    """The guide as read on screen (keys and words joined by non-breaking spaces)."""
    guide = window.look.welcome.guide
    assert guide is not None
    doc = QTextDocument()
    doc.setHtml(guide.text.text())
    return doc.toPlainText().replace("\xa0", " ")


def test_first_launch_opens_the_inbox_with_a_guide_until_it_is_dismissed(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.set_status([1, 2], Status.READ)  # the Inbox is not the whole library
    window = open_window(sample_folder, first_launch=True)
    assert window.request.view == "inbox" and window.model.rowCount() == 105
    assert window.look.welcome.showing()
    text = guide_text(window)
    for phrase in ("j / k next / previous paper", "s star", "q queue", "a archive", "/ search"):
        assert phrase in text
    assert "File ▸ Import… (Ctrl+O)" in text and "Press ? for every key" in text
    window.close()

    again = open_window(sample_folder, first_launch=True)  # not dismissed: still there
    assert again.look.welcome.showing()
    guide = again.look.welcome.guide
    assert guide is not None
    qtbot.mouseClick(guide.close_button, Qt.MouseButton.LeftButton)
    assert not again.look.welcome.showing()
    again.close()

    third = open_window(sample_folder, first_launch=True)
    assert not third.look.welcome.showing() and third.look.welcome.guide is None
    assert third.request.view == "inbox"  # the last view, as it was left
    third.commands.run("help.guide")  # Help ▸ Welcome guide brings it back on demand
    assert third.look.welcome.showing()


def test_the_guide_shows_the_users_own_keys(sample_folder: Path, open_window: OpenWindow) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"paper.star" = ["x"]\n"help.keys" = ["F1"]\n', "utf-8")
    window = open_window(sample_folder, first_launch=True)
    text = guide_text(window)
    assert "x star" in text and "s star" not in text
    assert "Press F1 for every key" in text


def empty_text(window: MainWindow) -> str:
    assert window.table.isHidden() and not window.empty.isHidden()
    return window.empty.text()


def test_every_empty_view_says_what_to_do_next(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.set_status(list(range(1, 108)), Status.ARCHIVED)
    window = open_window(sample_folder)
    expected = {
        "inbox": ("Inbox zero", "File ▸ Import… (Ctrl+O)", "press F5 to refresh"),
        "starred": ("No starred papers yet", "press s to star"),
        "queue": ("Nothing queued", "press q to queue"),
        "read": ("Nothing marked read", "press r when"),
        "trash": ("The trash is empty", "(Del", "restored"),
    }
    for view, phrases in expected.items():
        with qtbot.waitSignal(window.loaded):
            window.commands.run(f"view.{view}")
        text = empty_text(window)
        for phrase in phrases:
            assert phrase in text, (view, phrase, text)
    with qtbot.waitSignal(window.loaded):
        window.set_view("all", "nothing-here")
    assert "No papers tagged “nothing-here”" in empty_text(window)
    assert "press t to tag" in empty_text(window)
    with qtbot.waitSignal(window.loaded):
        window.commands.run("view.archive")
    search(qtbot, window, "zzyzx")
    text = empty_text(window)
    assert "No results for “zzyzx” in Archive" in text
    assert "press Ctrl+6 to search all papers" in text.replace("Press", "press")
    search(qtbot, window, "vision")  # a search with hits shows the list again
    assert window.empty.isHidden() and not window.table.isHidden()


def test_all_papers_empty_says_how_to_add_papers(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.trash(range(1, 108))
    window = open_window(sample_folder)
    text = empty_text(window)
    assert text.startswith("No papers yet")
    assert "File ▸ Import… (Ctrl+O)" in text and "Ctrl+Shift+N" in text


def test_empty_tag_dialogs_say_how_to_get_tags(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(sample_folder)
    window.commands.run("tags.manage")
    dialog = window.controllers.tags.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "Paper ▸ Tag…" in dialog.hint.text()
    dialog.close()
    window.commands.run("view.tag")  # g t with no tags to go to
    prompt = window.findChild(TagPrompt, "tagPrompt")
    assert prompt is not None
    empty = prompt.findChild(QLabel, "tagPromptEmpty")
    assert empty is not None and empty.text() == (
        "No tags yet: to tag the selected papers, press t in the list."
    )
    prompt.reject()


def test_restart_restores_tag_and_sort_but_not_the_search(
    sample_folder: Path, open_window: OpenWindow, qtbot: QtBot
) -> None:
    with Library(sample_folder) as lib:
        lib.add_tags([3, 5, 9], ["vision"])
    window = open_window(sample_folder)
    with qtbot.waitSignal(window.loaded):
        window.set_view("all", "vision")
    with qtbot.waitSignal(window.loaded):
        window.commands.run("sort.title")
    search(qtbot, window, "transformers")
    one = window.model.ids()
    window.table.select_id(one[0])
    window.close()

    again = open_window(sample_folder)
    assert again.request.tag == "vision" and again.request.sort == "title"
    assert again.request.query == "" and again.search.text() == ""
    assert again.model.rowCount() == 3  # the whole tag, not the stale search
    assert again.current_id() == one[0]
    qtbot.waitUntil(lambda: again.sidebar.currentIndex().data(KEY_ROLE) == "tag:vision")


def test_restore_dialog_without_backups_says_when_one_is_made(tmp_path: Path, qtbot: QtBot) -> None:
    dialog = BackupsDialog([], tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.isHidden()  # it used to float, tiny, over the dialog's corner
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert any(t.startswith("No backups yet: Reader makes one") for t in texts)
