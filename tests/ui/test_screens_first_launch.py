"""packaging/screens.py's first-launch picture is a real first launch: the Inbox and the guide."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from reader.ui import state

ROOT = Path(__file__).resolve().parents[2]


def _screens() -> ModuleType:
    """The script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("screens", ROOT / "packaging" / "screens.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("screens", module)
    spec.loader.exec_module(module)
    return module


def test_the_guide_scene_opens_on_the_inbox_with_the_guide(tmp_path: Path, qtbot: QtBot) -> None:
    screens = _screens()
    found = screens.scenes(screens.parse_args(["--no-big"]), tmp_path)
    (scene,) = [s for s in found if s.name == "sample-guide"]
    folder = scene.folder
    state.save_view(state.settings(), str(folder), state.ViewState(view="all"))  # an earlier run
    window = screens.open_window(scene, QSize(800, 600), "light")
    try:
        assert window.request.view == "inbox"
        row = window.sidebar.currentIndex().row()
        assert str(window.sidebar_model.index(row).data()).startswith("Inbox")
        assert window.look.welcome.showing()
    finally:
        screens.close(window)
    plain = screens.open_window(screens.Scene("sample", folder), QSize(800, 600), "light")
    try:
        assert not plain.look.welcome.showing()  # the other pictures stay as they were
    finally:
        screens.close(plain)
