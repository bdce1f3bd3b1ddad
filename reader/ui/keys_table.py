"""The README's keys table, rendered from the command declarations and resources/keymap.toml.

No window and no QApplication: the declarations and the keymap are plain data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.ui.command_table import COMMANDS
from reader.ui.commands import CommandRegistry
from reader.ui.keymap import default_keymap, resolve
from reader.ui.widgets.cheatsheet import key_groups

START, END = "<!-- keys:start -->", "<!-- keys:end -->"
INTRO = """## Keys

Reader is driven from the keyboard. Keys without Ctrl/Alt work in the paper list only, so
typing in the notes or the search field never fires them (`/` works from the abstract and
the note's preview too); `g i` means `g`, then `i`, and a key that completes no such pair
(`g` then `/`) acts as it does alone. In the search field Esc goes back to
the list keeping the results, Return to the first result; Esc in the list clears the
search. Every triage key acts on all selected papers as one step that Ctrl+Z undoes (undo
and redo select the paper they changed). `?` shows this table in the app and Ctrl+K finds
any command by name. Generated from `resources/keymap.toml` by
`python -m reader.ui.keys_table --write README.md` (a test keeps it in step)."""


def declared_registry() -> CommandRegistry:
    """Every declared command with the default keys, as a window without user overrides has."""
    registry = CommandRegistry(COMMANDS)
    registry.bound = resolve(default_keymap(), registry)[0]
    return registry


def markdown(registry: CommandRegistry) -> str:
    """The section between the README markers: an intro and one table of default keys."""
    lines = [INTRO, "", "| Keys | Command | Where |", "| --- | --- | --- |"]
    for heading, rows in key_groups(registry, unbound=False, native=False):
        for _cid, title, keys in rows:
            shown = ", ".join(f"`{k.strip()}`" for k in keys.split(", "))
            lines.append(f"| {shown} | {title} | {heading} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python -m reader.ui.keys_table [--write README.md]`."""
    text = markdown(declared_registry())
    if "--write" in argv:
        path = Path(argv[argv.index("--write") + 1])
        readme = path.read_text("utf-8")
        head, _, rest = readme.partition(START)
        _, _, tail = rest.partition(END)
        path.write_text(f"{head}{START}\n{text}\n{END}{tail}", "utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
