"""The engine's rules in the words of docs/reflection.md, written from the thresholds.

docs/reflection.md holds these tables between markers; a test regenerates them
from `DEFAULTS` and fails when the page and thresholds.py disagree, so every
"fires when" the page promises is the rule the engine runs.
"""

from __future__ import annotations

from app.core.reflection import tuning
from app.core.reflection.signals import FIRED_FLOOR
from app.core.reflection.thresholds import DEFAULTS, Thresholds


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def signal_rows(t: Thresholds = DEFAULTS) -> list[tuple[str, str]]:
    """(rule ids, fires when) for every person-level signal, as the page words it."""
    return [
        (
            "`favor_dominated`",
            f"in a window with at least {t.min_recent_entries} entries, favors are ≥ "
            f"{_pct(t.favor_share)} of them and ≥ {_pct(t.evidence_share)} of those favors "
            "came with an expectation or repay another (gifts are care)",
        ),
        (
            "`scorekeeping`",
            f"in a window with at least {t.min_recent_favors} favors, at least "
            f"{t.min_counted} of them, and ≥ {_pct(t.ledger_share)} of them, are logged as owed "
            "(`explicit`) or as repaying an earlier one; "
            f"repayments within {t.quick_return_days} days are tit for tat and add strength",
        ),
        (
            "`one_sided_giving` / `one_sided_receiving`",
            f"in a window, ≥ {t.one_sided_min_favors} favors and weight ≥ "
            f"{t.one_sided_min_weight}, ≥ {_pct(t.one_sided_share)} of the weight one way, and "
            f"≥ {_pct(t.one_sided_expectation_share)} of the favors came with an expectation",
        ),
        (
            "`contact_on_demand`",
            f"in a window, at least {t.on_demand_min_moments} moments and 2 favors, ≥ "
            f"{_pct(t.on_demand_share)} of the moments within {t.on_demand_days} days of a "
            f"favor, that share at least {round(t.on_demand_excess * 100)} points and "
            f"{t.turn_z} standard errors above the share of the window's days that lie "
            f"around a favor (chance), and ≥ {_pct(t.evidence_share)} of the favors with an "
            "expectation (meeting around gifts is care)",
        ),
        (
            "`cooling`",
            f"at least {t.cooling_min_rated} rated moments in the window and before it, "
            f"average warmth fell by ≥ {t.cooling_drop:.1f} (and {t.turn_z} standard errors, "
            f"a moment's warmth spread counted as one point) to ≤ {t.cooling_max_recent:.1f}, "
            f"while at least {t.cooling_min_recent_favors} favors went on",
        ),
        (
            "`turning`",
            f"at least {t.min_recent_entries} entries in the window and "
            f"{t.min_earlier_entries} before it, and the share of entries logged as owed or "
            "repaying (or the favor share, when the favors carry expectations, or the share "
            f"with an expectation) rose by ≥ {round(t.turn_rise * 100)} points after shrinkage, "
            f"and by {t.turn_z} standard errors; and now at least {_pct(t.turn_rise)} of the "
            f"entries are owed or repaying, or half are favors, ≥ {_pct(t.evidence_share)} of "
            "them with an expectation",
        ),
    ]


def signal_table(t: Thresholds = DEFAULTS) -> str:
    """The signals table of docs/reflection.md."""
    lines = ["| signal (rule id) | fires when |", "| --- | --- |"]
    lines += [f"| {rule} | {when} |" for rule, when in signal_rows(t)]
    return "\n".join(lines)


def threshold_table() -> str:
    """Every tunable threshold with its default, as Preferences offers it."""
    lines = [
        "| section | Preferences label | field | default | meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for tunable in tuning.TUNABLES:
        lines.append(
            f"| {tunable.section} | {tunable.label} | `{tunable.name}` | "
            f"{tuning.shown(tunable, tunable.default)} | {tunable.meaning} |"
        )
    return "\n".join(lines)


def index_sentence() -> str:
    """The promise that ties "fires when" to the index."""
    return (
        f"A signal that fires and is not steady reads at least {FIRED_FLOOR} on its own, so "
        "it may ask by itself; with nothing new for the person, the index stays below "
        f"{FIRED_FLOOR}."
    )
