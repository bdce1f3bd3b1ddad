"""`reader gui` in a process of its own that types a note, then waits to be signalled.

Usage: python typing_child.py LIBRARY TEXT. Runs the real entry point (reader.app.main);
once the window shows a paper it types TEXT into the notes editor with real key events
and prints "typed PAPER_ID" on stdout. The test then sends a signal before the autosave.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.app import main
from reader.ui import startup
from reader.ui.main_window import MainWindow


def type_when_ready(text: str) -> None:
    for widget in QApplication.topLevelWidgets():
        ready = isinstance(widget, MainWindow) and widget.library_open
        if ready and widget.notes.paper_id and widget.writer.pending() == 0:
            widget.notes.editor.setFocus()
            QTest.keyClicks(widget.notes.editor, text)
            print("typed", widget.notes.paper_id, flush=True)
            return
    QTimer.singleShot(50, lambda: type_when_ready(text))


if __name__ == "__main__":
    startup.application()
    QTimer.singleShot(0, lambda: type_when_ready(sys.argv[2]))
    sys.exit(main(["gui", "--library", sys.argv[1]]))
