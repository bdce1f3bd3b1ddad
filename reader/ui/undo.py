"""Undo/redo of triage actions: labelled steps whose undo and redo run on the writer."""

from __future__ import annotations

from collections import deque
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
    # On the GUI thread once an undo (False) or redo (True) is written: what follows it
    # outside the library (a quick tag in settings.toml following a tag's rename).
    after: Callable[[bool], None] | None = None


class UndoStack(QObject):
    """Steps done, and steps undone that redo can bring back; changed() on every move.

    A step reaches the stack only when its writer job's result is back on the GUI thread.
    So that undo always undoes the last thing the user did, however fast the keys come,
    writes that will push a step are announced at submission (expect, then settle), and
    undo/redo wait in line (in_order) until every step submitted before them is here;
    whatever is pressed after them waits behind them, so the writer sees the keys' order.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[Step] = []
        self._index = 0  # steps before it are done, from it on are undone
        self._expected = 0  # writes submitted whose step (or none) has not come back yet
        self._waiting: deque[tuple[Callable[[], None], bool]] = deque()

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

    def expect(self) -> None:
        """A write that may push a step was just submitted: undo/redo wait for it."""
        self._expected += 1

    def settle(self, step: Step | None) -> None:
        """An expected write came back (step None: it changed nothing or failed)."""
        self._expected = max(0, self._expected - 1)
        if step is not None:
            self.push(step)
        self._run_waiting()

    def in_order(self, fn: Callable[[], None], *, after_steps: bool = False) -> None:
        """Run fn now, or once what waits ahead of it has run; after_steps (undo, redo)
        also waits until every expected step is on the stack."""
        self._waiting.append((fn, after_steps))
        self._run_waiting()

    def busy(self) -> bool:
        """True while something waits in line or an expected step is not back yet."""
        return bool(self._waiting) or self._expected > 0

    def _run_waiting(self) -> None:
        while self._waiting:
            fn, after_steps = self._waiting[0]
            if after_steps and self._expected:
                return
            self._waiting.popleft()
            fn()

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
