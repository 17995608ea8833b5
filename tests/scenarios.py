"""A library of relationship histories, each with the label a thoughtful friend would give.

Written from the issue's brief (#14), not from the demo generator's shapes: every
profile is a small story told in moments and favors, at a sparse logging rate (an
episode every month or two) and a dense one (several a week), with seeds for the
noise of real life (jittered days, missing warmth, missing `initiated_by`, the odd
stray favor). `transactional` is the label *on the last day*: is this relationship,
now, turning into a ledger of favors?

Two parts: TUNING (seeds 1-3, sparse and dense) is what the thresholds were set
against; HELD_OUT (seeds 101-103, a medium rate, every interval stretched or
shrunk by up to 40% and the turns moved) was kept aside and only read in the
report. `write` puts a batch into a journal in bulk (the triggers keep the
running totals, as for any write).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import insert

from app.core.models import Contact, Favor, Interaction, interaction_participants
from app.core.store import Journal

# ---- a history ------------------------------------------------------------------------


@dataclass
class Story:
    """One person's history, in days before the day judged (0 = that day)."""

    rng: random.Random
    gap: float  # mean days between episodes at this logging rate
    stretch: float = 1.0  # held-out variation: every span scaled by this
    moments: list[tuple[int, int | None]] = field(default_factory=list)
    favors: list[tuple[int, str, int, str, int | None]] = field(default_factory=list)

    def days(self, start: int, end: int, every: float) -> Iterator[int]:
        """Episode days from `start` days ago to `end` days ago, about `every` apart
        at the dense rate, sparser in proportion at a sparse one (jittered)."""
        start, end = round(start * self.stretch), round(end * self.stretch)
        step = every * self.gap / 4
        day = start - self.rng.uniform(0, step)
        while day > end:
            yield max(0, round(day))
            day -= self.rng.uniform(0.5 * step, 1.5 * step)

    def warmth(self, mean: float) -> int | None:
        if self.rng.random() < 0.25:  # a quarter of the moments have no warmth
            return None
        return max(1, min(5, round(self.rng.gauss(mean, 0.6))))

    def moment(self, ago: int, mean: float) -> None:
        self.moments.append((max(0, ago), self.warmth(mean)))

    def favor(
        self, ago: int, direction: str, weight: int, expectation: str, repays: int | None = None
    ) -> int:
        self.favors.append((ago, direction, weight, expectation, repays))
        return len(self.favors) - 1

    def trade(self, ago: int, lag: int = 5) -> None:
        """I ask, they help; I pay it back `lag` days later, as owed (tit for tat)."""
        asked = self.favor(ago, "received", self.rng.randint(2, 3), "explicit")
        self.favor(max(0, ago - lag), "given", self.rng.randint(2, 3), "explicit", asked)

    def gift(self, ago: int, direction: str | None = None) -> None:
        way = direction or self.rng.choice(("given", "received"))
        self.favor(ago, way, self.rng.randint(1, 4), "none")


@dataclass(frozen=True)
class Profile:
    name: str
    transactional: bool  # the label on the last day
    control: bool  # a warm or always-professional relationship: never to be asked about
    tell: Callable[[Story], None]
    tie: str = "friend"


def _warm_past(s: Story, until: int = 200, since: int = 1500, mean: float = 4.5) -> None:
    for day in s.days(since, until, 14):
        s.moment(day, mean)
        if s.rng.random() < 0.08:
            s.gift(day)


def crisis_support(s: Story) -> None:
    _warm_past(s, until=130)
    for day in s.days(120, 0, 3):  # I was ill: they helped a lot, and stayed
        s.gift(day, "received")
        if s.rng.random() < 0.7:
            s.moment(day, 4.7)


def mutual_aid(s: Story) -> None:
    for day in s.days(1400, 0, 4):
        s.moment(day, 4.5)
        if s.rng.random() < 0.6:
            s.gift(day)
        if s.rng.random() < 0.05:
            s.favor(day, "received", 2, "implicit")


def generous_family(s: Story) -> None:
    for day in s.days(1500, 0, 6):
        s.moment(day, 4.6)
        if s.rng.random() < 0.5:
            s.gift(day, "given")


def new_parent(s: Story) -> None:
    _warm_past(s, until=90)
    for day in s.days(85, 0, 4):  # I bring meals, and stay a while
        s.gift(day, "given")
        if s.rng.random() < 0.8:
            s.moment(day, 4.6)


