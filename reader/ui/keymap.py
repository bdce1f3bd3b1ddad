"""Keys for commands: defaults from resources/keymap.toml plus user overrides, checked."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from reader.ui.commands import LIST, CommandRegistry

Keymap = dict[str, list[str]]


class KeymapError(ValueError):
    """A keymap that names unknown commands or binds one key twice."""


def default_keymap() -> Keymap:
    """The bundled defaults."""
    text = resources.files("reader.resources").joinpath("keymap.toml").read_text("utf-8")
    return _parse(tomllib.loads(text))


def load_keymap(user_file: Path | None = None) -> Keymap:
    """Defaults, with the user's file (same format) replacing keys per command."""
    keymap = default_keymap()
    if user_file is not None and user_file.exists():
        keymap.update(_parse(tomllib.loads(user_file.read_text("utf-8"))))
    return keymap


def _parse(data: dict) -> Keymap:
    keys = data.get("keys", {})
    return {cid: [value] if isinstance(value, str) else list(value) for cid, value in keys.items()}


def conflicts(keymap: Keymap, registry: CommandRegistry) -> list[str]:
    """Readable problems: unknown command ids, or one key bound twice in one context."""
    problems = [f"unknown command {cid!r}" for cid in keymap if cid not in registry.ids()]
    seen: dict[tuple[str, str], str] = {}
    for cid, keys in keymap.items():
        if cid not in registry.ids():
            continue
        context = registry.command(cid).context
        for key in keys:
            norm = QKeySequence(key).toString()
            other = seen.setdefault((context, norm), cid)
            if other != cid:
                problems.append(f"{key} is bound to both {other} and {cid}")
    return problems


def is_plain(key: str) -> bool:
    """A key without modifiers (a letter, "/", "?"): typing it in a text field must not fire."""
    seq = QKeySequence(key)
    if seq.count() != 1:
        return False
    combo = seq[0]
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    chord |= Qt.KeyboardModifier.MetaModifier
    # Printable keys have Unicode codes; Escape, F5, arrows... start at 0x01000000.
    return not (combo.keyboardModifiers() & chord) and combo.key().value < 0x01000000


def apply_keymap(
    keymap: Keymap, registry: CommandRegistry, window: QWidget, list_panes: list[QWidget]
) -> None:
    """Bind keys: plain keys only where the list panes have focus, chords window-wide."""
    problems = conflicts(keymap, registry)
    if problems:
        raise KeymapError("; ".join(problems))
    for cid in registry.ids():
        action = registry.action(cid)
        keys = keymap.get(cid, [])
        local = registry.command(cid).context == LIST
        plain = [QKeySequence(k) for k in keys if local or is_plain(k)]
        chords = [QKeySequence(k) for k in keys if not (local or is_plain(k))]
        action.setShortcuts(chords)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
        if plain:
            for pane in list_panes:
                proxy = QAction(action.text(), pane)
                proxy.setObjectName(f"{cid}@{pane.objectName()}")
                proxy.setShortcuts(plain)
                proxy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                proxy.triggered.connect(action.trigger)
                pane.addAction(proxy)


def key_text(registry: CommandRegistry, cid: str) -> str:
    """The first key of a command, as shown in menus and tooltips."""
    keys = registry.action(cid).shortcuts()
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def all_keys(keymap: Keymap, cid: str) -> str:
    """Every key of a command, for tooltips and the cheat sheet."""
    return ", ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
        for k in keymap.get(cid, [])
    )
