"""The real window in a process of its own, reporting what it shows (for test_concurrent_writers).

Usage: python watch_window.py LIBRARY FOLDER. Writes FOLDER/ready once the list is shown,
waits for FOLDER/expect.json ({"starred": [id], "tags": {id: [tag]}, "notes": {id: text}}),
then writes FOLDER/seen.json (what is still missing from the window, and every status-bar
message) and quits with Ctrl+Q, as a user would.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from reader.ui import startup
from reader.ui.main_window import MainWindow
from reader.ui.models.paper_list import COLUMNS

SHOW_WITHIN_S = 20


def missing(window: MainWindow, expect: dict) -> list[str]:
    """What the window does not show yet: stars and tags in the list and the side list."""
    model, gone = window.model, []
    for pid in expect["starred"]:
        row = model.row_of(pid)
        if row is None or model.index(row, COLUMNS.index("star")).data() != "★":
            gone.append(f"star of {pid}")
    for pid, tags in expect["tags"].items():
        row = model.row_of(int(pid))
        shown = "" if row is None else str(model.index(row, COLUMNS.index("tags")).data())
        gone += [f"tag {t} of {pid}" for t in tags if t not in shown]
        gone += [
            f"side list tag {t}" for t in tags if window.sidebar_model.row_for("tag", t) is None
        ]
    return gone


def notes_missing(window: MainWindow, expect: dict) -> list[str]:
    """Select each paper a writer noted and read the notes pane."""
    gone = []
    for pid, text in expect["notes"].items():
        window.table.select_id(int(pid))
        if window.notes.editor.toPlainText() != text:
            gone.append(f"note of {pid}: {window.notes.editor.toPlainText()!r}")
    return gone


def main(library: Path, folder: Path) -> int:
    app = startup.application()
    window = MainWindow(library)
    startup.place(window, screenshot=False)
    app.aboutToQuit.connect(window.shutdown)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.loaded.connect(lambda: (folder / "ready").touch())
    deadline: list[float] = []

    def look() -> None:
        expect_file = folder / "expect.json"
        if not expect_file.exists():
            return
        expect = json.loads(expect_file.read_text("utf-8"))
        deadline or deadline.append(time.monotonic() + SHOW_WITHIN_S)
        gone = missing(window, expect)
        if gone and time.monotonic() < deadline[0]:
            return
        timer.stop()
        gone += notes_missing(window, expect)
        seen = {"missing": gone, "messages": [m for m in messages if m]}
        (folder / "seen.json").write_text(json.dumps(seen), "utf-8")
        window.activateWindow()
        window.table.setFocus()
        QTest.keyClick(window.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    timer = QTimer(interval=200)
    timer.timeout.connect(look)
    timer.start()
    window.show()
    window.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
