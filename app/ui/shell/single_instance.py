"""One Kith per person: a second launch raises the window already open, and quits.

Through a local socket (QLocalServer: a Unix domain socket, or a named pipe on
Windows) that only this user may use; never the network.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
WAIT_MS = 500


def server_name(settings_file: str) -> str:
    """A name of this user's Kith (its settings file tells test runs and users apart)."""
    digest = hashlib.sha256(f"{getpass.getuser()}:{settings_file}".encode()).hexdigest()
    return f"kith-{digest[:16]}"


def raise_running(name: str) -> bool:
    """Ask a Kith already running under `name` to raise its window; False if none is."""
    peer = QLocalSocket()
    peer.connectToServer(name)
    if not peer.waitForConnected(WAIT_MS):
        return False
    peer.write(RAISE)
    peer.waitForBytesWritten(WAIT_MS)
    peer.disconnectFromServer()
    if peer.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        peer.waitForDisconnected(WAIT_MS)
    peer.abort()
    return True


class SingleInstance(QObject):
    """Listens under `name`; `raise_requested` when a second launch asks."""

    raise_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._answer)
        # A server left behind by a Kith that crashed would refuse the name.
        QLocalServer.removeServer(name)
        self.listening = self.server.listen(name)

    def _answer(self) -> None:
        # The asking launch writes one line and goes: read it here, briefly, and let go.
        while (peer := self.server.nextPendingConnection()) is not None:
            if not peer.bytesAvailable():
                peer.waitForReadyRead(WAIT_MS)
            asked = bytes(peer.readAll().data())
            peer.abort()
            peer.deleteLater()
            if asked.startswith(RAISE.strip()):
                self.raise_requested.emit()
