"""The README's keys table is exactly what resources/keymap.toml and the registry give."""

from __future__ import annotations

from pathlib import Path

from uihelp import OpenWindow

from reader.ui.keymap import default_keymap
from reader.ui.keys_table import END, START, markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_keys_table_matches_the_keymap(sample_folder: Path, open_window: OpenWindow) -> None:
    window = open_window(sample_folder)
    assert window.commands.bound == {c: k for c, k in default_keymap().items() if k}
    text = README.read_text("utf-8")
    assert START in text and END in text
    block = text.split(START, 1)[1].split(END, 1)[0].strip("\n")
    assert block == markdown(window.commands), (
        "README keys table is stale: run python -m reader.ui.keymap --markdown --write README.md"
    )
    for cid, keys in default_keymap().items():
        assert window.commands.title(cid) in block, cid
        assert keys
