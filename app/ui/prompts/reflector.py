"""The one look over the whole journal that runs off the UI thread.

Every person's reading (the People table's index column) and the prompts to show
(the Reflections place) come from the same figures: reading them once takes about
a second on a 10,000-person journal; reading them twice, side by side, took the
two views almost five.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.core import clock
from app.core.errors import KithError
from app.core.reflection.signals import Reading
from app.core.services import prompts
from app.core.services.prompts import PromptView
from app.core.store import Journal
from app.ui.kit.workers import Background


@dataclass(frozen=True)
class Sweep:
    """What one look over the journal found on `day`."""

    day: dt.date
    readings: dict[int, Reading]  # every live person's
    prompts: list[PromptView]  # what Reflections shows, most important first


class Reflector(QObject):
    """Looks over the journal when asked, stores new prompts (within the week's budget) and
    tells every view that listens. Asking while it looks asks for one more look."""

    swept = Signal(object)  # a Sweep
    failed = Signal(str)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)

        self.journal = journal

        def job() -> tuple[dt.date, dict[int, Reading], list[PromptView]]:
            # Only reading here: SQLite takes one writer at a time, and a write from
            # this thread could make the user's own save fail as "busy".
            day = clock.today()
            read = prompts.readings(journal, day, lean=True)
            return day, read, prompts.candidates(journal, day, read=read)

        self._background = Background(job, self)
        self._background.finished.connect(self._looked)
        self._background.failed.connect(self.failed)

    def _looked(self, result: tuple[dt.date, dict[int, Reading], list[PromptView]]) -> None:
        day, read, found = result
        try:  # storing the new prompts is quick (milliseconds): here, on the UI thread
            shown = prompts.reflections(self.journal, day, persist=True, found=found)
        except KithError as error:
            self.failed.emit(str(error))
            return
        self.swept.emit(Sweep(day, read, shown))

    def sweep(self) -> None:
        self._background.run()

    def busy(self) -> bool:
        return self._background.busy()

    def wait(self) -> None:
        """The journal is about to close: start no new look, and let the current end."""
        self._background.wait()
