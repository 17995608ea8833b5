"""The one place Kith asks what time it is, so tests and `--as-of` can fix it."""

from __future__ import annotations

import datetime as dt


def now_utc() -> dt.datetime:
    """The current moment, timezone-aware UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    """The user's local calendar day."""
    return dt.date.today()
