"""A demo journal in memory: everything generated so far, nothing yet written.

Days are date ordinals (`date.toordinal()`) until the writer turns them into
stored dates. Moments, favors, joint actions and entries carry a sequence number
besides their day so that sorting by (day, sequence) gives ids in date order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.demo.archetypes import SPAN_DAYS, TIES
from app.core.demo.texts import CoalitionKind, DemoTexts

# day, sequence, kind, warmth, initiated by, note, participants
Moment = tuple[int, int, str, int | None, str | None, str, tuple[int, ...]]
# day, sequence, coalition, description, outcome, participants
Action = tuple[int, int, int, str, str, tuple[int, ...]]
# day, sequence, text, contact, coalition
Entry = tuple[int, int, str, int | None, int | None]


@dataclass(slots=True)
class Person:
    """One invented person, and what their history is drawn from."""

    id: int
    tie: str
    archetype: str = "occasional"
    since: int = 0  # date ordinal of the first record
    name: str = ""
    short: str = ""
    slug: str = ""
    organization: str = ""
    circle: list[int] = field(default_factory=list)
    p_given: float = 0.5  # chance a favor is mine to them
    turn: int | None = None  # when a turning/cooling relationship changed
    budget: int = 0


@dataclass(slots=True)
class FavorRec:
    """A favor before it has an id; `returns` is the favor it returns, if any."""

    day: int
    seq: int
    contact: int
    direction: str
    weight: int
    expectation: str
    phrase: str
    description: str
    returns: FavorRec | None
    id: int = 0


@dataclass(slots=True)
class CoalitionRec:
    """What joint actions and journal entries need to know of a coalition."""

    id: int
    name: str
    status: str
    start: int | None
    end: int | None
    last_action: int | None
    members: list[tuple[int, int | None, int | None]]  # contact, joined, left


@dataclass(slots=True)
class Draft:
    """The demo being made: its randomness, its day, its texts, and its rows so far."""

    rng: random.Random
    today: int  # date ordinal
    texts: DemoTexts
    progress: Callable[[float], None]
    start: int = field(init=False)  # date ordinal of the first day of the span
    people: list[Person] = field(default_factory=list)
    contact_rows: list[tuple[Any, ...]] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    favors: list[FavorRec] = field(default_factory=list)
    coalitions: list[CoalitionRec] = field(default_factory=list)
    coalition_kinds: list[CoalitionKind] = field(default_factory=list)
    coalition_rows: list[tuple[Any, ...]] = field(default_factory=list)
    membership_rows: list[tuple[Any, ...]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = self.today - SPAN_DAYS

    def today_date(self) -> dt.date:
        """`today` as a date."""
        return dt.date.fromordinal(self.today)

    def people_by_tie(self) -> dict[str, list[Person]]:
        """The people of each tie, in id order; a fresh dict of fresh lists each call."""
        by_tie: dict[str, list[Person]] = {t: [] for t in TIES}
        for person in self.people:
            by_tie[person.tie].append(person)
        return by_tie