def recovered(s: Story) -> None:
    _warm_past(s, until=430)
    for day in s.days(420, 250, 10):  # a ledger patch, a year ago
        s.trade(day, s.rng.randint(2, 8))
        if s.rng.random() < 0.3:
            s.moment(day - 1, 3.0)
    for day in s.days(230, 0, 10):  # warm again
        s.moment(day, 4.5)
        if s.rng.random() < 0.1:
            s.gift(day)


def colleague_became_friend(s: Story) -> None:
    for day in s.days(1200, 330, 8):
        s.favor(day, s.rng.choice(("given", "received")), 2, s.rng.choice(("implicit", "explicit")))
        if s.rng.random() < 0.4:
            s.moment(day, 3.0)
    for day in s.days(320, 0, 8):
        s.moment(day, 4.5)
        if s.rng.random() < 0.1:
            s.gift(day)


def always_professional(s: Story) -> None:
    last: int | None = None
    for day in s.days(1500, 0, 7):
        if last is not None and s.rng.random() < 0.4:
            s.favor(day, "given", 2, "explicit", last)
            last = None
        else:
            last = s.favor(day, s.rng.choice(("given", "received")), 2, "implicit")
        if s.rng.random() < 0.35:
            s.moment(day, 3.0)


def from_day_one(s: Story) -> None:
    for day in s.days(240, 0, 9):  # a new neighbour: tools swapped, always counted
        s.trade(day, s.rng.randint(1, 6))
        if s.rng.random() < 0.3:
            s.moment(day, 3.5)


def lapsed(s: Story) -> None:
    _warm_past(s, until=260)
    for day in s.days(600, 260, 30):
        s.favor(day, "received", 2, "implicit")
    for day in s.days(250, 0, 120):
        s.moment(day, 3.5)


def one_big_favor(s: Story) -> None:
    _warm_past(s, until=0)
    s.favor(60, "received", 5, "implicit")  # they helped me move
    s.favor(45, "given", 2, "none")  # dinner to say thank you


def warm_heavy(s: Story) -> None:
    for day in s.days(1200, 0, 2):
        s.moment(day, 4.4)
        if s.rng.random() < 0.06:
            s.gift(day)
        if s.rng.random() < 0.02:
            s.favor(day, "received", 2, "implicit")


def warm_missing_data(s: Story) -> None:
    for day in s.days(1000, 0, 10):
        s.moments.append((day, None if s.rng.random() < 0.8 else 5))
        if s.rng.random() < 0.15:
            s.gift(day)


def busy_move(s: Story) -> None:
    _warm_past(s, until=0)
    for day in s.days(100, 70, 3):  # a week of help around a move, all gifts
        s.gift(day, "received")


def tit_for_tat_turn(s: Story) -> None:
    _warm_past(s, until=190)
    for day in s.days(180, 0, 8):
        s.trade(day, s.rng.randint(2, 9))
        if s.rng.random() < 0.25:
            s.moment(day - 1, 3.2)


def on_demand_turn(s: Story) -> None:
    _warm_past(s, until=240)
    for day in s.days(230, 0, 9):  # they reach out only when they need something
        s.favor(day, "received" if s.rng.random() < 0.3 else "given", 2, "implicit")
        s.moment(max(0, day - s.rng.randint(0, 2)), 3.2)


def cooling_favors(s: Story) -> None:
    _warm_past(s, until=190, mean=4.6)
    for day in s.days(180, 0, 7):
        s.moment(day, 2.2)
        if s.rng.random() < 0.6:
            s.favor(day, s.rng.choice(("given", "received")), 2, "implicit")


def one_sided_expectations(s: Story) -> None:
    _warm_past(s, until=250)
    for day in s.days(240, 0, 6):
        s.favor(day, "given", s.rng.randint(2, 4), s.rng.choice(("implicit", "explicit")))
        if s.rng.random() < 0.3:
            s.moment(day, 3.4)


def two_month_turn(s: Story) -> None:
    _warm_past(s, until=65)
    for day in s.days(60, 0, 3):
        s.trade(day, s.rng.randint(1, 5))


def slow_drift(s: Story) -> None:
    _warm_past(s, until=370)
    for day in s.days(365, 0, 5):
        ledger = 0.85 * (1 - day / 365)  # the ledger grows month by month
        if s.rng.random() < ledger:
            s.trade(day, s.rng.randint(2, 10))
        else:
            s.moment(day, 4.3 - 1.3 * ledger)


