"""Dated relationship histories that tests build back from a given day."""

from __future__ import annotations

import datetime as dt

from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments
from app.core.store import Journal


class History:
    """Builders of histories ending on `today` (days are counted back from it)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def warm_years(self, journal: Journal, name: str) -> int:
        """Four years of warm monthly moments, the last 200 days ago."""
        who = contacts.add_contact(journal, ContactFields(name)).new_id or 0
        for days in range(1500, 199, -30):
            moments.log_moment(journal, MomentFields(self.ago(days), (who,), warmth=5))
        return who

    def favor(
        self, journal: Journal, who: int, days: int, direction: str, repays: int | None = None
    ) -> int:
        fields = FavorFields(who, direction, self.ago(days), "a favor", 2, "explicit", repays)
        return moments.log_favor(journal, fields).new_id or 0

    def turned(self, journal: Journal, name: str) -> int:
        """Warm years, then half a year of tit for tat: asked about under the defaults
        (index well above 35)."""
        who = self.warm_years(journal, name)
        for days in range(150, 10, -20):
            self.favor(journal, who, days - 4, "given", self.favor(journal, who, days, "received"))
        return who
