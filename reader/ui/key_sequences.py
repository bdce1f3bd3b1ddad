"""Key sequences of a pane ("g, i", "Shift+O, t"), matched here rather than by Qt.

Qt's shortcut map swallows the key after a prefix when the two complete nothing: `g`
then `/` neither went to a view nor focused the search. Here a prefix ends on any key
it does not bind, and that key then acts as if pressed alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

Combo = tuple[int, int]  # (key, modifiers) as ints: QKeyCombination does not hash
_MODIFIER_KEYS = frozenset(
    k.value
    for k in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    )
)
_KEYPAD = Qt.KeyboardModifier.KeypadModifier.value


def _combo(combination: QKeyCombination) -> Combo:
    return combination.key().value, combination.keyboardModifiers().value & ~_KEYPAD


def combos(seq: QKeySequence) -> tuple[Combo, ...]:
    """A sequence as the combos typed one after another."""
    return tuple(_combo(seq[i]) for i in range(seq.count()))


class PaneSequences(QObject):
    """Matches a pane's multi-key sequences on the keys typed into it (an event filter)."""

    def __init__(self, pane: QWidget, actions: Mapping[tuple[Combo, ...], QAction]) -> None:
        super().__init__(pane)
        self.setObjectName("key-sequences")
        self._actions = dict(actions)
        self._prefixes = {seq[:n] for seq in self._actions for n in range(1, len(seq))}
        self._typed: tuple[Combo, ...] = ()
        # The next key press is ours: an action to run, None for a prefix, else False.
        self._taken: QAction | bool | None = False
        pane.installEventFilter(self)

    def pending(self) -> bool:
        """A prefix was typed and waits for its next key."""
        return bool(self._typed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            return self._override(event)
        if kind == QEvent.Type.KeyPress and self._taken is not False:
            action, self._taken = self._taken, False
            if isinstance(action, QAction):
                action.trigger()
            return True
        if kind == QEvent.Type.FocusOut:
            self._typed = ()
        return False

    def _override(self, event: QKeyEvent) -> bool:
        """Before Qt's shortcuts see a key: claim it when it extends or ends a sequence."""
        combo = _combo(event.keyCombination())
        if combo[0] in _MODIFIER_KEYS:
            return False  # Shift pressed on the way to Shift+O keeps the prefix
        typed = (*self._typed, combo)
        if typed not in self._actions and typed not in self._prefixes:
            typed = (combo,)  # the prefix ends: the key counts on its own
        if typed in self._actions:
            self._typed, self._taken = (), self._actions[typed]
        elif typed in self._prefixes:
            self._typed, self._taken = typed, None
        else:
            self._typed = ()
            return False  # not ours: Qt's shortcuts and the pane take it as usual
        event.accept()
        return True