def favor_dominated_turn(s: Story) -> None:
    _warm_past(s, until=160)
    for day in s.days(150, 0, 5):
        s.favor(day, s.rng.choice(("given", "received")), 2, "implicit")
        if s.rng.random() < 0.15:
            s.moment(day, 3.5)


PROFILES: tuple[Profile, ...] = (
    Profile("crisis support", False, False, crisis_support),
    Profile("mutual aid", False, True, mutual_aid),
    Profile("generous family", False, True, generous_family, "kin"),
    Profile("new parent", False, True, new_parent),
    Profile("recovered after a ledger period", False, False, recovered),
    Profile("colleague became a friend", False, False, colleague_became_friend, "colleague"),
    Profile("always professional", False, True, always_professional, "colleague"),
    Profile("transactional from day one", False, False, from_day_one, "neighbour"),
    Profile("lapsed", False, False, lapsed),
    Profile("one big favor", False, True, one_big_favor),
    Profile("heavy logger, warm", False, True, warm_heavy),
    Profile("warm, warmth rarely logged", False, True, warm_missing_data),
    Profile("help around a move", False, True, busy_move),
    Profile("tit-for-tat turn", True, False, tit_for_tat_turn),
    Profile("contact-on-demand turn", True, False, on_demand_turn),
    Profile("cooling while favors go on", True, False, cooling_favors),
    Profile("one-sided with expectations", True, False, one_sided_expectations),
    Profile("two-month-old turn", True, False, two_month_turn),
    Profile("slow drift over a year", True, False, slow_drift),
    Profile("favor-dominated turn", True, False, favor_dominated_turn),
)

# Mean days between episodes, per four days "every" at the dense rate.
RATES = {"sparse": 40.0, "dense": 4.0}
HELD_OUT_RATES = {"medium": 14.0, "dense": 5.0}
TUNING_SEEDS = (1, 2, 3)
HELD_OUT_SEEDS = (101, 102, 103)


@dataclass(frozen=True)
class Case:
    profile: Profile
    rate: str
    seed: int
    story: Story

    @property
    def name(self) -> str:
        return f"{self.profile.name} ({self.rate}, seed {self.seed})"


def cases(held_out: bool = False) -> list[Case]:
    """Every profile at each rate and seed of one part of the library."""
    rates = HELD_OUT_RATES if held_out else RATES
    seeds = HELD_OUT_SEEDS if held_out else TUNING_SEEDS
    found: list[Case] = []
    for profile in PROFILES:
        for rate, gap in rates.items():
            for seed in seeds:
                rng = random.Random(f"{profile.name}/{rate}/{seed}")
                stretch = rng.uniform(0.7, 1.3) if held_out else 1.0
                story = Story(rng, gap, stretch)
                profile.tell(story)
                found.append(Case(profile, rate, seed, story))
    return found


def write(journal: Journal, batch: list[Case], last_day: dt.date) -> dict[int, Case]:
    """Write each case as one person whose history ends on `last_day`; their ids."""
    created = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    people: list[dict[str, object]] = []
    moments: list[dict[str, object]] = []
    joins: list[dict[str, object]] = []
    favors: list[dict[str, object]] = []
    by_id: dict[int, Case] = {}
    moment_id = favor_id = 0
    for number, case in enumerate(batch, start=1):
        by_id[number] = case
        people.append(
            {"id": number, "name": f"P{number}", "tie": case.profile.tie, "created_at": created}
        )
        for ago, warmth in case.story.moments:
            moment_id += 1
            moments.append(
                {
                    "id": moment_id,
                    "occurred_on": last_day - dt.timedelta(days=ago),
                    "kind": "shared_time",
                    "warmth": warmth,
                    "initiated_by": None,
                }
            )
            joins.append({"interaction_id": moment_id, "contact_id": number})
        first = favor_id + 1
        for ago, direction, weight, expectation, repays in case.story.favors:
            favor_id += 1
            favors.append({
                "id": favor_id, "contact_id": number, "direction": direction,
                "occurred_on": last_day - dt.timedelta(days=ago), "weight": weight,
                "expectation": expectation,
                "returns_favor_id": None if repays is None else first + repays,
            })  # fmt: skip
    with journal.engine.begin() as connection:
        connection.execute(insert(Contact), people)
        if moments:
            connection.execute(insert(Interaction), moments)
            connection.execute(insert(interaction_participants), joins)
        if favors:
            connection.execute(insert(Favor), favors)
    return by_id
