"""Triage, navigation and undo commands: registered by id, bound to keys, put in menus."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMenu

from reader.core.models import Status
from reader.ui.commands import LIST, NOTES
from reader.ui.keymap import apply_keymap, load_keymap
from reader.ui.settings import QUICK_TAGS, settings_path
from reader.ui.tag_admin import TagAdmin
from reader.ui.widgets.cheatsheet import CheatSheet
from reader.ui.widgets.palette import CommandPalette

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STATUSES = (
    ("queue", "&Queue (to read)", Status.QUEUED, "queue"),
    ("read", "Mark &read", Status.READ, "mark read"),
    ("unread", "Back to &new", Status.NEW, "mark new"),
    ("archive", "&Archive", Status.ARCHIVED, "archive"),
)
PAPER_MENU = (
    "paper.star",
    *(f"paper.{key}" for key, *_ in STATUSES),
    None,
    "tag.add",
    "tag.remove",
    None,
    "paper.open",
    "paper.copy_citekey",
    "paper.copy_bibtex",
    None,
    "paper.trash",
    "paper.restore",
)


def register(w: MainWindow) -> None:
    """Every triage and navigation command, by id."""
    add, t = w.commands.add, w.triage
    add("list.next", "Next paper", lambda: t.move(1), LIST)
    add("list.previous", "Previous paper", lambda: t.move(-1), LIST)
    add("list.first", "First paper", lambda: t.move(row=0), LIST)
    add("list.last", "Last paper", lambda: t.move(row=-1), LIST)
    add("abstract.page_down", "Scroll the abstract down", lambda: t.scroll_abstract(1), LIST)
    add("abstract.page_up", "Scroll the abstract up", lambda: t.scroll_abstract(-1), LIST)
    add("notes.leave", "Back to the list", w.table.setFocus, NOTES)
    add("paper.star", "&Star / unstar", t.toggle_star, LIST)
    for key, title, status, verb in STATUSES:
        add(f"paper.{key}", title, lambda s=status, v=verb: t.set_status(s, v), LIST)
    add("tag.add", "&Tag…", t.ask_add_tags, LIST, "Add tags to the selected papers")
    add("tag.remove", "&Remove tag…", t.ask_remove_tags, LIST)
    for n in range(1, QUICK_TAGS + 1):
        add(f"tag.quick{n}", f"Toggle quick tag {n}", lambda n=n: t.quick_tag(n), LIST)
    add("paper.open", "&Open link", t.open_link, LIST, "Open the paper's page in the browser")
    add("paper.copy_citekey", "Copy citation &key", t.copy_citekeys, LIST)
    add("paper.copy_bibtex", "Copy &BibTeX", t.copy_bibtex, LIST)
    add("paper.trash", "Move to tras&h", t.trash, LIST)
    add("paper.restore", "Restore from trash", t.restore, LIST)
    add("view.tag", "Go to ta&g…", t.ask_go_tag)
    add("edit.undo", "&Undo", lambda: t.run_step(redo=False))
    add("edit.redo", "&Redo", lambda: t.run_step(redo=True))
    admin = TagAdmin(w)
    add("tags.manage", "Manage &tags…", admin.show, help="Rename, merge or delete tags")
    add("trash.empty", "&Empty trash…", admin.ask_empty_trash)
    add("app.palette", "Command &palette…", lambda: show_dialog(w, CommandPalette(w.commands, w)))
    add("help.keys", "&Keyboard shortcuts", lambda: show_dialog(w, CheatSheet(w.commands, w)))


def show_dialog(w: MainWindow, dialog: QDialog) -> None:
    """Open a dialog over the window; the list gets the focus back when it closes."""
    dialog.finished.connect(lambda _r: w.triage.back_to_list())
    dialog.open()


def bind_keys(w: MainWindow) -> list[str]:
    """Default keys plus settings.toml; problems go to the status bar and the log."""
    user = w.settings.keys
    keymap = load_keymap(user)
    panes = {LIST: [w.table, w.sidebar], NOTES: [w.notes]}
    problems = [*w.settings.problems, *apply_keymap(keymap, w.commands, w, panes, user)]
    for problem in problems:
        log.warning("keys: %s", problem)
    if problems:
        w.statusBar().showMessage(
            f"Keys: {problems[0]}"
            + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
            + f" — see {settings_path()}",
            15000,
        )
    return problems


def _fill(menu: QMenu, w: MainWindow, ids: tuple[str | None, ...]) -> None:
    for cid in ids:
        if cid is None:
            menu.addSeparator()
        else:
            menu.addAction(w.commands.action(cid))


def build_menus(w: MainWindow) -> None:
    """Edit (undo/redo, with labels) and Paper menus, and the list's context menu."""
    bar = w.menuBar()
    edit = QMenu("&Edit", bar)
    _fill(edit, w, ("edit.undo", "edit.redo", None, "app.palette"))
    view_menu = next((a for a in bar.actions() if a.text() == "&View"), None)
    bar.insertMenu(view_menu, edit) if view_menu else bar.addMenu(edit)
    go = next((a.menu() for a in bar.actions() if a.text() == "&Go"), None)
    if isinstance(go, QMenu):
        _fill(go, w, (None, "list.next", "list.previous", "list.first", "list.last", "view.tag"))
    paper = QMenu("&Paper", bar)
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    bar.insertMenu(help_action, paper) if help_action else bar.addMenu(paper)  # Help stays last
    _fill(paper, w, (*PAPER_MENU, None, "tags.manage", "trash.empty"))
    help_menu = next((a.menu() for a in bar.actions() if a.text() == "&Help"), None)
    if not isinstance(help_menu, QMenu):
        help_menu = bar.addMenu("&Help")
    help_menu.insertAction(next(iter(help_menu.actions()), None), w.commands.action("help.keys"))
    w.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    w.table.customContextMenuRequested.connect(lambda pos: _context_menu(w, pos))
    w.triage.undo.changed.connect(lambda: _label_undo(w))
    _label_undo(w)


def _context_menu(w: MainWindow, pos: QPoint) -> None:
    menu = QMenu(w.table)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _fill(menu, w, PAPER_MENU)
    menu.popup(w.table.viewport().mapToGlobal(pos))


def _label_undo(w: MainWindow) -> None:
    stack = w.triage.undo
    for cid, label, word in (
        ("edit.undo", stack.undo_label(), "Undo"),
        ("edit.redo", stack.redo_label(), "Redo"),
    ):
        action = w.commands.action(cid)
        action.setText(f"&{word} {label}" if label else f"&{word}")
