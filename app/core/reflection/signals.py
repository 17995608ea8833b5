"""The transactional signals of MISSION.md, read from a person's figures.

Pure functions: PersonStats in, a Reading out. A ledger is counted evidence,
not a favor count: every signal but cooling needs favors that carry an
expectation or repay another. Each signal is tried in four windows (see
thresholds.py) and read in the one that shows it best; inside a window it has a
strength from 0 to 1, fires only past its threshold and with enough data, and
carries its evidence in numbers a person can check against their timeline.

A fired signal is "steady" unless the window is clearly more of a ledger than
the person's own past (`rose`, a small-sample comparison with shrinkage). A
steady signal counts in the index at half weight but never raises a question:
a colleague who was always professional, kin who always helped, a neighbour
swapping tools from the first day. No past, no turn.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from app.core.reflection.stats import BUCKETS, PersonStats, edges
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
# A fired signal that is not steady reads at least this index on its own: what
# the README promises ("fires when" means "may ask").
FIRED_FLOOR = 35

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
    makes tens of thousands of them."""

    rule: str
    strength: float  # 0..1
    fired: bool  # past its threshold, with enough data
    steady: bool  # no clearer than the person's own past: counts, but never prompts
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
        """Signals that may raise a prompt: fired, and not steady; strongest first."""
        found = [s for s in self.signals if s.fired and not s.steady]
        found.sort(key=lambda s: -SEVERITY[s.rule] * s.strength)
        return found


