"""Archetypes: how a relationship tends to go, as numbers the generator draws from.

Each person gets an *archetype*:

- ``warm``: a good friend; many warm moments, occasional gifts both ways.
- ``professional``: a colleague; meetings and favors, steady and reciprocal.
- ``generous``: family that helps a lot, one way, warmly, expecting nothing.
- ``one_sided``: favors run heavily one way, with expectations, rarely returned.
- ``on_demand``: contact only around favors, silence in between.
- ``cooling``: warm for years, then warmth and time together fall while favors go on.
- ``turning``: warm for years; in the last ~6 months, tit-for-tat favor trading
  with explicit expectations and quick repayments.
- ``neighbourly``: small mutual favors, loosely returned.
- ``occasional``: an acquaintance; sparse, lukewarm.
- ``new``: met in the last year or so; warmth growing.

A *style* is how one stretch of a relationship goes; most archetypes keep one
style throughout, ``turning`` and ``cooling`` change style at their turn. The
tuning here is logic and stays in Python; the words (favor pools, notes) come
from `resources/demo/` through `DemoTexts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.demo.texts import DemoTexts, Favor
from app.core.enums import Tie

# About six years of history before `today`.
SPAN_DAYS = 6 * 365

TIES = [t.value for t in Tie]


@dataclass(frozen=True)
class Style:
    """How one stretch of a relationship tends to go."""

    kinds: tuple[float, ...]  # weights over the interaction kinds, in enum order
    warmth: tuple[float, float, float]  # mean at the start, mean at the end, spread
    favor_share: float  # chance an episode is a favor rather than a moment together
    expectation: tuple[float, float, float]  # weights: none, implicit, explicit
    pool: tuple[Favor, ...]
    returns: tuple[float, float, float]  # chance of a return, by expectation
    lag: tuple[int, int]  # days from a favor to its return
    return_expectation: tuple[float, float, float]
    group: float  # chance a groupable moment includes others from the circle
    initiated: tuple[float, float, float, float]  # me, them, mutual, not recorded
    p_given: float | None = None  # None: the person's own leaning
    missing_warmth: float = 0.12
    shape: str = "uniform"  # density of moments over the stretch: uniform, declining, rising
    talk_around: bool = False  # moments only around favors (contact on demand)
    tit_for_tat: bool = False  # returns match the favor's weight
    notes: tuple[str, ...] = ()
    kind_cw: tuple[float, ...] = field(init=False, default=())
    expectation_cw: tuple[float, ...] = field(init=False, default=())
    return_expectation_cw: tuple[float, ...] = field(init=False, default=())
    initiated_cw: tuple[float, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind_cw", cumulative(self.kinds))
        object.__setattr__(self, "expectation_cw", cumulative(self.expectation))
        object.__setattr__(self, "return_expectation_cw", cumulative(self.return_expectation))
        object.__setattr__(self, "initiated_cw", cumulative(self.initiated))


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    """Running totals of `weights`, as `random.choices(cum_weights=...)` takes them."""
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return tuple(out)


def styles(texts: DemoTexts) -> dict[str, Style]:
    """Every style by name, its favors and notes taken from `texts`.

    The names are the archetypes' own, but for ``cooling`` (the later, colder
    stretch only) and ``trading`` (the later stretch of ``turning``).
    """
    pools = texts.favors.pools
    everyday, gifts = pools["everyday"], pools["gifts"]
    return {
        "warm": Style(
            kinds=(30, 30, 15, 15, 2, 6, 2),
            warmth=(4.3, 4.3, 0.7),
            favor_share=0.12,
            expectation=(80, 18, 2),
            pool=gifts + everyday,
            returns=(0.1, 0.35, 0.6),
            lag=(14, 180),
            return_expectation=(85, 15, 0),
            group=0.25,
            initiated=(35, 30, 25, 10),
            p_given=0.5,
        ),
        "professional": Style(
            kinds=(15, 3, 20, 22, 35, 2, 3),
            warmth=(3.0, 3.0, 0.6),
            favor_share=0.28,
            expectation=(25, 60, 15),
            pool=pools["work"],
            returns=(0.1, 0.45, 0.8),
            lag=(7, 90),
            return_expectation=(30, 60, 10),
            group=0.3,
            initiated=(35, 35, 15, 15),
            p_given=0.5,
            missing_warmth=0.15,
        ),
        "generous": Style(
            kinds=(25, 30, 25, 10, 0, 8, 2),
            warmth=(4.4, 4.4, 0.6),
            favor_share=0.35,
            expectation=(88, 10, 2),
            pool=pools["kin"] + gifts,
            returns=(0.04, 0.2, 0.5),
            lag=(30, 365),
            return_expectation=(100, 0, 0),
            group=0.3,
            initiated=(30, 40, 20, 10),
        ),
        "one_sided": Style(
            kinds=(25, 10, 20, 30, 5, 8, 2),
            warmth=(3.1, 3.1, 0.8),
            favor_share=0.45,
            expectation=(25, 50, 25),
            pool=everyday + pools["heavy"],
            returns=(0.02, 0.04, 0.08),
            lag=(20, 200),
            return_expectation=(50, 50, 0),
            group=0.08,
            initiated=(30, 40, 10, 20),
        ),
        "on_demand": Style(
            kinds=(0, 0, 35, 60, 5, 0, 0),
            warmth=(2.7, 2.7, 0.7),
            favor_share=1.0,
            expectation=(15, 55, 30),
            pool=everyday + pools["work"],
            returns=(0.05, 0.15, 0.3),
            lag=(10, 120),
            return_expectation=(30, 60, 10),
            group=0.0,
            initiated=(10, 75, 5, 10),
            talk_around=True,
        ),
        "cooling": Style(
            kinds=(25, 25, 15, 25, 2, 5, 3),
            warmth=(3.9, 1.5, 0.6),
            favor_share=0.45,
            expectation=(35, 45, 20),
            pool=everyday,
            returns=(0.1, 0.35, 0.6),
            lag=(10, 120),
            return_expectation=(40, 50, 10),
            group=0.0,
            initiated=(50, 20, 20, 10),
            p_given=0.5,
        ),
        "trading": Style(
            kinds=(20, 8, 17, 45, 5, 2, 3),
            warmth=(2.9, 2.6, 0.7),
            favor_share=0.7,
            expectation=(5, 30, 65),
            pool=pools["tit_for_tat"],
            returns=(0.3, 0.85, 0.95),
            lag=(1, 10),
            return_expectation=(10, 30, 60),
            group=0.05,
            initiated=(40, 40, 10, 10),
            p_given=0.5,
            tit_for_tat=True,
            notes=texts.moments.trading_notes,
        ),
        "neighbourly": Style(
            kinds=(45, 15, 5, 25, 2, 5, 3),
            warmth=(3.5, 3.5, 0.7),
            favor_share=0.3,
            expectation=(45, 50, 5),
            pool=pools["neighbour"],
            returns=(0.25, 0.55, 0.8),
            lag=(3, 60),
            return_expectation=(50, 50, 0),
            group=0.15,
            initiated=(35, 35, 15, 15),
            p_given=0.5,
        ),
        "occasional": Style(
            kinds=(35, 10, 10, 30, 5, 2, 8),
            warmth=(3.0, 3.0, 0.9),
            favor_share=0.1,
            expectation=(50, 40, 10),
            pool=everyday,
            returns=(0.1, 0.3, 0.5),
            lag=(14, 200),
            return_expectation=(50, 50, 0),
            group=0.2,
            initiated=(30, 30, 15, 25),
            p_given=0.5,
            missing_warmth=0.2,
        ),
        "new": Style(
            kinds=(30, 30, 10, 25, 2, 2, 1),
            warmth=(3.2, 4.5, 0.6),
            favor_share=0.1,
            expectation=(80, 18, 2),
            pool=gifts + everyday,
            returns=(0.1, 0.3, 0.5),
            lag=(14, 120),
            return_expectation=(80, 20, 0),
            group=0.3,
            initiated=(40, 25, 25, 10),
            p_given=0.5,
            shape="rising",
        ),
    }


# Archetypes: how likely for each tie, and how active (relative number of entries).
ARCHETYPES_BY_TIE: dict[str, list[tuple[str, float]]] = {
    Tie.KIN.value: [
        ("generous", 45),
        ("warm", 25),
        ("cooling", 10),
        ("one_sided", 10),
        ("occasional", 10),
    ],
    Tie.FRIEND.value: [
        ("warm", 40),
        ("turning", 15),
        ("cooling", 12),
        ("new", 10),
        ("on_demand", 8),
        ("one_sided", 7),
        ("occasional", 8),
    ],
    Tie.COLLEAGUE.value: [
        ("professional", 60),
        ("on_demand", 12),
        ("turning", 5),
        ("warm", 8),
        ("occasional", 10),
        ("one_sided", 5),
    ],
    Tie.NEIGHBOUR.value: [
        ("neighbourly", 55),
        ("occasional", 20),
        ("warm", 10),
        ("on_demand", 10),
        ("cooling", 5),
    ],
    Tie.COMMUNITY.value: [
        ("neighbourly", 20),
        ("warm", 15),
        ("occasional", 35),
        ("on_demand", 10),
        ("new", 10),
        ("cooling", 10),
    ],
    Tie.ACQUAINTANCE.value: [
        ("occasional", 55),
        ("on_demand", 25),
        ("new", 10),
        ("one_sided", 10),
    ],
    Tie.OTHER.value: [
        ("occasional", 40),
        ("professional", 30),
        ("on_demand", 20),
        ("one_sided", 10),
    ],
}
ACTIVITY = {
    "warm": 1.4,
    "professional": 1.0,
    "generous": 1.3,
    "one_sided": 0.8,
    "on_demand": 0.5,
    "cooling": 1.3,
    "turning": 1.6,
    "neighbourly": 0.7,
    "occasional": 0.25,
    "new": 0.6,
}
# Entries a pattern needs before it shows; scaled down when the budget is small.
MINIMUM = {"turning": 30, "cooling": 36, "on_demand": 8, "one_sided": 10}
TIE_WEIGHTS = {
    Tie.FRIEND.value: 24,
    Tie.COLLEAGUE.value: 22,
    Tie.ACQUAINTANCE.value: 16,
    Tie.KIN.value: 10,
    Tie.COMMUNITY.value: 12,
    Tie.NEIGHBOUR.value: 8,
    Tie.OTHER.value: 8,
}
