"""Every number the reflection engine decides with, in one place.

The README's "How Kith decides" explains each one and why it was chosen;
change them together with that text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # ---- windows --------------------------------------------------------------------
    # "Recent" is the last half year: long enough to hold a pattern for someone
    # seen monthly, short enough that a change shows within a season.
    recent_days: int = 182
    # One-sidedness and contact-on-demand look at a whole year, so that a
    # single big favor does not decide them.
    year_days: int = 365

    # ---- enough data before speaking --------------------------------------------------
    min_recent_entries: int = 6  # moments + favors in the recent window
    min_recent_favors: int = 4
    min_earlier_entries: int = 8  # history needed to speak of a "turn"

    # ---- favor-dominated ------------------------------------------------------------
    favor_share: float = 0.6  # favors / (favors + moments), recent window

    # ---- scorekeeping ------------------------------------------------------------------
    ledger_share: float = 0.5  # recent favors logged as owed (explicit) or as repaying
    quick_return_days: int = 14  # a repayment within this many days is tit for tat

    # ---- one-sided -----------------------------------------------------------------------
    one_sided_share: float = 0.8  # share of the year's favor weight going one way
    one_sided_min_weight: int = 10
    one_sided_min_favors: int = 5
    # A one-way flow of gifts (nothing expected back) among warm moments is
    # generosity, not a ledger: it needs this share of favors with expectations.
    one_sided_expectation_share: float = 0.4

    # ---- contact on demand ---------------------------------------------------------------
    on_demand_days: int = 3  # a moment this close to a favor is "around" it
    on_demand_share: float = 0.7
    on_demand_min_moments: int = 4

    # ---- cooling ---------------------------------------------------------------------------
    cooling_drop: float = 1.0  # fall in average warmth, recent against earlier
    cooling_max_recent: float = 3.0  # ...to an average no higher than this
    cooling_min_rated: int = 3  # moments with a warmth, in each period
    cooling_min_recent_favors: int = 2  # "while favors go on"

    # ---- turning --------------------------------------------------------------------------
    turn_rise: float = 0.3  # rise in favor or ledger share, recent against earlier
    turn_max_earlier_share: float = 0.4  # the past must have been mostly time together

    # ---- the index and the prompts ----------------------------------------------------
    prompt_min_index: int = 35  # no person-level prompt below this index
    daily_prompt_cap: int = 3  # new prompts a day across the journal
    # A log that tips a relationship may raise this many more that day, about the
    # people in it, shown right then on their page: it answers what the user just
    # did, so the sweep that filled the daily cap at start-up must not silence it.
    after_log_prompts: int = 2
    # "Not transactional" stays quiet until the index rises this much above
    # what it was when the user dismissed it (the pattern "clearly" changed).
    dismiss_reopen_rise: int = 20

    # ---- coalitions --------------------------------------------------------------------------
    commitment_spread: int = 3  # max minus min commitment (mine included), 1–5 scale
    stale_action_days: int = 120  # an active coalition with no joint action this long
    coalition_min_members: int = 2


DEFAULTS = Thresholds()
