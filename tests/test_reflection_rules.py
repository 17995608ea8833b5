"""Each rule's edge, on figures made by hand (the engine is pure: figures in, a reading out).

Buckets run newest first: the last 61 days, 61-122, 122-182, 182-365, then
everything before the year (see stats.py).
"""

from __future__ import annotations

from app.core.reflection.signals import FIRED_FLOOR, Reading, read_person, rose
from app.core.reflection.stats import PersonStats
from app.core.reflection.thresholds import DEFAULTS

Five = tuple[int, int, int, int, int]
Four = tuple[int, int, int, int]
NONE4: Four = (0, 0, 0, 0)


def figures(
    favors: Five = (0, 0, 0, 0, 0),
    counted: Five = (0, 0, 0, 0, 0),
    moments: Five = (0, 0, 0, 0, 0),
    warmth: tuple[float, float, float, float, float] = (4, 4, 4, 4, 4),
    expecting: Four = NONE4,
    given: Four | None = None,
    near: Four = NONE4,
    covered: Four = NONE4,
    rated: Five | None = None,
) -> PersonStats:
    """A person's figures; warmth is the mean of every moment, all of them rated,
    favors are half given (weight 2 each) unless `given` says otherwise."""
    rated = rated or moments
    given = given or tuple(f // 2 for f in favors[:4])  # type: ignore[assignment]
    assert given is not None
    return PersonStats(
        1,
        "Alex",
        "friend",
        favors,
        counted,
        moments,
        tuple(round(w * r) for w, r in zip(warmth, rated, strict=True)),
        rated,
        expecting,
        given,
        tuple(2 * g for g in given),
        tuple(2 * (f - g) for f, g in zip(favors[:4], given, strict=False)),
        NONE4,
        NONE4,
        (0.0, 0.0, 0.0, 0.0),
        near,
        covered,
    )


def asked(reading: Reading) -> set[str]:
    return {s.rule for s in reading.prompting()}


def test_meeting_around_favors_is_judged_against_what_chance_gives() -> None:
    # A warm past, then 8 moments in the last 4 months, all within 3 days of a favor.
    rare = figures(
        favors=(4, 4, 0, 0, 2),
        expecting=(4, 4, 0, 0),
        moments=(4, 4, 0, 6, 40),
        near=(4, 4, 0, 0),
        covered=(28, 28, 0, 0),  # favors every two weeks: 46% of the days lie around one
    )
    assert "contact_on_demand" in asked(read_person(rare, DEFAULTS))
    # The same moments when favors come every other day: every day is around one.
    dense = rare._replace(covered=(61, 61, 0, 0))
    assert "contact_on_demand" not in asked(read_person(dense, DEFAULTS))


def test_meeting_around_gifts_is_care_not_on_demand() -> None:
    kind = figures(
        favors=(4, 4, 0, 0, 2),
        moments=(4, 4, 0, 6, 40),
        near=(4, 4, 0, 0),
        covered=(20, 20, 0, 0),
        warmth=(4.7, 4.7, 4.5, 4.5, 4.5),
    )
    assert asked(read_person(kind, DEFAULTS)) == set()


def test_with_no_past_a_ledger_is_steady_and_never_asked_about() -> None:
    neighbour = figures(favors=(8, 8, 6, 0, 0), counted=(8, 8, 6, 0, 0), expecting=(8, 8, 6, 0))
    reading = read_person(neighbour, DEFAULTS)
    scorekeeping = next(s for s in reading.signals if s.rule == "scorekeeping")
    assert scorekeeping.fired and scorekeeping.steady
    assert asked(reading) == set() and reading.index < DEFAULTS.prompt_min_index


def test_a_ledger_that_turned_warm_again_is_not_asked_about() -> None:
    # Counted favors in the oldest span of the year; warm moments since.
    recovered = figures(
        favors=(0, 1, 0, 12, 2),
        counted=(0, 0, 0, 12, 0),
        expecting=(0, 0, 0, 12),
        moments=(8, 8, 8, 2, 40),
    )
    assert asked(read_person(recovered, DEFAULTS)) == set()


def test_a_two_month_turn_is_found_by_the_shortest_window() -> None:
    turn = figures(
        favors=(8, 1, 1, 2, 4),
        counted=(7, 0, 0, 0, 0),
        expecting=(7, 0, 0, 0),
        moments=(2, 8, 8, 14, 60),
    )
    reading = read_person(turn, DEFAULTS)
    assert {"scorekeeping", "turning"} <= asked(reading)
    lead = reading.prompting()[0]
    assert "In the last 2 months" in lead.evidence


def test_a_slow_drift_is_found_by_the_year_window() -> None:
    drift = figures(
        favors=(2, 2, 2, 3, 4),
        counted=(2, 2, 1, 2, 0),
        expecting=(2, 2, 2, 2),
        moments=(2, 2, 3, 5, 60),
    )
    reading = read_person(drift, DEFAULTS)
    assert "turning" in asked(reading)


def test_a_few_entries_move_a_long_steady_share_little() -> None:
    # A colleague at 78% counted favors for years, then 7 of 7: no change.
    assert rose(7, 7, 78, 100, DEFAULTS) == 0.0
    # A friend with no counted favors in ten entries, then 3 of 5: a change.
    assert rose(3, 5, 0, 10, DEFAULTS) > DEFAULTS.turn_rise
    # No past at all: no turn, whatever the window holds.
    assert rose(9, 9, 0, 0, DEFAULTS) == 0.0


def test_many_gifts_among_warm_frequent_moments_are_care() -> None:
    mutual_aid = figures(
        favors=(12, 12, 12, 24, 80),
        moments=(14, 14, 14, 28, 100),
        warmth=(4.6, 4.6, 4.6, 4.6, 4.6),
        near=(12, 12, 12, 24),
        covered=(55, 55, 55, 160),
    )
    assert read_person(mutual_aid, DEFAULTS).index < DEFAULTS.prompt_min_index


def test_cooling_alone_asks_and_reads_at_least_the_documented_floor() -> None:
    cooling = figures(
        favors=(2, 2, 1, 0, 2),
        moments=(5, 5, 2, 8, 40),
        warmth=(2.0, 2.2, 4.5, 4.5, 4.6),
    )
    reading = read_person(cooling, DEFAULTS)
    assert asked(reading) == {"cooling"}
    assert reading.index >= FIRED_FLOOR >= DEFAULTS.prompt_min_index


def test_nothing_new_for_this_person_stays_below_where_questions_start() -> None:
    professional = figures(
        favors=(6, 6, 6, 12, 80),
        counted=(3, 3, 3, 6, 40),
        expecting=(6, 6, 6, 12),
        moments=(2, 2, 2, 4, 30),
        warmth=(3, 3, 3, 3, 3),
    )
    reading = read_person(professional, DEFAULTS)
    assert asked(reading) == set() and reading.index < DEFAULTS.prompt_min_index
