"""The transactional signals of MISSION.md, read from a person's figures.

Pure functions: PersonStats in, a Reading out. Each signal has a strength from
0 to 1, fires only past its threshold and with enough data, and carries its
evidence in numbers a person can check against their timeline. A signal that
has always been this strong for this person is "steady": it still counts in
the index, at half weight, but never raises a prompt on its own. That is how a
colleague who was always professional, or kin who always helped, is compared
with their own past rather than with everyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from app.core.reflection.stats import PersonStats
from app.core.reflection.thresholds import Thresholds

# How much each signal weighs in the index (they sum to 1).
WEIGHTS = {
    "turning": 0.25,
    "scorekeeping": 0.20,
    "favor_dominated": 0.15,
    "contact_on_demand": 0.15,
    "one_sided_giving": 0.15,
    "one_sided_receiving": 0.15,
    "cooling": 0.10,
}

# How much one signal alone says, at full strength: the index is led by the
# strongest signal (one clear pattern is enough to ask), and the others add to it.
SEVERITY = {
    "turning": 1.0,
    "scorekeeping": 0.9,
    "contact_on_demand": 0.8,
    "favor_dominated": 0.7,
    "one_sided_giving": 0.7,
    "one_sided_receiving": 0.7,
    "cooling": 0.7,
}
LEAD, BREADTH = 0.6, 0.4

LABELS = {
    "turning": "a turn from time together toward favors",
    "scorekeeping": "favors logged as owed or as repaying another",
    "favor_dominated": "favors outnumbering time together",
    "contact_on_demand": "meeting mostly around favors",
    "one_sided_giving": "favors running mostly from you",
    "one_sided_receiving": "favors running mostly to you",
    "cooling": "warmth falling while favors go on",
}


def _no_evidence() -> str:
    return ""


class Signal(NamedTuple):
    """One signal for one person. A tuple, not a dataclass: the whole-journal pass
    makes about 30,000 of them, and a frozen dataclass costs twice as much to make."""

    rule: str
    strength: float  # 0..1
    fired: bool  # past its threshold, with enough data
    steady: bool  # as strong in the person's own past: counts, but never prompts
    # Formatted on demand: the whole-journal pass reads 10,000 people and shows
    # the evidence of only the few who raise a prompt.
    explain: Callable[[], str] = _no_evidence

    @property
    def evidence(self) -> str:
        """The numbers behind the signal, checkable against the timeline."""
        return self.explain()


@dataclass(frozen=True)
class Reading:
    """A person as the engine sees them on one date."""

    contact_id: int
    name: str
    index: int  # 0..100
    explanation: str
    signals: tuple[Signal, ...]

    def prompting(self) -> list[Signal]:
        """Signals that may raise a prompt: fired, and not steady for this person."""
        return [s for s in self.signals if s.fired and not s.steady]


def _clamp(value: float) -> float:
    # Comparisons, not max(min()): called about 30,000 times a whole-journal pass.
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def _months(days: int) -> str:
    return f"{round(days / 30.4)} months"


def favor_dominated(s: PersonStats, t: Thresholds) -> Signal | None:
    if s.entries_recent < t.min_recent_entries:
        return None
    share = s.favors_recent / s.entries_recent
    steady = False
    if s.entries_earlier >= t.min_earlier_entries:
        steady = s.favors_earlier / s.entries_earlier >= share - 0.15
    return Signal(
        "favor_dominated",
        _clamp((share - 0.4) / 0.5),
        share >= t.favor_share,
        steady,
        lambda: (
            f"In the last {_months(t.recent_days)}, {s.favors_recent} of your "
            f"{s.entries_recent} entries with {s.name} were favors and "
            f"{s.moments_recent} were moments together."
        ),
    )


def scorekeeping(s: PersonStats, t: Thresholds) -> Signal | None:
    if s.favors_recent < t.min_recent_favors:
        return None
    share = s.ledger_recent / s.favors_recent
    strength = _clamp((share - 0.25) / 0.6)
    if s.quick_returns_recent >= 2:
        strength = _clamp(strength + 0.15)
    steady = False
    if s.favors_earlier >= t.min_recent_favors:
        steady = s.ledger_earlier / s.favors_earlier >= share - 0.15

    def explain() -> str:
        evidence = (
            f"{s.ledger_recent} of your last {s.favors_recent} favors with {s.name} were "
            "logged as owed or as repaying another"
        )
        if s.repays_recent:
            average = s.repay_days_recent / s.repays_recent
            evidence += (
                f"; {s.quick_returns_recent} of {s.repays_recent} repayments came within "
                f"{t.quick_return_days} days (on average after {average:.0f} days)"
            )
        return evidence + "."

    return Signal(
        "scorekeeping",
        strength,
        share >= t.ledger_share and s.ledger_recent >= 3,
        steady,
        explain,
    )


def one_sided(s: PersonStats, t: Thresholds) -> Signal | None:
    total = s.weight_given_year + s.weight_received_year
    if s.favors_year < t.one_sided_min_favors or total < t.one_sided_min_weight:
        return None
    giving = s.weight_given_year >= s.weight_received_year
    major = max(s.weight_given_year, s.weight_received_year)
    share = major / total
    expecting = s.expecting_year / s.favors_year
    strength = _clamp((share - 0.6) / 0.35) * (0.4 + 0.6 * _clamp(expecting / 0.6))
    way = "you gave" if giving else "you received"
    return Signal(
        "one_sided_giving" if giving else "one_sided_receiving",
        strength,
        share >= t.one_sided_share and expecting >= t.one_sided_expectation_share,
        False,
        lambda: (
            f"In the past year {way} {round(share * 100)}% of the favors' weight with "
            f"{s.name} ({s.weight_given_year} given, {s.weight_received_year} received); "
            f"{s.expecting_year} of {s.favors_year} favors came with an expectation."
        ),
    )


def contact_on_demand(s: PersonStats, t: Thresholds) -> Signal | None:
    if s.moments_year < t.on_demand_min_moments or s.favors_year < 2:
        return None
    share = s.moments_year_near_favor / s.moments_year
    return Signal(
        "contact_on_demand",
        _clamp((share - 0.4) / 0.5),
        share >= t.on_demand_share,
        False,
        lambda: (
            f"{s.moments_year_near_favor} of your {s.moments_year} moments with {s.name} "
            f"in the past year came within {t.on_demand_days} days of a favor."
        ),
    )


def cooling(s: PersonStats, t: Thresholds) -> Signal | None:
    recent, earlier = s.warmth_recent, s.warmth_earlier
    if (
        recent is None
        or earlier is None
        or s.warmth_recent_rated < t.cooling_min_rated
        or s.warmth_earlier_rated < t.cooling_min_rated
    ):
        return None
    drop = earlier - recent
    favors_go_on = s.favors_recent >= t.cooling_min_recent_favors
    return Signal(
        "cooling",
        _clamp(drop / 2.5) * (1.0 if favors_go_on else 0.4),
        drop >= t.cooling_drop and recent <= t.cooling_max_recent and favors_go_on,
        False,
        lambda: (
            f"Your moments with {s.name} in the last {_months(t.recent_days)} averaged "
            f"warmth {recent:.1f}, down from {earlier:.1f} before, while "
            f"{s.favors_recent} favors went on."
        ),
    )


def turning(s: PersonStats, t: Thresholds) -> Signal | None:
    if s.entries_recent < t.min_recent_entries or s.entries_earlier < t.min_earlier_entries:
        return None
    share_recent = s.favors_recent / s.entries_recent
    share_earlier = s.favors_earlier / s.entries_earlier
    ledger_rise = s.ledger_recent / s.entries_recent - s.ledger_earlier / s.entries_earlier
    rise = max(share_recent - share_earlier, ledger_rise)
    return Signal(
        "turning",
        _clamp(rise / 0.6),
        rise >= t.turn_rise and share_earlier <= t.turn_max_earlier_share and share_recent >= 0.5,
        False,
        lambda: (
            f"In the last {_months(t.recent_days)}, {s.favors_recent} of {s.entries_recent} "
            f"entries with {s.name} were favors ({s.ledger_recent} owed or repaying); "
            f"before that, {s.favors_earlier} of {s.entries_earlier}."
        ),
    )


RULES = (favor_dominated, scorekeeping, one_sided, contact_on_demand, cooling, turning)


QUIET = "Nothing transactional stands out."


def read_person(stats: PersonStats, thresholds: Thresholds) -> Reading:
    """Every signal for one person, the index they add up to, and why."""
    found: list[Signal] = []
    for rule in RULES:
        if (signal := rule(stats, thresholds)) is not None:
            found.append(signal)
    if not found:
        return Reading(stats.contact_id, stats.name, 0, QUIET, ())
    lead = breadth = 0.0
    parts: dict[str, float] = {}
    for signal in found:
        # A steady signal (as strong in the person's own past) counts at half strength.
        value = signal.strength * 0.5 if signal.steady else signal.strength
        part = parts[signal.rule] = SEVERITY[signal.rule] * value
        lead = max(lead, part)
        breadth += WEIGHTS[signal.rule] * value
    index = round(100 * min(1.0, LEAD * lead + BREADTH * breadth))
    return Reading(stats.contact_id, stats.name, index, _explain(index, parts), tuple(found))


def _explain(index: int, parts: dict[str, float]) -> str:
    if index < 10:
        return QUIET
    drivers = [rule for rule, part in sorted(parts.items(), key=lambda kv: -kv[1]) if part >= 0.15]
    if not drivers:
        return QUIET
    degree = "Strongly" if index >= 60 else "Somewhat" if index >= 35 else "Slightly"
    return f"{degree}: " + ", and ".join(LABELS[rule] for rule in drivers[:2]) + "."
