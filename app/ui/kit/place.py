"""A place in the sidebar: People, Coalitions, Journal, Reflections."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.core.changes import Changed
from app.core.store import Journal
from app.ui.bus import ChangeBus


class Place(QWidget):
    """A list on the left, the selected item's page on the right.

    Subclasses set `title`, implement `count()` (the sidebar badge) and
    `on_changed()` (refresh what a `Changed` makes stale). `count_changed`
    tells the sidebar to ask again. A place that is costly to fill reads the
    journal in `load()`, which runs the first time it is shown or asked to show
    something (`ensure_loaded()`): the window opens on one place, and on a large
    journal filling the others cost start-up half a second.
    """

    title = ""
    count_changed = Signal()

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.bus = bus
        self.loaded = False
        bus.changed.connect(self.on_changed)

    def ensure_loaded(self) -> None:
        """Fill the place now, if it has not been yet."""
        if not self.loaded:
            self.loaded = True
            self.load()

    def load(self) -> None:
        """Read what the place shows, the first time it is needed."""

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)

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
