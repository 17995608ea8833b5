"""Per-person figures as of a date, read in one pass over the whole journal.

The last year is cut into four spans ("buckets", newest first: the last
`short_days`, up to twice that, up to `recent_days`, up to `year_days`), and
everything before the year is a fifth. Each of the engine's windows is the
newest buckets taken together, and what lies before a window is that
person's "own past" (see signals.py). Inside the year every figure is counted
per bucket: SQLite sums the favors, Python sums the moments and matches them
against the favors around them. Before the year, each person's running totals
(PersonTotals) less what came after the year began give the favors, the
counted favors and the moments, with their warmth. The same reads with a
contact filter re-evaluate one person.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Collection
from contextlib import nullcontext
from typing import Any, NamedTuple

from sqlalchemy import bindparam, text

from app.core.reflection.thresholds import Thresholds
from app.core.side_reads import Statement, driver, has_json, read_beside
from app.core.store import Journal

BUCKETS = 4  # spans inside the year; index BUCKETS is "before the year"


def edges(t: Thresholds) -> tuple[int, int, int, int]:
    """How many days back each bucket reaches, newest first (each window's length)."""
    short = min(t.short_days, t.recent_days, t.year_days)
    recent = min(max(t.recent_days, short), t.year_days)
    middle = min(max(2 * short, short), recent)
    return (short, middle, recent, t.year_days)


class PersonStats(NamedTuple):
    """What the record shows about one person, bucket by bucket, newest first.

    Tuples of five hold the four spans of the year and then everything before
    it; tuples of four, the year's spans only (those figures are not kept in
    the running totals). A NamedTuple, not a frozen dataclass: the whole-journal
    pass makes 10,000 of them.
    """

    contact_id: int
    name: str
    tie: str
    favors: tuple[int, ...]  # 5
    counted: tuple[int, ...]  # 5: logged as owed (explicit) or as repaying another
    moments: tuple[int, ...]  # 5
    warmth_total: tuple[int, ...]  # 5
    warmth_rated: tuple[int, ...]  # 5
    expecting: tuple[int, ...]  # 4: favors with any expectation, or repaying
    given: tuple[int, ...]  # 4: favors from me
    weight_given: tuple[int, ...]  # 4
    weight_received: tuple[int, ...]  # 4
    repays: tuple[int, ...]  # 4: favors that repay an earlier one
    quick: tuple[int, ...]  # 4: ...within the quick-return window
    repay_days: tuple[float, ...]  # 4: total days from a favor to its repayment
    near: tuple[int, ...]  # 4: moments within `on_demand_days` of a favor
    covered: tuple[int, ...]  # 4: days within `on_demand_days` of a favor


# Favors after the year began, per person and bucket (-1: dated past `as_of`,
# which the running totals hold too). The unary + keeps SQLite on the date
# index, reading only the year and grouping in a small temporary b-tree.
_FAVORS = """
SELECT f.contact_id,
       CASE WHEN f.occurred_on > :as_of THEN -1
            WHEN f.occurred_on > :b0 THEN 0
            WHEN f.occurred_on > :b1 THEN 1
            WHEN f.occurred_on > :b2 THEN 2 ELSE 3 END AS bucket,
       count(*),
       sum(f.expectation = 'explicit' OR f.returns_favor_id IS NOT NULL) AS counted,
       sum(f.expectation != 'none' OR f.returns_favor_id IS NOT NULL) AS expecting,
       sum(f.direction = 'given') AS given,
       total(CASE f.direction WHEN 'given' THEN f.weight END) AS weight_given,
       total(CASE f.direction WHEN 'received' THEN f.weight END) AS weight_received,
       count(r.id) AS repays,
       sum(julianday(f.occurred_on) - julianday(r.occurred_on) <= :quick) AS quick,
       total(julianday(f.occurred_on) - julianday(r.occurred_on)) AS repay_days
FROM favors f
LEFT JOIN favors r ON r.id = f.returns_favor_id AND r.deleted_at IS NULL
WHERE f.deleted_at IS NULL AND f.occurred_on > :year {only}
GROUP BY +f.contact_id, bucket
"""

# The moments since the year began (and those dated past `as_of`) in one read:
# one integer per person and day, (person << 22) + Julian day, with the
# moment's warmth. Python sums them, and matches them against the favors
# around them. A date SQLite cannot read (none should be stored) counts as
# day 0: outside every window, where it cannot stop the pass.
_MOMENTS = """
SELECT (ip.contact_id << 22) + coalesce(CAST(julianday(i.occurred_on) AS INTEGER), 0), i.warmth
FROM interactions i JOIN interaction_participants ip ON ip.interaction_id = i.id
WHERE i.deleted_at IS NULL AND i.occurred_on > :year {only}
"""
_DAY_BITS = 22
# More people than this are read with the whole journal's queries, then picked.
_MANY = 300

_NEAR_FAVORS = """
SELECT (f.contact_id << 22) + coalesce(CAST(julianday(f.occurred_on) AS INTEGER), 0)
FROM favors f
WHERE f.deleted_at IS NULL AND f.occurred_on > :year_margin AND f.occurred_on <= :as_of {only}
"""

_PEOPLE = """
SELECT c.id, c.name, c.tie, t.favors_given + t.favors_received, t.ledger,
       t.moments, t.warmth_total, t.warmth_rated
FROM contacts c LEFT JOIN person_totals t ON t.contact_id = c.id
WHERE c.deleted_at IS NULL {only}
"""

_SUMMED = (_NEAR_FAVORS, _FAVORS, _PEOPLE)
_WIDTH = {_NEAR_FAVORS: 1, _FAVORS: 11, _PEOPLE: 8}


def person_stats(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds,
    contact_ids: Collection[int] | None = None,
) -> dict[int, PersonStats]:
    """Figures for every live person (or only `contact_ids`), counting entries up to `as_of`."""
    if contact_ids is not None and len(contact_ids) > _MANY:
        # Past a few hundred people, walking each one's index costs more than
        # reading the year once.
        everyone = person_stats(journal, as_of, thresholds)
        return {c: everyone[c] for c in contact_ids if c in everyone}
    reach = edges(thresholds)
    starts = [as_of - dt.timedelta(days=d) for d in reach]
    params: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "b0": starts[0].isoformat(),
        "b1": starts[1].isoformat(),
        "b2": starts[2].isoformat(),
        "year": starts[3].isoformat(),
        "year_margin": (starts[3] - dt.timedelta(days=thresholds.on_demand_days)).isoformat(),
        "quick": thresholds.quick_return_days,
    }
    if contact_ids is not None:
        params["ids"] = list(contact_ids)
    filters = {
        _PEOPLE: "AND c.id IN :ids",
        _FAVORS: "AND f.contact_id IN :ids",
        _MOMENTS: "AND ip.contact_id IN :ids",
        _NEAR_FAVORS: "AND f.contact_id IN :ids",
    }

    def compiled(sql: str) -> tuple[str, list[Any]]:
        sql = sql.format(only=filters[sql] if contact_ids is not None else "")
        wanted = {n: v for n, v in params.items() if n != "ids" and re.search(rf":{n}\b", sql)}
        statement = text(sql).bindparams(**wanted)
        if contact_ids is not None:
            statement = statement.bindparams(bindparam("ids", params["ids"], expanding=True))
        done = statement.compile(
            dialect=journal.engine.dialect, compile_kwargs={"render_postcompile": True}
        )
        return str(done), [done.params[name] for name in done.positiontup or ()]

    day_edges = tuple(_day_number(s) for s in starts)
    # The driver's own rows: SQLAlchemy's per-row wrapping costs a quarter of a
    # second over the demo's rows. Each connection reads in one transaction.
    with journal.engine.connect() as connection, connection.begin():
        beside = (
            read_beside(journal, [Statement(*compiled(sql), _WIDTH[sql]) for sql in _SUMMED])
            if contact_ids is None and has_json(connection)
            else nullcontext(None)
        )
        with beside as summed:
            cursor = driver(connection).cursor()
            try:
                moment_rows = cursor.execute(*compiled(_MOMENTS)).fetchall()
                if summed is not None:
                    near_rows = summed.rows(0)
                else:
                    near_rows, favor_rows, people = (
                        cursor.execute(*compiled(sql)).fetchall() for sql in _SUMMED
                    )
                favor_days = sorted(key for (key,) in near_rows)
                del near_rows
                moments = _moment_figures(
                    moment_rows,
                    favor_days,
                    day_edges,
                    _day_number(as_of),
                    thresholds.on_demand_days,
                )
                del moment_rows
                covered = _coverage(
                    favor_days, day_edges, _day_number(as_of), thresholds.on_demand_days
                )
                if summed is not None:
                    favor_rows, people = summed.rows(1), summed.rows(2)
            finally:
                cursor.close()

    # Per person, five rows (the year's buckets, then past `as_of`) of
    # [count, counted, expecting, given, weight given, weight received, repays,
    # quick, repay days]; whole numbers but the days.
    favors: dict[int, list[tuple[Any, ...]]] = {}
    for contact_id, bucket, *values in favor_rows:
        rows = favors.get(contact_id)
        if rows is None:
            rows = favors[contact_id] = list(_NO_FAVORS)
        # Bucket -1 (past `as_of`) lands at index BUCKETS: only its counts matter.
        *whole, days = values
        rows[bucket if bucket >= 0 else BUCKETS] = (*(int(v or 0) for v in whole), float(days or 0))

    result: dict[int, PersonStats] = {}
    no_cover = _NO_COVER
    for (
        contact_id,
        name,
        tie,
        all_favors,
        all_counted,
        all_moments,
        all_warmth,
        all_rated,
    ) in people:
        f = favors.get(contact_id)
        m = moments.get(contact_id, _NO_MOMENTS)
        columns: list[tuple[Any, ...]]
        if f is None:
            columns = _NO_COLUMNS
            after_favors = after_counted = 0
        else:
            # One transposition gives each figure's four buckets.
            columns = list(zip(*f[:BUCKETS], strict=True))
            after_favors = sum(columns[0]) + f[BUCKETS][0]
            after_counted = sum(columns[1]) + f[BUCKETS][1]
        result[contact_id] = PersonStats(
            contact_id,
            name,
            str(tie),
            (*columns[0], _left(all_favors, after_favors)),
            (*columns[1], _left(all_counted, after_counted)),
            (*m[0:4], _left(all_moments, m[16])),
            (*m[4:8], _left(all_warmth, m[17])),
            (*m[8:12], _left(all_rated, m[18])),
            columns[2],
            columns[3],
            columns[4],
            columns[5],
            columns[6],
            columns[7],
            columns[8],
            tuple(m[12:16]),
            covered.get(contact_id, no_cover),
        )
    return result


