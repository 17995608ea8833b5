"""Checks on every value before it reaches the journal, each failing with one sentence.

A failure raises `ValidationError(field, message)`: the UI shows the message
beside the field it names, the CLI prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TypeVar

from app.core.errors import ValidationError

E = TypeVar("E", bound=StrEnum)

_BIRTHDAY_NO_YEAR = re.compile(r"^--(\d{2})-(\d{2})$", re.ASCII)
MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 100_000


def text(
    field: str, value: str | None, *, required: bool = False, limit: int = MAX_TEXT_LENGTH
) -> str:
    """Free text, stripped of surrounding blanks; `required` refuses an empty one."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError(field, f"The {_label(field)} cannot be empty.")
    if len(cleaned) > limit:
        raise ValidationError(
            field, f"The {_label(field)} {is_or_are(field)} longer than {limit} characters."
        )
    if "\x00" in cleaned:
        raise ValidationError(field, f"The {_label(field)} contains a NUL character.")
    return cleaned


def name(field: str, value: str | None) -> str:
    return text(field, value, required=True, limit=MAX_NAME_LENGTH)


def choice(field: str, value: str | E, enum_cls: type[E]) -> E:
    """One of an enumeration's values, given as the member or its spelling."""
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_cls)
        raise ValidationError(
            field, f"{value!r} is not a valid {_label(field)}; choose one of {allowed}."
        ) from None


def optional_choice(field: str, value: str | E | None, enum_cls: type[E]) -> E | None:
    if value is None or value == "":
        return None
    return choice(field, value, enum_cls)


def one_to_five(field: str, value: int | None, *, required: bool = False) -> int | None:
    """A 1–5 scale (warmth, weight, commitment); None means "not recorded"."""
    if value is None:
        if required:
            raise ValidationError(field, f"The {_label(field)} is required (1 to 5).")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"The {_label(field)} must be a whole number from 1 to 5.")
    if not 1 <= value <= 5:
        raise ValidationError(field, f"The {_label(field)} {value} is not between 1 and 5.")
    return value


def day(field: str, value: dt.date | str | None, *, required: bool = False) -> dt.date | None:
    """A real calendar day, given as a date or as ISO `YYYY-MM-DD`."""
    if value is None or value == "":
        if required:
            raise ValidationError(field, f"The {_label(field)} is required.")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # Only YYYY-MM-DD: Python 3.11's fromisoformat also takes week dates (2024-W09-5).
    # ASCII digits only: fromisoformat would take fullwidth or Arabic-Indic ones too.
    if len(value) != 10 or value[4] != "-" or value[7] != "-" or not value.isascii():
        return _bad_day(field, value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return _bad_day(field, value)


def required_day(field: str, value: dt.date | str | None) -> dt.date:
    parsed = day(field, value, required=True)
    assert parsed is not None
    return parsed


def _bad_day(field: str, value: str) -> dt.date:
    raise ValidationError(
        field, f"{value!r} is not a real date for the {_label(field)}; use YYYY-MM-DD."
    )


def birthday(value: str | dt.date | None) -> str | None:
    """`YYYY-MM-DD`, or `--MM-DD` when the year is unknown (29 February allowed)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _BIRTHDAY_NO_YEAR.match(value)
    if match:
        month, day_of_month = int(match[1]), int(match[2])
        try:
            dt.date(2000, month, day_of_month)  # a leap year, so --02-29 passes
        except ValueError:
            pass
        else:
            return value
        raise ValidationError("birthday", f"{value!r} is not a real day of the year.")
    parsed = day("birthday", value)
    return parsed.isoformat() if parsed else None


def positive_days(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            field, f"The {_label(field)} must be a whole number of days, 1 or more."
        )
    if value > 3660:
        raise ValidationError(field, f"The {_label(field)} must be at most 3660 days (ten years).")
    return value


def date_order(
    start_field: str, start: dt.date | None, end_field: str, end: dt.date | None
) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            end_field, f"The {_label(end_field)} comes before the {_label(start_field)}."
        )


def is_or_are(field: str) -> str:
    """The verb a field's name takes: "the notes are", "the name is"."""
    return "are" if field.endswith("s") and not field.endswith("ss") else "is"


def _label(field: str) -> str:
    return field.replace("_", " ")
