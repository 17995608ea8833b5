"""Per-person figures as of a date, read in one pass over the whole journal.

Everything the signals need is a count, a sum or an average over a window of
dates: SQLite aggregates the favors of each window, Python sums the moments of
both windows from one read, and each person's running totals (PersonTotals)
give everything earlier. The same reads with a contact filter re-evaluate one
person.
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


class PersonStats(NamedTuple):
    """What the record shows about one person, split into recent and earlier.

    A tuple, not a frozen dataclass: the whole-journal pass makes 10,000 of
    them, and a frozen dataclass's 27 guarded assignments cost 0.05 s more.
    """

    contact_id: int
    name: str
    tie: str
    favors_recent: int = 0
    favors_earlier: int = 0
    ledger_recent: int = 0  # recent favors logged as owed (explicit) or as repaying
    ledger_earlier: int = 0
    repays_recent: int = 0  # recent favors that repay an earlier one
    quick_returns_recent: int = 0  # ...within the quick-return window
    repay_days_recent: float = 0.0  # total days between a favor and its repayment
    given_recent: int = 0
    received_recent: int = 0
    weight_given_year: int = 0
    weight_received_year: int = 0
    favors_year: int = 0
    expecting_year: int = 0  # the year's favors with an expectation (implicit or explicit)
    moments_recent: int = 0
    moments_earlier: int = 0
    warmth_recent_total: int = 0
    warmth_recent_rated: int = 0
    warmth_earlier_total: int = 0
    warmth_earlier_rated: int = 0
    moments_year: int = 0
    moments_year_near_favor: int = 0

    @property
    def entries_recent(self) -> int:
        return self.favors_recent + self.moments_recent

    @property
    def entries_earlier(self) -> int:
        return self.favors_earlier + self.moments_earlier

    @property
    def warmth_recent(self) -> float | None:
        return (
            self.warmth_recent_total / self.warmth_recent_rated
            if self.warmth_recent_rated
            else None
        )

    @property
    def warmth_earlier(self) -> float | None:
        rated = self.warmth_earlier_rated
        return self.warmth_earlier_total / rated if rated else None


# The recent window and the year come from the entries themselves (index ranges
# over their dates: about a tenth of the demo journal); everything earlier is
# the person's running total (PersonTotals) less what came after the recent
# window began. "After" counts include entries dated past `as_of`, which the
# totals hold too. One query per window: each row evaluates only its window's
# sums (together 0.10 s on the demo, against 0.15 s for one query doing both).
# The unary + keeps SQLite on the date index, reading only the window and
# grouping in a small temporary b-tree.
_FAVORS_RECENT = """
SELECT f.contact_id, f.occurred_on > :as_of AS later,
       count(*),
       sum(f.expectation = 'explicit' OR f.returns_favor_id IS NOT NULL) AS ledger,
       count(r.id) AS repays,
       sum(julianday(f.occurred_on) - julianday(r.occurred_on) <= :quick) AS quick,
       total(julianday(f.occurred_on) - julianday(r.occurred_on)) AS repay_days,
       sum(f.direction = 'given') AS given
FROM favors f
LEFT JOIN favors r ON r.id = f.returns_favor_id AND r.deleted_at IS NULL
WHERE f.deleted_at IS NULL AND f.occurred_on > :recent {only}
GROUP BY +f.contact_id, later
"""

_FAVORS_YEAR = """
SELECT f.contact_id,
       total(CASE f.direction WHEN 'given' THEN f.weight END) AS weight_given,
       total(CASE f.direction WHEN 'received' THEN f.weight END) AS weight_received,
       count(*) AS favors_year,
       sum(f.expectation != 'none') AS expecting_year
FROM favors f
WHERE f.deleted_at IS NULL AND f.occurred_on > :year AND f.occurred_on <= :as_of {only}
GROUP BY +f.contact_id
"""

# The moments of both windows (the recent one and the year), and those dated
# past `as_of`, in one read: one integer per person and day, (person << 22) +
# Julian day, with the moment's warmth. Python sums them, and matches the
# year's against the favors around them (a correlated lookup per moment cost
# SQLite about 0.4 s on the demo; reading the windows in two queries, 55 ms more).
# A date SQLite cannot read (none should be stored) counts as day 0: outside
# every window, where it cannot stop the pass.
_MOMENTS = """
SELECT (ip.contact_id << 22) + coalesce(CAST(julianday(i.occurred_on) AS INTEGER), 0), i.warmth
FROM interactions i JOIN interaction_participants ip ON ip.interaction_id = i.id
WHERE i.deleted_at IS NULL AND i.occurred_on > :moments_since {only}
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


