"""Keys for commands: defaults from resources/keymap.toml plus user overrides, checked."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from reader.ui.commands import LIST, WINDOW, CommandRegistry
from reader.ui.key_sequences import Combo, PaneSequences, combos
from reader.ui.settings import Settings, settings_path

Keymap = dict[str, list[str]]
log = logging.getLogger(__name__)


def default_keymap() -> Keymap:
    """The bundled defaults."""
    text = resources.files("reader.resources").joinpath("keymap.toml").read_text("utf-8")
    return _parse(tomllib.loads(text))


def load_keymap(user_keys: Keymap | None = None) -> Keymap:
    """Defaults, with the user's [keys] table replacing keys per command."""
    keymap = default_keymap()
    keymap.update(user_keys or {})
    return keymap


def _parse(data: dict) -> Keymap:
    keys = data.get("keys", {})
    return {cid: [value] if isinstance(value, str) else list(value) for cid, value in keys.items()}


def _norm(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def binding_context(registry: CommandRegistry, cid: str, key: str) -> str:
    """Where a key of a command works: its own pane, or the list pane for a plain key
    (window-wide for an `anywhere` command: editable text takes it first, as text)."""
    command = registry.command(cid)
    plain_here = command.context == WINDOW and is_plain(key) and not command.anywhere
    return LIST if plain_here else command.context


def _clash(a: tuple[str, str], b: tuple[str, str]) -> bool:
    # Window-wide chords also fire inside every pane; a sequence's prefix swallows it.
    (ctx_a, key_a), (ctx_b, key_b) = a, b
    if not (ctx_a == ctx_b or WINDOW in (ctx_a, ctx_b)):
        return False
    return key_a == key_b or key_b.startswith(key_a + ", ") or key_a.startswith(key_b + ", ")


def resolve(
    keymap: Keymap, registry: CommandRegistry, preferred: Iterable[str] = ()
) -> tuple[dict[str, list[str]], list[str]]:
    """Keys each command gets, and readable problems (unknown ids, keys bound twice).

    Commands in `preferred` (the user's overrides) claim their keys first; a key that
    clashes with one already claimed is reported and left unbound for the later command.
    """
    known = registry.ids()
    problems = [f"unknown command {cid!r} in the keymap" for cid in keymap if cid not in known]
    first = [cid for cid in preferred if cid in known]
    order = first + [cid for cid in known if cid not in first]
    claimed: list[tuple[tuple[str, str], str]] = []
    bound: dict[str, list[str]] = {}
    for cid in order:
        for key in keymap.get(cid, []):
            if not valid(key):
                problems.append(f"{key!r} for {cid} is not a key")
                continue
            spot = (binding_context(registry, cid, key), _norm(key))
            other = next((c for s, c in claimed if c != cid and _clash(s, spot)), None)
            if other is not None:
                problems.append(f"{key} is bound to both {other} and {cid}; kept for {other}")
                continue
            claimed.append((spot, cid))
            bound.setdefault(cid, []).append(key)
    return bound, problems


def valid(key: str) -> bool:
    """True when Qt understands the key ("Ctrl+K", "g, g"; not "Hyper+K")."""
    seq = QKeySequence(key)
    return not seq.isEmpty() and all(seq[i].key() != Qt.Key.Key_unknown for i in range(seq.count()))


def show_key(key: str, *, native: bool = True) -> str:
    """A key as people read it: "g g" for the sequence, "G" for Shift+g, else Qt's text."""
    fmt = QKeySequence.SequenceFormat
    text_format = fmt.NativeText if native else fmt.PortableText
    seq = QKeySequence(key)
    parts = []
    for i in range(seq.count()):
        combo = seq[i]
        code, mods = combo.key().value, combo.keyboardModifiers()
        letter = ord("A") <= code <= ord("Z")
        if letter and mods == Qt.KeyboardModifier.NoModifier:
            parts.append(chr(code).lower())
        elif letter and mods == Qt.KeyboardModifier.ShiftModifier:
            parts.append(chr(code))
        else:
            parts.append(QKeySequence(combo).toString(text_format))
    return " ".join(parts)


def conflicts(keymap: Keymap, registry: CommandRegistry) -> list[str]:
    """Readable problems: unknown command ids, or one key bound twice in one context."""
    return resolve(keymap, registry)[1]


def is_plain(key: str) -> bool:
    """A key without Ctrl/Alt/Meta (a letter, "/", Enter, Delete, "g, g"): list pane only.

    Typing such a key in the notes editor or the search bar must type or edit, not fire.
    """
    seq = QKeySequence(key)
    if seq.isEmpty():
        return False
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    chord |= Qt.KeyboardModifier.MetaModifier
    for i in range(seq.count()):
        combo = seq[i]
        if combo.keyboardModifiers() & chord or Qt.Key.Key_F1.value <= combo.key().value <= (
            Qt.Key.Key_F35.value
        ):
            return False
    return True


def apply_keymap(
    keymap: Keymap,
    registry: CommandRegistry,
    window: QWidget,
    panes: Mapping[str, list[QWidget]] | list[QWidget],
    preferred: Iterable[str] = (),
) -> list[str]:
    """Bind keys (chords window-wide, plain keys in their pane); return the problems."""
    if not isinstance(panes, Mapping):
        panes = {LIST: list(panes)}
    bound, problems = resolve(keymap, registry, preferred)
    sequences: dict[QWidget, dict[tuple[Combo, ...], QAction]] = {}
    for cid in registry.ids():
        action = registry.action(cid)
        keys = bound.get(cid, [])
        local: dict[str, list[QKeySequence]] = {}
        chords = []
        for key in keys:
            context = binding_context(registry, cid, key)
            if context == WINDOW:
                chords.append(QKeySequence(key))
            else:
                local.setdefault(context, []).append(QKeySequence(key))
        action.setShortcuts(chords)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
        for context, seqs in local.items():
            for pane in panes.get(context, []):
                _bind_local(action, cid, pane, [s for s in seqs if s.count() == 1])
                for seq in (s for s in seqs if s.count() > 1):
                    sequences.setdefault(pane, {})[combos(seq)] = action
    for pane in {p for ps in panes.values() for p in ps}:
        _match_sequences(pane, sequences.get(pane, {}))
    registry.bound = bound
    return problems


def _match_sequences(pane: QWidget, actions: dict[tuple[Combo, ...], QAction]) -> None:
    """The pane's key sequences go to PaneSequences (Qt's would swallow `g` then `/`)."""
    for old in pane.findChildren(PaneSequences, options=Qt.FindChildOption.FindDirectChildrenOnly):
        pane.removeEventFilter(old)
        old.setParent(None)
        old.deleteLater()
    if actions:
        PaneSequences(pane, actions)


def _bind_local(action: QAction, cid: str, pane: QWidget, seqs: list[QKeySequence]) -> None:
    if not seqs:
        return
    proxy = QAction(action.text(), pane)
    proxy.setObjectName(f"{cid}@{pane.objectName()}")
    proxy.setShortcuts(seqs)
    proxy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    proxy.triggered.connect(action.trigger)
    pane.addAction(proxy)


def bind_keys(
    registry: CommandRegistry,
    window: QWidget,
    panes: Mapping[str, list[QWidget]],
    settings: Settings,
    report: Callable[[str, int], None],
) -> list[str]:
    """Default keys plus settings.toml; problems go to the status bar and the log."""
    keymap = load_keymap(settings.keys)
    problems = [*settings.problems, *apply_keymap(keymap, registry, window, panes, settings.keys)]
    for problem in problems:
        log.warning("keys: %s", problem)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        report(f"Keys: {problems[0]}{more} — see {settings_path()}", 15000)
    return problems


def key_text(registry: CommandRegistry, cid: str) -> str:
    """The first key of a command, as shown in status messages and tooltips."""
    keys = registry.bound.get(cid, [])
    return show_key(keys[0]) if keys else ""


def all_keys(registry: CommandRegistry, cid: str) -> str:
    """Every key of a command, for tooltips, the palette and the cheat sheet."""
    return ", ".join(show_key(k) for k in registry.bound.get(cid, []))
