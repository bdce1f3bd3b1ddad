"""The cheat sheet (`?`): every command and its keys, grouped by where they work."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from reader.ui.commands import CONTEXT_TITLES, LIST, NOTES, WINDOW, CommandRegistry
from reader.ui.keymap import binding_context, show_key

UNBOUND = "Without a key (use the command palette)"
Groups = list[tuple[str, list[tuple[str, str, str]]]]  # heading, [(id, title, keys)]


def key_groups(registry: CommandRegistry, *, unbound: bool = True, native: bool = True) -> Groups:
    """Commands by where their keys work (list, anywhere, notes), in registry order."""
    groups: dict[str, list[tuple[str, str, str]]] = {c: [] for c in (LIST, WINDOW, NOTES)}
    loose = []
    for cid in registry.ids():
        keys = registry.bound.get(cid, [])
        by_context: dict[str, list[str]] = {}
        for key in keys:
            by_context.setdefault(binding_context(registry, cid, key), []).append(
                show_key(key, native=native)
            )
        for context, shown in by_context.items():
            groups[context].append((cid, registry.title(cid), ", ".join(shown)))
        if not keys:
            loose.append((cid, registry.title(cid), ""))
    out: Groups = [(CONTEXT_TITLES[c], rows) for c, rows in groups.items() if rows]
    if unbound and loose:
        out.append((UNBOUND, loose))
    return out


def cheatsheet_html(registry: CommandRegistry) -> str:
    """The cheat sheet as an HTML fragment: one two-column table per group."""
    parts = []
    for heading, rows in key_groups(registry):
        parts.append(f"<h3>{escape(heading)}</h3><table cellspacing='0' cellpadding='3'>")
        for _cid, title, keys in rows:
            parts.append(
                f"<tr><td width='150'><b><code>{escape(keys)}</code></b></td>"
                f"<td>{escape(title)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class CheatSheet(QDialog):
    """A read-only window listing all keys; Esc closes it."""

    def __init__(self, registry: CommandRegistry, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("cheatSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = QTextBrowser(self, objectName="cheatSheetText")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(cheatsheet_html(registry))
        box = QVBoxLayout(self)
        box.addWidget(self.browser)
        self.resize(560, 640)
