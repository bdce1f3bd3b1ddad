"""SIGTERM and SIGINT end the app like a quit: the note is flushed and the writes finish."""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def quit_on_signals(app: QApplication) -> None:
    """Make SIGTERM/SIGINT call app.exit(0), so aboutToQuit runs the window's shutdown.

    Python runs its signal handlers only between bytecodes, never while Qt's event loop
    waits in C++; the wakeup fd turns the signal into a readable socket that Qt watches,
    and the slot reading it runs on the GUI thread like any other event. exit(), not
    quit(): quit() asks the windows first, and a window holding an unsaved note would
    refuse; at a signal the shutdown saves or rescues the note without asking.
    """
    receive, send = socket.socketpair()
    receive.setblocking(False)
    send.setblocking(False)
    signal.set_wakeup_fd(send.fileno(), warn_on_full_buffer=False)
    for signum in QUIT_SIGNALS:
        signal.signal(signum, lambda *_args: None)  # the work happens in woke()
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        try:
            got = receive.recv(64)
        except OSError:
            return
        if any(b in got for b in QUIT_SIGNALS):
            app.exit(0)

    notifier.activated.connect(woke)
    _KEEP.extend((receive, send, notifier))  # they must live as long as the app


_KEEP: list[object] = []
