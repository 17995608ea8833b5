"""Which reflection thresholds a person may tune: their plain names, limits and checks.

`Thresholds` (thresholds.py) holds the numbers the engine decides with; this module
says what each one means in the README's words, the range a value must stay in, and
turns stored values back into `Thresholds`, falling back to the default for any value
that is missing, of the wrong type or out of range (a journal is never refused for a
bad setting). The Preferences dialog and `kith prompts` both go through here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from app.core.errors import ValidationError
from app.core.reflection.thresholds import DEFAULTS, Thresholds


@dataclass(frozen=True)
class Tunable:
    """One threshold as a person sees it.

    `unit` says how it is shown and checked: "days", "count" (a number of entries,
    favors, people...), "share" (0–1, shown as a percentage), "points" (a rise in a
    share, 0–1, shown as percentage points), "warmth" (on the 1–5 scale), "index"
    (0–100) or "prompts" (a number of questions).
    """

    name: str  # the Thresholds field
    section: str
    label: str
    unit: str
    low: float
    high: float
    meaning: str

    @property
    def default(self) -> float:
        return float(getattr(DEFAULTS, self.name))

    @property
    def whole(self) -> bool:
        """True for a whole number (days, counts); False for a share or a warmth."""
        return isinstance(getattr(DEFAULTS, self.name), int)


WINDOWS = "Windows"
ENOUGH = "Enough data before speaking"
ASKING = "When Kith asks"

# In the order of the README's "How Kith decides"; sections keep its names.
# fmt: off
TUNABLES: tuple[Tunable, ...] = (
    Tunable("short_days", WINDOWS, "Shortest window", "days", 7, 3650,
            "The shortest window Kith tries (and twice it): a turn this recent is seen."),
    Tunable("recent_days", WINDOWS, "Recent period", "days", 7, 3650,
            "The middle window Kith tries; everything before a window is the person's past."),
    Tunable("year_days", WINDOWS, "Past year", "days", 30, 3650,
            "The longest window: a slow drift or a sparse logger is read over it."),
    Tunable("min_recent_entries", ENOUGH, "Entries in a window", "count", 1, 1000,
            "Moments and favors needed in a window before Kith reads a pattern in it."),
    Tunable("min_recent_favors", ENOUGH, "Favors in a window", "count", 1, 1000,
            "Favors needed in a window before Kith speaks of scorekeeping."),
    Tunable("min_earlier_entries", ENOUGH, "Earlier entries", "count", 1, 1000,
            "The person's own past needed before Kith speaks of a change: no past, no turn."),
    Tunable("prior_strength", ENOUGH, "Shrinkage", "count", 0, 100,
            "Pseudo-entries that pull a share toward the person's usual one: few entries "
            "move it little."),
    Tunable("turn_z", ENOUGH, "Certainty", "count", 0, 10,
            "Standard errors a rise must clear to count as a change, not chance."),
    Tunable("favor_share", "Favor-dominated", "Favor share", "share", 0, 1,
            "Favors as a share of a window's entries that makes a relationship favor-dominated."),
    Tunable("evidence_share", "Favor-dominated", "Favors with a ledger", "share", 0, 1,
            "Share of those favors with an expectation or repaying another: gifts are care."),
    Tunable("ledger_share", "Scorekeeping", "Counted favors", "share", 0, 1,
            "Share of a window's favors logged as owed or as repaying another."),
    Tunable("min_counted", "Scorekeeping", "Least counted", "count", 1, 1000,
            "Favors logged as owed or repaying needed before Kith speaks of scorekeeping."),
    Tunable("quick_return_days", "Scorekeeping", "Tit for tat within", "days", 1, 365,
            "A repayment this soon is reported as tit for tat."),
    Tunable("one_sided_share", "One-sided", "One-way weight", "share", 0.5, 1,
            "Share of a window's favor weight going one way."),
    Tunable("one_sided_min_weight", "One-sided", "Least weight", "count", 1, 1000,
            "Total favor weight in a window before Kith judges its direction."),
    Tunable("one_sided_min_favors", "One-sided", "Least favors", "count", 1, 1000,
            "Favors in a window before Kith judges their direction."),
    Tunable("one_sided_expectation_share", "One-sided", "With expectations", "share", 0, 1,
            "Share of the favors that came with an expectation: without them, a one-way "
            "flow is generosity."),
    Tunable("on_demand_days", "Contact on demand", "Around a favor", "days", 1, 60,
            "A moment this close to a favor counts as around it."),
    Tunable("on_demand_share", "Contact on demand", "Moments around favors", "share", 0, 1,
            "Share of a window's moments that fall around a favor."),
    Tunable("on_demand_min_moments", "Contact on demand", "Least moments", "count", 1, 1000,
            "Moments in a window before Kith judges when they happen."),
    Tunable("on_demand_excess", "Contact on demand", "Beyond chance", "points", 0, 1,
            "How far that share must exceed the share of days that lie around a favor."),
    Tunable("cooling_drop", "Cooling", "Warmth fall", "warmth", 0.1, 4,
            "Fall in average warmth, a window against the past, on the 1–5 scale."),
    Tunable("cooling_max_recent", "Cooling", "Recent warmth at most", "warmth", 1, 5,
            "The window's average warmth must have fallen to this or lower."),
    Tunable("cooling_min_rated", "Cooling", "Rated moments", "count", 1, 1000,
            "Moments with a warmth needed in each period."),
    Tunable("cooling_min_recent_favors", "Cooling", "Favors going on", "count", 0, 1000,
            "Favors in the window that make a cooling more than a quiet patch."),
    Tunable("turn_rise", "Turning", "Rise", "points", 0.01, 1,
            "Rise in the counted, favor or expectation share, a window against the past."),
    Tunable("prompt_min_index", ASKING, "Least index", "index", 0, 100,
            "No question about a person below this transactional index."),
    Tunable("weekly_prompt_budget", ASKING, "New questions a week", "prompts", 0, 50,
            "New questions in any seven days across the journal."),
    Tunable("after_log_prompts", ASKING, "More after a log", "prompts", 0, 50,
            "Further questions about the people in a favor or moment you just logged."),
    Tunable("max_waiting", ASKING, "Waiting at most", "prompts", 1, 500,
            "No new question while this many wait for you: they never pile up."),
    Tunable("resolve_after_days", ASKING, "Resolve after", "days", 1, 365,
            "A question the rules have not raised for this long closes itself as resolved."),
    Tunable("dismiss_quiet_days", ASKING, "Quiet after “not transactional”", "days", 0, 3650,
            "After “not transactional”, Kith asks nothing about that person for this long."),
    Tunable("dismiss_reopen_rise", ASKING, "Ask again after a rise of", "index", 1, 100,
            "After that, Kith asks again only when the index rises this much. A "
            "change applies to later dismissals."),
    Tunable("commitment_spread", "Coalitions", "Commitment spread", "count", 1, 4,
            "Highest minus lowest commitment (yours included) on the 1–5 scale that counts as "
            "unequal."),
    Tunable("stale_action_days", "Coalitions", "Quiet for", "days", 7, 3650,
            "An active coalition with no joint action this long is asked about."),
    Tunable("coalition_min_members", "Coalitions", "Members needed", "count", 1, 1000,
            "Members a coalition needs before its members' goals and commitments are judged."),
    Tunable("coalition_grace_days", "Coalitions", "Setting up", "days", 0, 365,
            "A coalition that started this recently is still being set up: not asked about."),
)
# fmt: on

BY_NAME: dict[str, Tunable] = {t.name: t for t in TUNABLES}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.section for t in TUNABLES))


def shown(tunable: Tunable, value: float) -> str:
    """A value as a person reads it: "60%", "182 days", "1.0 on the 1–5 scale"."""
    if tunable.unit in ("share", "points"):
        return f"{round(value * 100)}{'%' if tunable.unit == 'share' else ' points'}"
    if tunable.unit == "days":
        return f"{int(value)} day{'s' if value != 1 else ''}"
    if tunable.unit == "warmth":
        return f"{value:.1f} on the 1–5 scale"
    return str(int(value))


def problem(tunable: Tunable, value: object) -> str | None:
    """Why `value` cannot be this threshold, as one sentence (None when it can)."""
    lowest, highest = shown(tunable, tunable.low), shown(tunable, tunable.high)
    kind = "a whole number" if tunable.whole else "a number"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or (tunable.whole and value != int(value))
    ):
        return f"{tunable.label} must be {kind} from {lowest} to {highest}."
    if not tunable.low <= value <= tunable.high:
        return f"{tunable.label} must be from {lowest} to {highest}, not {shown(tunable, value)}."
    return None


def check(thresholds: Thresholds) -> Thresholds:
    """`thresholds` if every tunable value is in range; else ValidationError naming the
    first field that is not (in the README's order), with a sentence."""
    for tunable in TUNABLES:
        reason = problem(tunable, getattr(thresholds, tunable.name))
        if reason is not None:
            raise ValidationError(tunable.name, reason)
    return thresholds


def from_stored(values: Mapping[str, object]) -> Thresholds:
    """Thresholds from stored values by field name; a missing, mistyped or out-of-range
    value (an older or newer Kith, a hand edit) falls back to its default."""
    chosen: dict[str, Any] = {}  # int or float, as the field is
    for name, value in values.items():
        tunable = BY_NAME.get(name)
        if tunable is None or problem(tunable, value) is not None:
            continue
        assert isinstance(value, int | float)
        chosen[name] = int(value) if tunable.whole else float(value)
    return replace(DEFAULTS, **chosen)


def changed_from_defaults(thresholds: Thresholds) -> dict[str, float | int]:
    """The tunable values that differ from the defaults, by field name."""
    return {
        t.name: getattr(thresholds, t.name)
        for t in TUNABLES
        if getattr(thresholds, t.name) != getattr(DEFAULTS, t.name)
    }


def untunable() -> tuple[str, ...]:
    """Threshold fields the Preferences dialog does not offer (none today; a test keeps it so)."""
    return tuple(f.name for f in fields(Thresholds) if f.name not in BY_NAME)
