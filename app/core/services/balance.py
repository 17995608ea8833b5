"""The balance between me and one person over time: what a person's chart draws.

Favors count by their weight (1–5), as in the totals and the reflection engine:
a life-changing favor is not one small one. The running balance is the weight I
gave minus the weight I received, so it is positive when I have given more. Moments
come with their average warmth on the same time axis, so that a turn toward a
ledger (favors going on, the balance swinging, warmth falling) shows at a glance.

Everything is summed by SQLite per month (per week for a history shorter than half
a year): a person with thousands of entries gives a few dozen rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import text

from app.core.models import Contact as ContactModel
from app.core.reflection.thresholds import Thresholds
from app.core.services import settings
from app.core.services._common import live
from app.core.store import Journal

Bucket = Literal["month", "week"]

# A history shorter than this is shown week by week: a few months would be a few bars.
WEEKLY_SPAN_DAYS = 183

# SQLite date expressions for the first day of an entry's bucket (weeks start on Monday).
_BUCKETS: dict[Bucket, str] = {
    "month": "strftime('%Y-%m-01', {day})",
    "week": "date({day}, '-6 days', 'weekday 1')",
}

_FAVORS = """
SELECT {bucket} AS start,
       sum(direction = 'given'), sum(direction = 'received'),
       total(CASE WHEN direction = 'given' THEN weight END),
       total(CASE WHEN direction = 'received' THEN weight END)
FROM favors
WHERE contact_id = :contact AND deleted_at IS NULL AND occurred_on <= :as_of
GROUP BY start
"""

_MOMENTS = """
SELECT {bucket} AS start, count(*), total(i.warmth), count(i.warmth)
FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
WHERE ip.contact_id = :contact AND i.deleted_at IS NULL AND i.occurred_on <= :as_of
GROUP BY start
"""


@dataclass(frozen=True)
class BalancePoint:
    """One month (or week) with something logged in it."""

    start: dt.date  # the bucket's first day
    favors_given: int
    favors_received: int
    weight_given: int
    weight_received: int
    balance: int  # weight given minus received, everything up to the bucket's end
    moments: int
    warmth: float | None  # the average warmth of the bucket's rated moments

    @property
    def favors(self) -> int:
        return self.favors_given + self.favors_received


@dataclass(frozen=True)
class BalanceSeries:
    """A person's favors, running balance and moments, bucket by bucket, oldest first.

    Only buckets with something logged are listed; the time axis runs from the first
    bucket's start to `as_of`. `recent_from` is where the reflection engine's "recent"
    window begins, so the chart can mark the stretch the prompts compare.
    """

    contact_id: int
    as_of: dt.date
    bucket: Bucket
    points: tuple[BalancePoint, ...]
    recent_from: dt.date

    @property
    def empty(self) -> bool:
        """Nothing logged with this person (up to `as_of`)."""
        return not self.points

    @property
    def start(self) -> dt.date:
        """Where the time axis begins: the first bucket (or `as_of` when empty)."""
        return self.points[0].start if self.points else self.as_of

    def favor_points(self) -> list[BalancePoint]:
        """Buckets with favors: the bars and the running-balance line."""
        return [p for p in self.points if p.favors]

    def warmth_points(self) -> list[BalancePoint]:
        """Buckets with at least one rated moment: the warmth line."""
        return [p for p in self.points if p.warmth is not None]


def bucket_end(start: dt.date, bucket: Bucket) -> dt.date:
    """The last day of the month or week that begins on `start`."""
    if bucket == "week":
        return start + dt.timedelta(days=6)
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def balance_series(
    journal: Journal, contact_id: int, as_of: dt.date, thresholds: Thresholds | None = None
) -> BalanceSeries:
    """A person's chart series up to `as_of` (NotFoundError if missing or trashed).

    `thresholds` place the "recent" window; without them, the journal's own."""
    params = {"contact": contact_id, "as_of": as_of.isoformat()}
    with journal.session() as session:
        live(session, ContactModel, contact_id)
        connection = session.connection()

        def grouped(bucket: Bucket) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
            favors = _FAVORS.format(bucket=_BUCKETS[bucket].format(day="occurred_on"))
            moments = _MOMENTS.format(bucket=_BUCKETS[bucket].format(day="i.occurred_on"))
            return (
                [tuple(row) for row in connection.execute(text(favors), params)],
                [tuple(row) for row in connection.execute(text(moments), params)],
            )

        bucket: Bucket = "month"
        favor_rows, moment_rows = grouped(bucket)
        starts = [row[0] for row in favor_rows + moment_rows]
        if starts:
            first = dt.date.fromisoformat(min(starts))
            if (as_of - first).days < WEEKLY_SPAN_DAYS:
                bucket = "week"
                favor_rows, moment_rows = grouped(bucket)
    recent_days = (thresholds or settings.thresholds(journal)).recent_days
    recent_from = as_of - dt.timedelta(days=recent_days)
    return BalanceSeries(contact_id, as_of, bucket, _points(favor_rows, moment_rows), recent_from)


def _points(
    favor_rows: list[tuple[Any, ...]], moment_rows: list[tuple[Any, ...]]
) -> tuple[BalancePoint, ...]:
    """Favor and moment buckets merged by date, with the balance running through them."""
    favors = {row[0]: row[1:] for row in favor_rows}
    moments = {row[0]: row[1:] for row in moment_rows}
    points: list[BalancePoint] = []
    balance = 0
    for start in sorted(favors.keys() | moments.keys()):
        n_given, n_received, w_given, w_received = favors.get(start, (0, 0, 0, 0))
        count, warmth_total, rated = moments.get(start, (0, 0, 0))
        balance += int(w_given) - int(w_received)
        points.append(
            BalancePoint(
                dt.date.fromisoformat(start),
                int(n_given or 0),
                int(n_received or 0),
                int(w_given),
                int(w_received),
                balance,
                int(count),
                warmth_total / rated if rated else None,
            )
        )
    return tuple(points)