_NO_FAVORS = [(0, 0, 0, 0, 0, 0, 0, 0, 0.0)] * (BUCKETS + 1)
_NO_COLUMNS = [(0, 0, 0, 0)] * 8 + [(0.0, 0.0, 0.0, 0.0)]
_NO_MOMENTS = (0,) * 19
_NO_COVER = (0,) * BUCKETS
_DAY_MASK = (1 << _DAY_BITS) - 1
# SQLite's julianday() of a date, truncated, less Python's ordinal of the same date.
_JULIAN_OFFSET = 1_721_424


def _day_number(day: dt.date) -> int:
    """The day as the keys spell it: CAST(julianday(day) AS INTEGER)."""
    return day.toordinal() + _JULIAN_OFFSET


def _left(total: int | None, after: int | None) -> int:
    """What a running total held before the year: the total less what came after."""
    return max(0, (total or 0) - (after or 0))


def _bucket(day: int, starts: tuple[int, ...]) -> int:
    """Which bucket of the year a day (at most `as_of`, after the year began) falls in."""
    if day > starts[0]:
        return 0
    if day > starts[1]:
        return 1
    if day > starts[2]:
        return 2
    return 3


def _moment_figures(
    rows: list[Any], favor_days: list[int], starts: tuple[int, ...], as_of: int, reach: int
) -> dict[int, list[int]]:
    """Per person, from their moments since the year began (past `as_of` too), one list:
    [moments ×4, warmth ×4, rated ×4, near a favor ×4, then after the year began (past
    `as_of` included): moments, warmth, rated].

    Each row is (person << 22) + day number, and the moment's warmth. One sorted
    list of the favors' keys serves everyone: a moment is near a favor when the
    first favor not before `day - reach` is no later than `day + reach`.
    """
    last = len(favor_days)
    found: dict[int, list[int]] = {}
    for key, warmth in rows:
        contact_id = key >> _DAY_BITS
        day = key & _DAY_MASK
        figures = found.get(contact_id)
        if figures is None:
            figures = found[contact_id] = [0] * 19
        figures[16] += 1
        if warmth is not None:
            figures[17] += warmth
            figures[18] += 1
        if day > as_of or day <= starts[3]:
            continue
        b = _bucket(day, starts)
        figures[b] += 1
        if warmth is not None:
            figures[4 + b] += warmth
            figures[8 + b] += 1
        first = bisect_left(favor_days, key - reach)
        if first < last and favor_days[first] <= key + reach:
            figures[12 + b] += 1
    return found


