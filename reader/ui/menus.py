"""Menus built from the command declarations: the menu bar, the list's context menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QMenuBar, QTableView

from reader.ui.command_table import MENUS
from reader.ui.commands import CommandRegistry
from reader.ui.undo import UndoStack


def _fill(menu: QMenu, registry: CommandRegistry, ids: list[str]) -> None:
    group = None
    submenus: dict[str, QMenu] = {}
    for cid in ids:
        command = registry.command(cid)
        if group is not None and command.group != group:
            menu.addSeparator()
        group = command.group
        target = menu
        if command.submenu:
            if command.submenu not in submenus:
                submenus[command.submenu] = menu.addMenu(command.submenu)
            target = submenus[command.submenu]
        target.addAction(registry.action(cid))


def build_menu_bar(bar: QMenuBar, registry: CommandRegistry) -> dict[str, QMenu]:
    """One menu per MENUS entry, each holding its declared commands in declaration order."""
    menus = {}
    for title in MENUS:
        menu = bar.addMenu(title)
        _fill(
            menu, registry, [cid for cid in registry.ids() if registry.command(cid).menu == title]
        )
        menus[title] = menu
    return menus


def attach_context_menu(table: QTableView, registry: CommandRegistry) -> None:
    """The paper list's right-click menu: the commands declared with popup=True."""
    ids = [cid for cid in registry.ids() if registry.command(cid).popup]

    def popup(pos: QPoint) -> None:
        menu = QMenu(table)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _fill(menu, registry, ids)
        menu.popup(table.viewport().mapToGlobal(pos))

    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.customContextMenuRequested.connect(popup)


def follow_undo(registry: CommandRegistry, stack: UndoStack) -> None:
    """Undo and Redo say what they would undo or redo ("Undo star on 3 papers")."""

    def label() -> None:
        for cid, text, word in (
            ("edit.undo", stack.undo_label(), "Undo"),
            ("edit.redo", stack.redo_label(), "Redo"),
        ):
            registry.action(cid).setText(f"&{word} {text}" if text else f"&{word}")

    stack.changed.connect(label)
    label()
