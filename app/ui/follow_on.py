"""The one place the window decides what follows a write (issue 13's coordinator).

Every view hears a write's `Changed` on the bus. This hears it last: once the
delivery has gone round, it asks the core for the follow-on (`after_write`: the
touched people read and judged again) and publishes what that returns, which the
bus delivers after the first, never inside it. New thresholds mean a new look over
the whole journal, off the UI thread. Views only react to what they hear; none of
them decides to re-judge anyone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.core.changes import Changed
from app.core.errors import KithError
from app.core.kinds import ChangeKind
from app.core.services import follow_on
from app.core.store import Journal
from app.ui.bus import ChangeBus, attempt
from app.ui.prompts.reflector import Reflector


class FollowOnCoordinator(QObject):
    """Connect it after every view (it must hear each write last)."""

    # The touched people's fresh readings ({contact id: Reading}), for the index column.
    read = Signal(object)

    def __init__(
        self, journal: Journal, bus: ChangeBus, reflector: Reflector, parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self.journal, self.bus, self.reflector = journal, bus, reflector
        bus.changed.connect(self.on_changed)

    def on_changed(self, result: Changed) -> None:
        # New thresholds: judge everyone again.
        if {ChangeKind.SETTINGS, ChangeKind.PROMPT} <= result.kinds:
            self.reflector.sweep()
            return
        if not follow_on.needs_follow_on(result):
            return
        journal = self.journal
        # A follow-on is a courtesy after a save that already succeeded: if the journal
        # is busy, the next log or the next look over the journal catches up.
        found = attempt(lambda: follow_on.after_write(journal, result), _quiet)
        if found is None:
            return
        if found.readings:
            self.read.emit(dict(found.readings))
        if found.changed.kinds:
            self.bus.publish(found.changed)


def _quiet(_error: KithError) -> None:
    """Nothing to say: the write itself was saved and said so."""