def person_stats(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds,
    contact_ids: Collection[int] | None = None,
) -> dict[int, PersonStats]:
    """Figures for every live person (or only `contact_ids`), counting entries up to `as_of`."""
    if contact_ids is not None and len(contact_ids) > _MANY:
        # Past a few hundred people, walking each one's index costs more than
        # reading the windows once (1,000 of the demo's people: 0.75 s against 0.6 s).
        everyone = person_stats(journal, as_of, thresholds)
        return {c: everyone[c] for c in contact_ids if c in everyone}
    year = as_of - dt.timedelta(days=thresholds.year_days)
    recent = as_of - dt.timedelta(days=thresholds.recent_days)
    params: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "recent": recent.isoformat(),
        "year": year.isoformat(),
        "year_margin": (year - dt.timedelta(days=thresholds.on_demand_days)).isoformat(),
        "moments_since": min(year, recent).isoformat(),
        "quick": thresholds.quick_return_days,
    }
    if contact_ids is not None:
        params["ids"] = list(contact_ids)
    filters = {
        _PEOPLE: "AND c.id IN :ids",
        _FAVORS_RECENT: "AND f.contact_id IN :ids",
        _FAVORS_YEAR: "AND f.contact_id IN :ids",
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

    # The driver's own rows: SQLAlchemy's per-row wrapping cost about a quarter
    # of a second over the 140,000 rows of the 500k demo. Each connection reads
    # in one transaction. (The whole journal's two transactions may straddle a
    # write that lands between their first reads: one person's figures then mix
    # before and after it, until that person is read again, as every change has
    # them read again.)
    with journal.engine.connect() as connection, connection.begin():
        beside = (
            # The favors (their days, their sums) and the people, on another thread
            # while this one works through the moments (about 120 ms less on the demo).
            read_beside(journal, [Statement(*compiled(sql), _WIDTH[sql]) for sql in _SUMMED])
            if contact_ids is None and has_json(connection)
            else nullcontext(None)
        )
        with beside as summed:
            cursor = driver(connection).cursor()
            try:
                moment_rows = cursor.execute(*compiled(_MOMENTS)).fetchall()
                if summed is not None:
                    near = summed.rows(0)
                else:
                    near, recent_rows, year_rows, people = (
                        cursor.execute(*compiled(sql)).fetchall() for sql in _SUMMED
                    )
                moments, year_totals, year_near = _moment_figures(
                    moment_rows,
                    near,
                    _Days(_day_number(recent), _day_number(year), _day_number(as_of)),
                    thresholds.on_demand_days,
                )
                del moment_rows, near
                if summed is not None:
                    recent_rows, year_rows, people = (summed.rows(i) for i in range(1, 4))
            finally:
                cursor.close()

    # [count, ledger, repays, quick returns, repay days, given] within the window,
    # then [count, ledger] of everything after it began (past `as_of` too).
    recent_favors: dict[int, list[Any]] = {}
    for contact_id, later, count, ledger, repays, quick, repay_days, given in recent_rows:
        totals = recent_favors.setdefault(contact_id, [0, 0, 0, 0, 0.0, 0, 0, 0])
        if not later:
            totals[0:6] = count, ledger or 0, repays, quick or 0, repay_days, given or 0
        totals[6] += count
        totals[7] += ledger or 0
    year_favors = {row[0]: row[1:] for row in year_rows}

    # Positional, in PersonStats' field order: 10,000 keyword calls cost a tenth
    # of a second more on the demo.
    result: dict[int, PersonStats] = {}
    for contact_id, name, tie, all_favors, all_ledger, all_moments, all_warmth, all_rated in people:
        r = recent_favors.get(contact_id, _NO_RECENT_FAVORS)
        y = year_favors.get(contact_id, _NO_YEAR_FAVORS)
        m = moments.get(contact_id, _NO_MOMENTS)
        result[contact_id] = PersonStats(
            contact_id,
            name,
            str(tie),
            r[0],  # favors_recent
            _left(all_favors, r[6]),  # favors_earlier
            r[1],  # ledger_recent
            _left(all_ledger, r[7]),  # ledger_earlier
            r[2],  # repays_recent
            r[3],  # quick_returns_recent
            float(r[4]),  # repay_days_recent
            r[5],  # given_recent
            r[0] - r[5],  # received_recent
            int(y[0] or 0),  # weight_given_year
            int(y[1] or 0),  # weight_received_year
            y[2] or 0,  # favors_year
            y[3] or 0,  # expecting_year
            m[0],  # moments_recent
            _left(all_moments, m[3]),  # moments_earlier
            m[1],  # warmth_recent_total
            m[2],  # warmth_recent_rated
            _left(all_warmth, m[4]),  # warmth_earlier_total
            _left(all_rated, m[5]),  # warmth_earlier_rated
            year_totals.get(contact_id, 0),  # moments_year
            year_near.get(contact_id, 0),  # moments_year_near_favor
        )
    return result


_NO_RECENT_FAVORS = (0, 0, 0, 0, 0.0, 0, 0, 0)
_NO_YEAR_FAVORS = (0,) * 4
_NO_MOMENTS = (0,) * 6
_DAY_MASK = (1 << _DAY_BITS) - 1
# SQLite's julianday() of a date, truncated, less Python's ordinal of the same date.
_JULIAN_OFFSET = 1_721_424


def _day_number(day: dt.date) -> int:
    """The day as the keys spell it: CAST(julianday(day) AS INTEGER)."""
    return day.toordinal() + _JULIAN_OFFSET


class _Days(NamedTuple):
    """Where the windows begin (after `recent`, after `year`) and end (`as_of`), as day numbers."""

    recent: int
    year: int
    as_of: int


# Read beside the moments (see `side_reads`), in this order, with how many
# columns each gives: the favors' days first (the moments' figures need them),
# then the favors' sums and the people.
_SUMMED = (_NEAR_FAVORS, _FAVORS_RECENT, _FAVORS_YEAR, _PEOPLE)
_WIDTH = {_NEAR_FAVORS: 1, _FAVORS_RECENT: 8, _FAVORS_YEAR: 5, _PEOPLE: 8}


def _left(total: int | None, after: int | None) -> int:
    """What a running total held before the window: the total less what came after."""
    return max(0, (total or 0) - (after or 0))


def _moment_figures(
    rows: list[Any], favors: list[Any], days: _Days, reach_days: int
) -> tuple[dict[int, list[int]], dict[int, int], dict[int, int]]:
    """Per person, from their moments since the earlier window began (past `as_of` too):

    - [count, warmth, rated] of the recent window, then the same of all after it began;
    - the year's moments;
    - how many of those fall within `reach_days` of a favor.

    Each row is (person << 22) + day number, and the moment's warmth. One sorted
    list of the favors' keys serves everyone: a moment is near a favor when the
    first favor not before `day - reach_days` is no later than `day + reach_days`.
    """
    reach = sorted(key for (key,) in favors)
    last = len(reach)
    recent: dict[int, list[int]] = {}
    totals: dict[int, int] = {}
    near: dict[int, int] = {}
    for key, warmth in rows:
        contact_id = key >> _DAY_BITS
        day = key & _DAY_MASK
        if day > days.recent:
            figures = recent.get(contact_id)
            if figures is None:
                figures = recent[contact_id] = [0, 0, 0, 0, 0, 0]
            figures[3] += 1
            if warmth is not None:
                figures[4] += warmth
                figures[5] += 1
            if day <= days.as_of:
                figures[0] += 1
                if warmth is not None:
                    figures[1] += warmth
                    figures[2] += 1
        if days.year < day <= days.as_of:
            totals[contact_id] = totals.get(contact_id, 0) + 1
            first = bisect_left(reach, key - reach_days)
            if first < last and reach[first] <= key + reach_days:
                near[contact_id] = near.get(contact_id, 0) + 1
    return recent, totals, near
