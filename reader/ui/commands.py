"""The command registry: every user action by id; menus, keys and tests refer to these ids."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

WINDOW, LIST, NOTES = "window", "list", "notes"  # where a command's keys work
CONTEXT_TITLES = {WINDOW: "Anywhere", LIST: "Paper list", NOTES: "Notes editor"}


@dataclass(frozen=True)
class Command:
    """A named action. context says where its keys work: the whole window or the list pane."""

    id: str
    title: str
    handler: Callable[[], None]
    context: str = WINDOW
    help: str = ""


class CommandRegistry:
    """Commands by id, each with one QAction that menus and key bindings share."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, QAction] = {}
        self.bound: dict[str, list[str]] = {}  # keys in effect, set by keymap.apply_keymap

    def register(self, command: Command) -> QAction:
        """Add a command; its id must be new."""
        if command.id in self._commands:
            raise ValueError(f"command {command.id!r} is registered twice")
        self._commands[command.id] = command
        action = QAction(command.title, self._owner)
        action.setObjectName(command.id)
        if command.help:
            action.setStatusTip(command.help)
        action.triggered.connect(lambda _checked=False, c=command: c.handler())
        self._actions[command.id] = action
        return action

    def add(
        self,
        cid: str,
        title: str,
        handler: Callable[[], None],
        context: str = WINDOW,
        help: str = "",
    ) -> QAction:
        """register(Command(...)) in one call."""
        return self.register(Command(cid, title, handler, context, help))

    def run(self, cid: str) -> None:
        """Run a command by id (menus, keys, palette and tests all end here)."""
        self._commands[cid].handler()

    def action(self, cid: str) -> QAction:
        """The QAction of a command."""
        return self._actions[cid]

    def command(self, cid: str) -> Command:
        """A command by id."""
        return self._commands[cid]

    def title(self, cid: str) -> str:
        """A command's title without menu accelerators ("&Search" -> "Search")."""
        return re.sub(r"&(&?)", r"\1", self._commands[cid].title)

    def ids(self) -> list[str]:
        """Every command id, in registration order."""
        return list(self._commands)
