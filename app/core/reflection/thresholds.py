"""Every number the reflection engine decides with, in one place.

docs/reflection.md ("How Kith decides", linked from the README) explains each
one and why it was chosen; a test keeps its table equal to these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # ---- windows --------------------------------------------------------------------
    # The engine tries four windows ending on the day judged: the last
    # `short_days`, twice that, `recent_days` and `year_days`, and keeps, for
    # each signal, the one whose split from the person's own past is clearest
    # (a change point among four candidate days). A two-month turn shows in the
    # short window, a slow drift or a sparse logger in the year.
    short_days: int = 61
    recent_days: int = 182
    year_days: int = 365

    # ---- enough data before speaking --------------------------------------------------
    min_recent_entries: int = 5  # moments + favors inside a window
    min_recent_favors: int = 3
    min_earlier_entries: int = 6  # the person's own past needed to speak of a change

    # ---- the comparison with the person's own past ---------------------------------------
    # Shares are compared as Beta posteriors shrunk toward the person's pooled
    # share by `prior_strength` pseudo-entries: a change counts when the shrunk
    # rise is at least `turn_rise` and `turn_z` standard errors.
    prior_strength: int = 4
    turn_z: int = 2

    # ---- favor-dominated ------------------------------------------------------------
    favor_share: float = 0.6  # favors / (favors + moments), in the window
    # Favors given freely (nothing expected, nothing repaid) are care, not a ledger.
    evidence_share: float = 0.4  # favors with an expectation or repaying, of the window's

    # ---- scorekeeping ------------------------------------------------------------------
    ledger_share: float = 0.5  # favors logged as owed (explicit) or as repaying
    min_counted: int = 3  # ...at least this many of them
    quick_return_days: int = 14  # a repayment within this many days is tit for tat

    # ---- one-sided -----------------------------------------------------------------------
    one_sided_share: float = 0.8  # share of the window's favor weight going one way
    one_sided_min_weight: int = 10
    one_sided_min_favors: int = 5
    # A one-way flow of gifts (nothing expected back) among warm moments is
    # generosity, not a ledger: it needs this share of favors with expectations.
    one_sided_expectation_share: float = 0.4

    # ---- contact on demand ---------------------------------------------------------------
    on_demand_days: int = 3  # a moment this close to a favor is "around" it
    on_demand_share: float = 0.7
    on_demand_min_moments: int = 4
    # Beyond what chance gives: the share of the window's days that lie around a
    # favor is where moments would fall if they ignored the favors.
    on_demand_excess: float = 0.35

    # ---- cooling ---------------------------------------------------------------------------
    cooling_drop: float = 1.0  # fall in average warmth, window against the past
    cooling_max_recent: float = 3.0  # ...to an average no higher than this
    cooling_min_rated: int = 3  # moments with a warmth, in each period
    cooling_min_recent_favors: int = 2  # "while favors go on"

    # ---- turning --------------------------------------------------------------------------
    turn_rise: float = 0.3  # rise in the counted or favor share, window against the past

    # ---- the index and the prompts ----------------------------------------------------
    prompt_min_index: int = 35  # no person-level prompt below this index
    weekly_prompt_budget: int = 3  # new questions in any 7 days across the journal
    # A log that tips a relationship may raise this many more that week, about
    # the people in it, shown right then on their page: it answers what the
    # user just did, so the sweep that spent the budget must not silence it.
    after_log_prompts: int = 2
    # No new question while this many wait unanswered: they never pile up.
    max_waiting: int = 9
    # A question the rules have not raised for this many days closes itself.
    resolve_after_days: int = 14
    # "Not transactional" keeps the person quiet this long, and after that
    # until the index rises this much above what it was when dismissed.
    dismiss_quiet_days: int = 182
    dismiss_reopen_rise: int = 20

    # ---- coalitions --------------------------------------------------------------------------
    commitment_spread: int = 3  # max minus min commitment (mine included), 1–5 scale
    stale_action_days: int = 120  # an active coalition with no joint action this long
    coalition_min_members: int = 2
    # A coalition this new is still being set up: its members are not judged yet.
    coalition_grace_days: int = 14


DEFAULTS = Thresholds()
