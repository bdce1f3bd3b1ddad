"""Undo/redo of triage actions: labelled steps whose undo and redo run on the writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.core.changes import Changes

if TYPE_CHECKING:
    from reader.core.library import Library

Write = Callable[["Library"], Changes]
LIMIT = 200


@dataclass(frozen=True)
class Step:
    """One user action: a label ("tag 'vision' on 12 papers") and how to undo/redo it."""

    label: str
    undo: Write
    redo: Write


class UndoStack(QObject):
    """Steps done, and steps undone that redo can bring back; changed() on every move."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[Step] = []
        self._index = 0  # steps before it are done, from it on are undone

    def push(self, step: Step) -> None:
        """A new action: it becomes the one to undo, and the redo list is dropped."""
        del self._steps[self._index :]
        self._steps.append(step)
        if len(self._steps) > LIMIT:
            del self._steps[0]
        self._index = len(self._steps)
        self.changed.emit()

    def clear(self) -> None:
        """Forget every step (the library they describe was replaced)."""
        self._steps.clear()
        self._index = 0
        self.changed.emit()

    def take_undo(self) -> Step | None:
        """The step to undo now (moving back one), or None."""
        if self._index == 0:
            return None
        self._index -= 1
        self.changed.emit()
        return self._steps[self._index]

    def take_redo(self) -> Step | None:
        """The step to redo now (moving forward one), or None."""
        if self._index >= len(self._steps):
            return None
        self._index += 1
        self.changed.emit()
        return self._steps[self._index - 1]

    def undo_label(self) -> str | None:
        """What undo would undo."""
        return self._steps[self._index - 1].label if self._index else None

    def redo_label(self) -> str | None:
        """What redo would redo."""
        return self._steps[self._index].label if self._index < len(self._steps) else None


def state_step(label: str, before: dict, after: dict) -> Step:
    """A step that puts papers back into user-state snapshots (Library.user_state)."""
    return Step(
        label,
        lambda lib: lib.restore_user_state(before),
        lambda lib: lib.restore_user_state(after),
    )
