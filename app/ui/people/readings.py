"""What the reflection engine adds to the People place: the index column, a person's
reading, and the prompts a log has just raised (shown in a banner on their page)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QObject

from app.core import clock
from app.core.errors import KithError
from app.core.reflection.signals import Reading
from app.core.services import prompts
from app.core.services.prompts import PromptView
from app.core.store import Journal
from app.ui.bus import ChangeBus, attempt
from app.ui.people.models import ContactsModel
from app.ui.prompts.reflector import Reflector, Sweep


class PeopleReflection(QObject):
    """Reads indexes into the people table and asks about the people a log touched.

    Indexes for everyone take about a second on a 10,000-person journal, so they come
    from the Reflector's look over the journal, off the UI thread, after the list
    loads; people touched meanwhile are read at once (a few milliseconds) and kept in
    `_fresh`, newer than what the look brings.
    """

    def __init__(
        self, journal: Journal, bus: ChangeBus, model: ContactsModel, reflector: Reflector
    ) -> None:
        super().__init__(reflector)
        self.journal, self.bus, self.model = journal, bus, model
        self.reflector = reflector
        self._fresh: dict[int, Reading] = {}
        # Ids of the questions logs raised: their person's page shows them until closed.
        self._raised: set[int] = set()
        reflector.swept.connect(self._everyone_read)
        # If the look fails (the journal was busy), the column shows what it has
        # rather than "…" for ever; the next change or start-up fills it.
        reflector.failed.connect(self._look_failed)

    def read_everyone(self) -> None:
        """Fill the index column again, off the UI thread ("…" shows meanwhile)."""
        self._fresh = {}
        self.reflector.sweep()

    def _everyone_read(self, sweep: Sweep) -> None:
        readings = dict(sweep.readings)
        readings.update(self._fresh)
        self._fresh = {}
        self.model.set_readings(readings, everyone=True)

    def _look_failed(self, _message: str) -> None:
        self._fresh = {}  # already in the model
        self.model.stop_waiting()

    def take_readings(self, readings: dict[int, Reading]) -> None:
        """Fresh readings of some people (the follow-on of a write) into the column."""
        if self.reflector.busy():  # newer than what the running look will bring
            self._fresh.update(readings)
        self.model.set_readings(readings)

    def reading_of(self, contact_id: int) -> Reading | None:
        """A person's index and its explanation (read now if the column has not got it)."""
        known = self.model.reading(contact_id)
        if known is not None:
            return known
        journal, today = self.journal, clock.today()
        readings = attempt(
            lambda: prompts.readings(journal, today, contact_ids=[contact_id]), _quiet
        )
        return (readings or {}).get(contact_id)

    def note_raised(self, prompt_ids: Collection[int]) -> None:
        """Questions a log has just raised: their person's page shows them in a banner."""
        self._raised.update(prompt_ids)

    def raised_for(self, contact_id: int | None) -> list[PromptView]:
        """The prompts a log raised about this person that still wait."""
        if contact_id is None or not self._raised:
            return []
        journal = self.journal
        waiting = attempt(lambda: prompts.waiting(journal, contact_ids=[contact_id]), _quiet)
        return [view for view in waiting or [] if view.id in self._raised]

    def forget(self, contact_id: int | None) -> None:
        """The banner was closed: its prompts wait in Reflections alone."""
        self._raised -= {view.id for view in self.raised_for(contact_id)}


def _quiet(_error: KithError) -> None:
    """Reflection is a courtesy after a log: trouble here is kept quiet."""
