"""packaging/screens.py keeps working: every scene and dialog it lists renders to a PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def test_screens_script_renders_the_window_and_every_dialog(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    cmd = [sys.executable, str(ROOT / "packaging" / "screens.py"), "--out", str(tmp_path / "s")]
    cmd += ["--no-big", "--sizes", "800x600", "--themes", "light"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert "sample-light-800x600.png" in names
    assert "sample-search-light-800x600.png" in names
    dialogs = [n for n in names if n.startswith("dialog-")]
    assert {"dialog-tag-manager-light.png", "dialog-import-report-light.png"} <= set(dialogs)
    assert len(dialogs) >= 10
    for name in names:
        image = QImage(str(tmp_path / "s" / name))
        assert image.width() > 100 and image.height() > 30, name
