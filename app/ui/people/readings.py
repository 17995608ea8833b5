"""What the reflection engine adds to the People place: the index column, a person's
reading, and the prompts a log has just raised (shown in a banner on their page)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QObject

from app.core import clock
from app.core.changes import changed
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
        # Prompt ids a log raised, per person: their page shows them until closed.
        self._raised: dict[int, set[int]] = {}
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

    def read(self, ids: Collection[int]) -> None:
        """Re-read these people's indexes now."""
        journal, today = self.journal, clock.today()
        readings = attempt(lambda: prompts.readings(journal, today, contact_ids=ids), _quiet)
        if readings:
            if self.reflector.busy():
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

    def reflect_on(self, ids: Collection[int]) -> None:
        """After a log, ask the engine about these people only, and raise what is new.

        It runs once the log is saved and never stands in its way: if the journal is
        busy, the question waits for the next log or the next look at Reflections.
        """
        journal, today = self.journal, clock.today()
        before = attempt(lambda: prompts.waiting(journal, contact_ids=ids), _quiet)
        after = attempt(lambda: prompts.reflections(journal, today, contact_ids=ids), _quiet)
        if before is None or after is None:
            return
        known = {view.id for view in before}
        theirs = [v for v in after if v.subject_type == "person" and v.subject_id in ids]
        for view in theirs:
            if view.id not in known and view.id is not None:
                self._raised.setdefault(view.subject_id, set()).add(view.id)
        if theirs:  # new prompts, or fresher evidence on waiting ones
            self.bus.publish(changed("prompt", contacts={v.subject_id for v in theirs}))

    def raised_for(self, contact_id: int | None) -> list[PromptView]:
        """The prompts a log raised about this person that still wait."""
        raised = self._raised.get(contact_id or 0)
        if contact_id is None or not raised:
            return []
        journal = self.journal
        waiting = attempt(lambda: prompts.waiting(journal, contact_ids=[contact_id]), _quiet)
        return [view for view in waiting or [] if view.id in raised]

    def forget(self, contact_id: int | None) -> None:
        """The banner was closed: its prompts wait in Reflections alone."""
        self._raised.pop(contact_id or 0, None)


def _quiet(_error: KithError) -> None:
    """Reflection is a courtesy after a log: trouble here is kept quiet."""
