"""The README's keys table, rendered from resources/keymap.toml and the command registry."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from reader.ui.commands import CommandRegistry
from reader.ui.widgets.cheatsheet import key_groups

START, END = "<!-- keys:start -->", "<!-- keys:end -->"
INTRO = """## Keys

Reader is driven from the keyboard. Keys without Ctrl/Alt work in the paper list only, so
typing in the notes or the search field never fires them; `g i` means `g`, then `i`. Every
triage key acts on all selected papers as one step that Ctrl+Z undoes. `?` shows this table
in the app and Ctrl+K finds any command by name. Generated from `resources/keymap.toml` by
`python -m reader.ui.keymap --markdown --write README.md` (a test keeps it in step)."""


def markdown(registry: CommandRegistry) -> str:
    """The section between the README markers: an intro and one table of default keys."""
    lines = [INTRO, "", "| Keys | Command | Where |", "| --- | --- | --- |"]
    for heading, rows in key_groups(registry, unbound=False, native=False):
        for _cid, title, keys in rows:
            shown = ", ".join(f"`{k.strip()}`" for k in keys.split(", "))
            lines.append(f"| {shown} | {title} | {heading} |")
    return "\n".join(lines)


def default_registry_markdown() -> str:
    """Build a window offscreen with only the default keys and render its table."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_CONFIG_DIR"] = str(Path(tmp) / "config")  # no user overrides
        from reader.ui import startup
        from reader.ui.main_window import MainWindow

        startup.application()
        window = MainWindow(Path(tmp) / "library")
        window.persist_state = False
        try:
            return markdown(window.commands)
        finally:
            window.shutdown()


def main(argv: list[str]) -> int:
    """`python -m reader.ui.keymap --markdown [--write README.md]`."""
    text = default_registry_markdown()
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
