"""The command registry: every user action by id; menus, keys and tests refer to these ids."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

WINDOW, LIST, NOTES = "window", "list", "notes"  # where a command's keys work
CONTEXT_TITLES = {WINDOW: "Anywhere", LIST: "Paper list", NOTES: "Notes editor"}


@dataclass(frozen=True)
class Command:
    """A named action, declared as data (reader.ui.command_table); keys come from keymap.toml.

    handler gets the window's controllers (see Controllers in reader.ui.context). menu is
    the menu it appears in (None: keys and palette only); a change of group within a menu
    puts a separator before it; submenu names a submenu of that menu to put it in; popup
    puts it in the paper list's context menu too. anywhere: its plain keys (`/`) work in
    every pane, not only the list, except where text is being typed (the notes editor and
    the search field take them as text).
    """

    id: str
    title: str
    handler: Callable[[Any], None]
    context: str = WINDOW
    help: str = ""
    menu: str | None = None
    group: str = ""
    popup: bool = False
    submenu: str = ""
    anywhere: bool = False


class CommandRegistry:
    """Commands by id; once bound to a window, each has one QAction menus and keys share.

    Unbound (no window, no QApplication) it still answers ids, titles and contexts, which
    is all the keys table and the keymap checks need.
    """

    def __init__(self, commands: Iterable[Command]) -> None:
        self._commands: dict[str, Command] = {}
        for command in commands:
            if command.id in self._commands:
                raise ValueError(f"command {command.id!r} is declared twice")
            self._commands[command.id] = command
        self._actions: dict[str, QAction] = {}
        self._target: object = None
        self.bound: dict[str, list[str]] = {}  # keys in effect, set by keymap.apply_keymap

    def bind(self, owner: QObject, target: object) -> None:
        """Give every command its QAction (owned by owner) and its handlers their target."""
        self._target = target
        for command in self._commands.values():
            action = QAction(command.title, owner)
            action.setObjectName(command.id)
            if command.help:
                action.setStatusTip(command.help)
            action.triggered.connect(lambda _checked=False, cid=command.id: self.run(cid))
            self._actions[command.id] = action

    def run(self, cid: str) -> None:
        """Run a command by id (menus, keys, palette and tests all end here)."""
        self._commands[cid].handler(self._target)

    def refuse(self, cid: str, handler: Callable[[Any], None]) -> None:
        """Run handler instead of the command from now on (to say why it cannot run)."""
        self._commands[cid] = replace(self._commands[cid], handler=handler)

    def action(self, cid: str) -> QAction:
        """The QAction of a command (after bind)."""
        return self._actions[cid]

    def command(self, cid: str) -> Command:
        """A command by id."""
        return self._commands[cid]

    def title(self, cid: str) -> str:
        """A command's title without menu accelerators ("&Search" -> "Search")."""
        return re.sub(r"&(&?)", r"\1", self._commands[cid].title)

    def ids(self) -> list[str]:
        """Every command id, in declaration order."""
        return list(self._commands)
