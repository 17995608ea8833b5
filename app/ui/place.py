"""A place in the sidebar: People, Coalitions, Journal, Reflections."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.core.changes import Changed
from app.core.store import Journal
from app.ui.bus import ChangeBus


class Place(QWidget):
    """A list on the left, the selected item's page on the right.

    Subclasses set `title`, implement `count()` (the sidebar badge) and
    `on_changed()` (refresh what a `Changed` makes stale). `count_changed`
    tells the sidebar to ask again.
    """

    title = ""
    count_changed = Signal()

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.bus = bus
        bus.changed.connect(self.on_changed)

    def count(self) -> int:
        return 0

    def on_changed(self, result: Changed) -> None:
        """Refresh whatever `result` makes stale."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in this place's search or filter box, if it has one."""

    def busy(self) -> bool:
        """Whether work for this place runs (or waits to run) off the UI thread."""
        return False

    def wait_for_work(self) -> None:
        """Let background work on the journal end: it is about to close."""
