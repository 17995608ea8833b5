"""Put on PYTHONPATH by tests/test_privacy.py: this Python process cannot reach a network.

Python imports `sitecustomize` at start-up, before any of Kith's code. Every way
out through Python's socket module (connecting, sending to an address, name
lookups) raises, and is written down first in the file named by
`KITH_NETWORK_LOG`, so that an attempt is seen even if the code catches the
error. Local (AF_UNIX) sockets stay allowed: Qt talks to the desktop through them.
"""

from __future__ import annotations

import os
import socket
from typing import Any

_LOG = os.environ.get("KITH_NETWORK_LOG", "")


class NetworkBlockedError(OSError):
    pass


def _refuse(what: str, detail: object) -> NetworkBlockedError:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {detail!r}\n")
    return NetworkBlockedError(f"the network is blocked in this test: {what} {detail!r}")


def _guard_method(name: str) -> None:
    original = getattr(socket.socket, name)

    def guarded(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
        if self.family != getattr(socket, "AF_UNIX", None):
            raise _refuse(f"socket.{name}", args)
        return original(self, *args, **kwargs)

    setattr(socket.socket, name, guarded)


def _guard_function(name: str) -> None:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        raise _refuse(name, args)

    setattr(socket, name, guarded)


for _method in ("connect", "connect_ex", "sendto", "bind"):
    _guard_method(_method)
for _function in (
    "create_connection",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
):
    _guard_function(_function)
