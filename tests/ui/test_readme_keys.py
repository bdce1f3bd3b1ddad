"""The README's keys table is exactly what the command declarations and keymap.toml give.

Built without a window, a QApplication or any change to the process environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.ui.keymap import conflicts, default_keymap
from reader.ui.keys_table import END, START, declared_registry, markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_keys_table_matches_the_keymap() -> None:
    environ = dict(os.environ)
    registry = declared_registry()
    assert registry.bound == {c: k for c, k in default_keymap().items() if k}
    assert conflicts(default_keymap(), registry) == []
    text = README.read_text("utf-8")
    assert START in text and END in text
    block = text.split(START, 1)[1].split(END, 1)[0].strip("\n")
    assert block == markdown(registry), (
        "README keys table is stale: run python -m reader.ui.keys_table --write README.md"
    )
    for cid, keys in default_keymap().items():
        assert registry.title(cid) in block, cid
        assert keys
    assert dict(os.environ) == environ


def test_the_keys_table_needs_no_window_and_no_display() -> None:
    code = (
        "import sys; from reader.ui.keys_table import main; main([]); "
        "assert 'PySide6.QtWidgets' not in sys.modules or "
        "__import__('PySide6.QtWidgets').QtWidgets.QApplication.instance() is None"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "| `s` | Star / unstar | Paper list |" in out.stdout
