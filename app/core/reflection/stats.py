"""Per-person figures as of a date, computed by SQLite in two aggregate passes.

Everything the signals need is a count, a sum or an average over a window of
dates, so one GROUP BY over favors and one over moments give the whole journal
at once; the same SQL with a contact filter re-evaluates one person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text

from app.core.reflection.thresholds import Thresholds
from app.core.store import Journal


@dataclass(frozen=True)
class PersonStats:
    """What the record shows about one person, split into recent and earlier."""

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


_FAVORS = """
SELECT f.contact_id,
       sum(f.occurred_on > :recent) AS favors_recent,
       sum(f.occurred_on <= :recent) AS favors_earlier,
       sum(f.occurred_on > :recent
           AND (f.expectation = 'explicit' OR f.returns_favor_id IS NOT NULL)) AS ledger_recent,
       sum(f.occurred_on <= :recent
           AND (f.expectation = 'explicit' OR f.returns_favor_id IS NOT NULL)) AS ledger_earlier,
       sum(f.occurred_on > :recent AND r.id IS NOT NULL) AS repays_recent,
       sum(f.occurred_on > :recent AND r.id IS NOT NULL
           AND julianday(f.occurred_on) - julianday(r.occurred_on) <= :quick) AS quick_recent,
       total(CASE WHEN f.occurred_on > :recent AND r.id IS NOT NULL
                  THEN julianday(f.occurred_on) - julianday(r.occurred_on) END) AS repay_days,
       sum(f.occurred_on > :recent AND f.direction = 'given') AS given_recent,
       sum(f.occurred_on > :recent AND f.direction = 'received') AS received_recent,
       total(CASE WHEN f.occurred_on > :year AND f.direction = 'given' THEN f.weight END),
       total(CASE WHEN f.occurred_on > :year AND f.direction = 'received' THEN f.weight END),
       sum(f.occurred_on > :year) AS favors_year,
       sum(f.occurred_on > :year AND f.expectation != 'none') AS expecting_year
FROM favors f
LEFT JOIN favors r ON r.id = f.returns_favor_id AND r.deleted_at IS NULL
WHERE f.deleted_at IS NULL AND +f.occurred_on <= :as_of {only}
GROUP BY +f.contact_id
"""

# The unary + (here and in _FAVORS) keeps SQLite from walking an index and then
# fetching rows in random order: a plain scan in table order is 3-4x faster on
# the 500k demo (see contacts.moment_totals). Grouping by period (0 earlier
# than a year, 1 within the year, 2 recent) keeps each row's work to one CASE.
_MOMENTS = """
SELECT ip.contact_id,
       (i.occurred_on > :recent) + (i.occurred_on > :year) AS period,
       count(*), total(i.warmth), count(i.warmth)
