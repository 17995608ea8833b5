"""Guards against a Qt binding that would crash Kith after a while of ordinary use."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_calling_qt_does_not_leak_references_to_none() -> None:
    # PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call
    # returning nothing; after a few thousand repaints the process aborted.
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(200):
        timer.stop()
    assert sys.getrefcount(None) - before > -50
