"""Shared fixtures. Every test runs with the network unreachable: Kith never needs it."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.store import Journal, create_journal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_LOCAL_FAMILIES = {socket.AF_UNIX} if hasattr(socket, "AF_UNIX") else set()


class NetworkAccessError(AssertionError):
    pass


def _guarded(original: Any) -> Any:
    def connect(self: socket.socket, address: Any, *args: Any, **kwargs: Any) -> Any:
        if self.family not in _LOCAL_FAMILIES:
            raise NetworkAccessError(f"Kith tried to open a network connection to {address!r}")
        return original(self, address, *args, **kwargs)

    return connect


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach a network address fails the test that made it."""
    monkeypatch.setattr(socket.socket, "connect", _guarded(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(socket.socket.connect_ex))
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkAccessError(f"Kith tried to reach the network: {args!r}")


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journals" / "test.kith"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    """A fresh, empty journal at the latest schema, closed after the test."""
    opened = create_journal(journal_path)
    try:
        yield opened
    finally:
        opened.close()