def _clamp(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def rose(k_now: float, n_now: float, k_past: float, n_past: float, t: Thresholds) -> float:
    """How clearly a share rose from the past to now: the rise of the two Beta
    posteriors' means, each shrunk toward the pooled share by `prior_strength`
    pseudo-entries, when that rise is at least `turn_z` standard errors; else 0.

    Shrinkage is what makes 7 of 7 after years at 78% no change, and 3 of 5
    after 0 of 10 one: few entries move a share little, many move it far."""
    if n_past < t.min_earlier_entries or n_now <= 0:
        return 0.0  # no past, no turn
    a = t.prior_strength
    pooled = (k_now + k_past + 1) / (n_now + n_past + 2)
    now = (k_now + a * pooled) / (n_now + a)
    past = (k_past + a * pooled) / (n_past + a)
    spread = now * (1 - now) / (n_now + a + 1) + past * (1 - past) / (n_past + a + 1)
    rise = now - past
    if rise <= 0 or rise < t.turn_z * math.sqrt(spread):
        return 0.0
    return rise


class Window(NamedTuple):
    """One person's figures inside a window and before it."""

    days: int
    favors: int
    counted: int
    expecting: int
    moments: int
    given: int
    weight_given: int
    weight_received: int
    repays: int
    quick: int
    repay_days: float
    warmth_total: int
    rated: int
    near: int
    covered: int
    past_favors: int
    past_counted: int
    past_moments: int
    past_warmth: int
    past_rated: int
    # The year's spans before the window, for the figures kept only for the year.
    past_year_entries: int
    past_year_favors: int
    past_year_expecting: int
    # Whether the pattern still holds now: the window's newer half is neither
    # empty nor clearly less of a ledger than its older half.
    current: bool
    # How clearly the window is more of a ledger than the person's own past (0: not).
    rise: float = 0.0

    @property
    def entries(self) -> int:
        return self.favors + self.moments

    @property
    def past_entries(self) -> int:
        return self.past_favors + self.past_moments

    def turned(self, t: Thresholds) -> float:
        """How clearly the window is more of a ledger than the person's own past (0: not).
        Without a favor counted or carrying an expectation, nothing can have risen."""
        if not self.expecting and not self.counted:
            return 0.0
        return max(
            rose(self.counted, self.entries, self.past_counted, self.past_entries, t),
            rose(self.favors, self.entries, self.past_favors, self.past_entries, t)
            if self.expecting >= t.evidence_share * self.favors
            else 0.0,
            # Expectations are kept for the year only: before it, every favor counts as
            # one that may have had one (an upper bound, so a ledger-like past, such as
            # a colleague's, never reads as a turn).
            rose(
                self.expecting,
                self.entries,
                self.past_year_expecting + self.past_favors - self.past_year_favors,
                self.past_entries,
                t,
            ),
        )


def windows(s: PersonStats, t: Thresholds) -> list[Window]:
    """The person's four windows, shortest first.

    Running sums over the buckets, not a sum per window: the whole-journal pass
    makes 40,000 windows."""
    found: list[Window] = []
    lengths = edges(t)
    spans = list(
        zip(
            s.favors[:BUCKETS],
            s.counted[:BUCKETS],
            s.expecting,
            s.moments[:BUCKETS],
            s.given,
            s.weight_given,
            s.weight_received,
            s.repays,
            s.quick,
            s.repay_days,
            s.warmth_total[:BUCKETS],
            s.warmth_rated[:BUCKETS],
            s.near,
            s.covered,
            strict=True,
        )
    )
    favors, counted, moments = sum(s.favors), sum(s.counted), sum(s.moments)
    warmth, rated = sum(s.warmth_total), sum(s.warmth_rated)
    year_favors = favors - s.favors[BUCKETS]
    year_entries = year_favors + moments - s.moments[BUCKETS]
    year_expecting = sum(s.expecting)
    now = [0.0] * len(spans[0])
    for k in range(BUCKETS):
        before = now
        now = [a + b for a, b in zip(now, spans[k], strict=True)]
        current = True
        if k > 0:
            # The window's oldest span against the rest of it: nothing newer, or a
            # newer part clearly less of a ledger, and the window is history.
            n_new, e_new = before[0] + before[3], before[2]
            n_old, e_old = spans[k][0] + spans[k][3], spans[k][2]
            current = n_new > 0 and rose(e_old, n_old, e_new, n_new, t) == 0
        f, c, e, m = int(now[0]), int(now[1]), int(now[2]), int(now[3])
        window = Window(
            lengths[k],
            f,
            c,
            e,
            m,
            int(now[4]),
            int(now[5]),
            int(now[6]),
            int(now[7]),
            int(now[8]),
            now[9],
            int(now[10]),
            int(now[11]),
            int(now[12]),
            int(now[13]),
            favors - f,
            counted - c,
            moments - m,
            warmth - int(now[10]),
            rated - int(now[11]),
            year_entries - f - m,
            year_favors - f,
            year_expecting - e,
            current,
        )
        found.append(window._replace(rise=window.turned(t)) if current else window)
    return found


def _span(days: int) -> str:
    months = round(days / 30.4)
    return "year" if months >= 12 else f"{months} months"


def favor_dominated(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    if w.entries < t.min_recent_entries or not w.expecting:
        return None  # without favors carrying an expectation: strength 0, never fires
    share = w.favors / w.entries
    evidence = w.expecting / w.favors
    return Signal(
        "favor_dominated",
        _clamp((share - 0.4) / 0.5) * _clamp(evidence / 0.6),
        share >= t.favor_share and evidence >= t.evidence_share,
        w.rise < t.turn_rise,
        lambda: (
            f"In the last {_span(w.days)}, {w.favors} of your {w.entries} entries with "
            f"{s.name} were favors, {w.expecting} of them with an expectation or repaying "
            f"another, and {w.moments} were moments together."
        ),
    )


def scorekeeping(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    if w.favors < t.min_recent_favors or not w.counted:
        return None  # nothing counted: strength 0, never fires
    share = w.counted / w.favors
    strength = _clamp((share - 0.25) / 0.6)
    if w.quick >= 2:
        strength = _clamp(strength + 0.15)

    def explain() -> str:
        evidence = (
            f"In the last {_span(w.days)}, {w.counted} of your {w.favors} favors with "
            f"{s.name} were logged as owed or as repaying another"
        )
        if w.repays:
            average = w.repay_days / w.repays
            after = (
                "on the same day on average"
                if round(average) == 0
                else f"on average after {average:.0f} day{'' if round(average) == 1 else 's'}"
            )
            evidence += (
                f"; {w.quick} of {w.repays} repayments came within "
                f"{t.quick_return_days} days ({after})"
            )
        return evidence + "."

    return Signal(
        "scorekeeping",
        strength,
        share >= t.ledger_share and w.counted >= t.min_counted,
        w.rise < t.turn_rise,
        explain,
    )


def one_sided(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    total = w.weight_given + w.weight_received
    if w.favors < t.one_sided_min_favors or total < t.one_sided_min_weight or not w.expecting:
        return None
    giving = w.weight_given >= w.weight_received
    share = max(w.weight_given, w.weight_received) / total
    expecting = w.expecting / w.favors
    strength = _clamp((share - 0.6) / 0.35) * _clamp(expecting / 0.6)
    way = "you gave" if giving else "you received"
    return Signal(
        "one_sided_giving" if giving else "one_sided_receiving",
        strength,
        share >= t.one_sided_share and expecting >= t.one_sided_expectation_share,
        w.rise < t.turn_rise,
        lambda: (
            f"In the last {_span(w.days)} {way} {round(share * 100)}% of the favors' weight "
            f"with {s.name} ({w.weight_given} given, {w.weight_received} received); "
            f"{w.expecting} of {w.favors} favors came with an expectation."
        ),
    )


def contact_on_demand(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    if w.moments < t.on_demand_min_moments or w.favors < 2:
        return None
    share = w.near / w.moments
    # Where moments would fall by chance: the share of the window's days around a favor.
    chance = min(0.98, max(0.02, w.covered / w.days))
    excess = share - chance
    z = (w.near - w.moments * chance) / math.sqrt(w.moments * chance * (1 - chance))
    ledger = w.expecting >= t.evidence_share * w.favors
    return Signal(
        "contact_on_demand",
        _clamp(excess / 0.6) if ledger else 0.0,  # meeting around gifts is care
        share >= t.on_demand_share and excess >= t.on_demand_excess and z >= t.turn_z and ledger,
        w.rise < t.turn_rise,
        lambda: (
            f"In the last {_span(w.days)}, {w.near} of your {w.moments} moments with {s.name} "
            f"came within {t.on_demand_days} days of a favor, where chance alone would give "
            f"about {round(chance * w.moments)}; {w.expecting} of the {w.favors} favors came "
            "with an expectation."
        ),
    )


def cooling(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    if w.rated < t.cooling_min_rated or w.past_rated < t.cooling_min_rated:
        return None
    recent, earlier = w.warmth_total / w.rated, w.past_warmth / w.past_rated
    drop = earlier - recent
    # Warmth is read on a 1–5 scale with a spread of about one point per moment.
    z = drop / math.sqrt(1 / w.rated + 1 / w.past_rated)
    favors_go_on = w.favors >= t.cooling_min_recent_favors
    return Signal(
        "cooling",
        _clamp(drop / 2.5) * (1.0 if favors_go_on else 0.4),
        drop >= t.cooling_drop
        and recent <= t.cooling_max_recent
        and favors_go_on
        and z >= t.turn_z,
        False,  # a fall in warmth is itself the comparison with the past
        lambda: (
            f"Your moments with {s.name} in the last {_span(w.days)} averaged "
            f"warmth {recent:.1f}, down from {earlier:.1f} before, while "
            f"{w.favors} favors went on."
        ),
    )


def turning(s: PersonStats, w: Window, t: Thresholds) -> Signal | None:
    if w.entries < t.min_recent_entries or w.past_entries < t.min_earlier_entries or not w.rise:
        return None
    rise = w.rise
    counted_share = w.counted / w.entries
    evidence = w.expecting / w.favors if w.favors else 0.0
    ledger_now = counted_share >= t.turn_rise or (
        w.favors / w.entries >= 0.5 and evidence >= t.evidence_share
    )
    return Signal(
        "turning",
        _clamp(rise / 0.6),
        rise >= t.turn_rise and ledger_now,
        False,  # the turn is the comparison with the past
        lambda: (
            f"In the last {_span(w.days)}, {w.favors} of {w.entries} entries with {s.name} "
            f"were favors ({w.counted} owed or repaying, {w.expecting} with an expectation); "
            f"before that, {w.past_favors} of {w.past_entries} ({w.past_counted} owed or "
            "repaying)."
        ),
    )


RULES = (favor_dominated, scorekeeping, one_sided, contact_on_demand, cooling, turning)


def _rank(signal: Signal) -> tuple[int, float]:
    return (2 if signal.fired and not signal.steady else 1 if signal.fired else 0, signal.strength)


QUIET = "Nothing transactional stands out."


def read_person(stats: PersonStats, thresholds: Thresholds) -> Reading:
    """Every signal for one person, each in the window that shows it best, the index
    they add up to, and why."""
    if not any(stats.expecting) and not any(stats.counted[:BUCKETS]):
        # No favor in the year carries a ledger: only cooling can say anything
        # (most of a journal, read in a fraction of the time).
        if sum(stats.warmth_rated[:BUCKETS]) < thresholds.cooling_min_rated:
            return Reading(stats.contact_id, stats.name, 0, QUIET, ())
        return _index(stats, _cooling_only(stats, thresholds))
    best: dict[str, Signal] = {}
    t = thresholds
    # Below every rule's least entries (and cooling's rated moments) no rule speaks.
    least = min(t.min_recent_entries, t.min_recent_favors, t.on_demand_min_moments)
    least = min(least, t.one_sided_min_favors)
    for window in windows(stats, thresholds):
        if not window.current:
            continue  # nothing now, or the pattern has eased: an old window is history
        if window.entries < least and window.rated < t.cooling_min_rated:
            continue
        for rule in RULES:
            signal = rule(stats, window, thresholds)
            if signal is None:
                continue
            key = "one_sided" if signal.rule.startswith("one_sided") else signal.rule
            held = best.get(key)
            if held is None or _rank(signal) > _rank(held):
                best[key] = signal
    return _index(stats, list(best.values()))


def _cooling_only(s: PersonStats, t: Thresholds) -> list[Signal]:
    """Cooling in its best window, for someone whose year holds no favor with a ledger
    (the other signals say nothing then): the same windows, only the figures it reads."""
    best: Signal | None = None
    lengths = edges(t)
    favors = warmth = rated = entries = 0
    all_warmth, all_rated = sum(s.warmth_total), sum(s.warmth_rated)
    for k in range(BUCKETS):
        newer = entries
        favors += s.favors[k]
        entries += s.favors[k] + s.moments[k]
        warmth += s.warmth_total[k]
        rated += s.warmth_rated[k]
        if k > 0 and not newer:
            continue  # nothing newer than the window's oldest span: history
        w = _EMPTY._replace(
            days=lengths[k],
            favors=favors,
            warmth_total=warmth,
            rated=rated,
            past_warmth=all_warmth - warmth,
            past_rated=all_rated - rated,
        )
        signal = cooling(s, w, t)
        if signal is not None and (best is None or _rank(signal) > _rank(best)):
            best = signal
    return [best] if best is not None else []


def _index(stats: PersonStats, found: list[Signal]) -> Reading:
    """The index the signals add up to, and why."""
    if not found:
        return Reading(stats.contact_id, stats.name, 0, QUIET, ())
    lead = breadth = 0.0
    parts: dict[str, float] = {}
    asks = False
    for signal in found:
        # A steady signal (no clearer than the person's own past) counts at half strength.
        value = signal.strength * 0.5 if signal.steady else signal.strength
        part = parts[signal.rule] = SEVERITY[signal.rule] * value
        lead = max(lead, part)
        breadth += WEIGHTS[signal.rule] * value
        asks = asks or (signal.fired and not signal.steady)
    index = round(100 * min(1.0, LEAD * lead + BREADTH * breadth))
    if asks:
        index = max(index, FIRED_FLOOR)
    elif index >= FIRED_FLOOR:
        # Nothing fired that is new for this person: below where questions start.
        index = FIRED_FLOOR - 1
    return Reading(stats.contact_id, stats.name, index, _explain(index, parts), tuple(found))


# Every figure 0, current: what `_cooling_only` fills in.
_EMPTY = Window(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, True)


def _explain(index: int, parts: dict[str, float]) -> str:
    if index < 10:
        return QUIET
    drivers = [rule for rule, part in sorted(parts.items(), key=lambda kv: -kv[1]) if part >= 0.15]
    if not drivers:
        return QUIET
    degree = "Strongly" if index >= 60 else "Somewhat" if index >= 35 else "Slightly"
    return f"{degree}: " + ", and ".join(LABELS[rule] for rule in drivers[:2]) + "."
