"""One Reader window per library: a file lock, and a local socket to raise the running one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.core.lock import LibraryLock

_RAISE = b"raise\n"


def server_name(folder: Path) -> str:
    """The local socket name for a library folder (short: socket paths are limited)."""
    digest = hashlib.sha1(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return f"reader-{digest}"


class SingleInstance(QObject):
    """Holds the library's GUI lock; `activated` fires when a second start asks to be shown."""

    activated = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._lock = LibraryLock(self.folder)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock and start listening; False when another live GUI has this library."""
        if not self._lock.acquire():
            return False
        name = server_name(self.folder)
        QLocalServer.removeServer(name)  # a crashed holder may have left its socket file
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(name)
        return True

    def holder_pid(self) -> int | None:
        """The process id of the GUI holding the library."""
        return self._lock.holder()

    def ask_running_to_show(self, timeout_ms: int = 1500) -> bool:
        """Ask the GUI holding the library to come to the front; True when it answered."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.folder))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_RAISE)
        ok = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return ok

    def release(self) -> None:
        """Stop listening and give the lock up."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release()

    def _on_connection(self) -> None:
        assert self._server is not None
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        # The other start writes at once and waits; reading right here keeps no socket
        # (or signal connection) alive past this call.
        ready = socket.bytesAvailable() > 0 or socket.waitForReadyRead(500)
        if ready and bytes(socket.readAll().data()).startswith(_RAISE.strip()):
            self.activated.emit()
        socket.abort()
        socket.deleteLater()