FROM interaction_participants ip
JOIN interactions i ON i.id = ip.interaction_id
WHERE i.deleted_at IS NULL AND +i.occurred_on <= :as_of {only}
GROUP BY +ip.contact_id, period
"""

# Contact on demand: the year's moments and the favors around them, matched in
# Python (a correlated lookup per moment cost SQLite about 0.4 s on the demo).
_YEAR_MOMENTS = """
SELECT ip.contact_id, CAST(julianday(i.occurred_on) AS INTEGER)
FROM interactions i JOIN interaction_participants ip ON ip.interaction_id = i.id
WHERE i.deleted_at IS NULL AND i.occurred_on > :year AND i.occurred_on <= :as_of {only}
"""

_NEAR_FAVORS = """
SELECT f.contact_id, CAST(julianday(f.occurred_on) AS INTEGER) FROM favors f
WHERE f.deleted_at IS NULL AND f.occurred_on > :year_margin AND f.occurred_on <= :as_of {only}
"""

_PEOPLE = """
SELECT id, name, tie FROM contacts WHERE deleted_at IS NULL {only}
"""


def person_stats(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds,
    contact_ids: Collection[int] | None = None,
) -> dict[int, PersonStats]:
    """Figures for every live person (or only `contact_ids`), counting entries up to `as_of`."""
    year = as_of - dt.timedelta(days=thresholds.year_days)
    params: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "recent": (as_of - dt.timedelta(days=thresholds.recent_days)).isoformat(),
        "year": year.isoformat(),
        "year_margin": (year - dt.timedelta(days=thresholds.on_demand_days)).isoformat(),
        "quick": thresholds.quick_return_days,
    }
    if contact_ids is not None:
        params["ids"] = list(contact_ids)
    filters = {
        _PEOPLE: "AND id IN :ids",
        _FAVORS: "AND f.contact_id IN :ids",
        _MOMENTS: "AND ip.contact_id IN :ids",
        _YEAR_MOMENTS: "AND ip.contact_id IN :ids",
        _NEAR_FAVORS: "AND f.contact_id IN :ids",
    }

    def run(sql: str) -> list[Any]:
        sql = sql.format(only=filters[sql] if contact_ids is not None else "")
        wanted = {n: v for n, v in params.items() if n != "ids" and re.search(rf":{n}\b", sql)}
        statement = text(sql).bindparams(**wanted)
        if contact_ids is not None:
            statement = statement.bindparams(bindparam("ids", params["ids"], expanding=True))
        with journal.engine.connect() as connection:
            # The driver's own rows: SQLAlchemy's per-row wrapping cost about a
            # quarter of a second over the 140,000 rows of the 500k demo.
            compiled = statement.compile(
                dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
            )
            ordered = [compiled.params[name] for name in compiled.positiontup or ()]
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                rows: list[Any] = cursor.execute(str(compiled), ordered).fetchall()
                return rows
            finally:
                cursor.close()

    if contact_ids is not None and len(params["ids"]) <= 50:
        people, favor_rows, moment_rows, year_moments, near = map(
            run, (_PEOPLE, _FAVORS, _MOMENTS, _YEAR_MOMENTS, _NEAR_FAVORS)
        )
    else:
        # The two big scans run side by side: sqlite3 releases the GIL while it works,
        # and a WAL journal lets several readers in at once.
        with ThreadPoolExecutor(max_workers=2) as pool:
            moments_job = pool.submit(run, _MOMENTS)
            favors_job = pool.submit(run, _FAVORS)
            people, year_moments, near = map(run, (_PEOPLE, _YEAR_MOMENTS, _NEAR_FAVORS))
            moment_rows, favor_rows = moments_job.result(), favors_job.result()

    favors = {row[0]: row[1:] for row in favor_rows}
    moments: dict[int, list[int]] = {}
    for contact_id, period, count, warmth_total, rated in moment_rows:
        totals = moments.setdefault(contact_id, [0, 0, 0, 0, 0, 0])
        recent = period == 2
        totals[0 if recent else 1] += count
        totals[2 if recent else 4] += int(warmth_total)
        totals[3 if recent else 5] += rated
    near_counts = _moments_near_favors(year_moments, near, thresholds.on_demand_days)

    result: dict[int, PersonStats] = {}
    for contact_id, name, tie in people:
        fields: dict[str, Any] = {}
        f = favors.get(contact_id)
        if f is not None:
            fields.update(
                favors_recent=f[0] or 0,
                favors_earlier=f[1] or 0,
                ledger_recent=f[2] or 0,
                ledger_earlier=f[3] or 0,
                repays_recent=f[4] or 0,
                quick_returns_recent=f[5] or 0,
                repay_days_recent=float(f[6] or 0.0),
                given_recent=f[7] or 0,
                received_recent=f[8] or 0,
                weight_given_year=int(f[9] or 0),
                weight_received_year=int(f[10] or 0),
                favors_year=f[11] or 0,
                expecting_year=f[12] or 0,
            )
        m = moments.get(contact_id)
        if m is not None:
            year_total, year_near = near_counts.get(contact_id, (0, 0))
            fields.update(
                moments_recent=m[0],
                moments_earlier=m[1],
                warmth_recent_total=m[2],
                warmth_recent_rated=m[3],
                warmth_earlier_total=m[4],
                warmth_earlier_rated=m[5],
                moments_year=year_total,
                moments_year_near_favor=year_near,
            )
        result[contact_id] = PersonStats(contact_id, name, str(tie), **fields)
    return result


def _moments_near_favors(
    year_moments: list[Any], favors: list[Any], days: int
) -> dict[int, tuple[int, int]]:
    """Per person: the year's moments, and how many fall within `days` of a favor.

    Days come as Julian day numbers; every day within reach of a favor goes into
    one set, so each moment is a single lookup.
    """
    reach = range(-days, days + 1)
    near_days = {(contact_id, day + offset) for contact_id, day in favors for offset in reach}
    counts: dict[int, tuple[int, int]] = {}
    for contact_id, day in year_moments:
        total, near = counts.get(contact_id, (0, 0))
        counts[contact_id] = (total + 1, near + ((contact_id, day) in near_days))
    return counts
