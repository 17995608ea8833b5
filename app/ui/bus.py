"""One signal carries every change to every view (Anki's operations, in small).

A UI action runs one core service through `ops.run`, which hands the `Changed`
it returns to `ChangeBus.publish`, and each open view decides for itself
whether to refresh. Views never poke each other.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from app.core.changes import Changed
from app.core.errors import KithError

T = TypeVar("T")


class ChangeBus(QObject):
    changed = Signal(object)  # a Changed
    # A sentence for the status bar, and an optional undo callback.
    notice = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: deque[Changed] = deque()
        self._delivering = False

    def publish(self, result: Changed) -> Changed:
        """Deliver `result` to every view; one published while another is being
        delivered waits until that one has reached every view."""
        self._waiting.append(result)
        if self._delivering:
            return result
        self._delivering = True
        try:
            while self._waiting:
                self.changed.emit(self._waiting.popleft())
        finally:
            self._delivering = False
        return result

    def say(self, message: str, undo: Callable[[], object] | None = None) -> None:
        self.notice.emit(message, undo)


def kinds_touch(result: Changed, *kinds: str) -> bool:
    """True when `result` changed any of `kinds` (or everything, after a journal switch)."""
    return "all" in result.kinds or any(kind in result.kinds for kind in kinds)


def attempt(action: Callable[[], T], on_error: Callable[[KithError], None]) -> T | None:
    """Run a core call; expected trouble goes to `on_error` instead of raising."""
    try:
        return action()
    except KithError as error:
        on_error(error)
        return None