def _coverage(
    favor_days: list[int], starts: tuple[int, ...], as_of: int, reach: int
) -> dict[int, tuple[int, ...]]:
    """Per person, how many days of each bucket lie within `reach` days of one of their
    favors: where a moment would fall "around a favor" by chance alone."""
    covered: dict[int, list[int]] = {}
    bounds = [(starts[b], as_of if b == 0 else starts[b - 1]) for b in range(BUCKETS)]

    def add(contact_id: int, low: int, high: int) -> None:
        # The days low..high (inclusive), clipped to each bucket's (start, end].
        days = covered.setdefault(contact_id, [0] * BUCKETS)
        for b, (start, end) in enumerate(bounds):
            overlap = min(high, end) - max(low, start + 1) + 1
            if overlap > 0:
                days[b] += overlap

    person = -1
    low = high = 0
    for key in favor_days:
        contact_id, day = key >> _DAY_BITS, key & _DAY_MASK
        if contact_id != person:
            if person >= 0:
                add(person, low, high)
            person, low, high = contact_id, day - reach, day + reach
        elif day - reach <= high + 1:
            high = max(high, day + reach)
        else:
            add(person, low, high)
            low, high = day - reach, day + reach
    if person >= 0:
        add(person, low, high)
    return {c: tuple(days) for c, days in covered.items()}
