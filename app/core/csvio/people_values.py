"""Values of people from other programs, as Kith spells them: birthdays, phones.

Birthdays come as `1985-04-12`, `19850412`, `--04-12`, `--0412`, a timestamp
(`1985-04-12T00:00:00Z`), Apple's year-less `1604-04-12` with
X-APPLE-OMIT-YEAR, or Outlook's `4/12/1985` (month first; `0/0/00` for none).
Kith stores `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from app.core import validation as v
from app.core.errors import ValidationError

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$", re.ASCII), "{0}-{1}-{2}"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T.*)?$", re.ASCII), "{0}-{1}-{2}"),
    (re.compile(r"^--(\d{2})-?(\d{2})$", re.ASCII), "--{0}-{1}"),
)
_OUTLOOK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$", re.ASCII)
_NO_YEAR = "1604"  # Apple's stand-in year (with X-APPLE-OMIT-YEAR)


def parse_birthday(text: str, year_omitted: bool = False) -> str | None:
    """Kith's spelling of a birthday, None when there is none; ValueError if unreadable."""
    text = text.strip()
    if not text or text in ("0/0/00", "0/0/0000"):
        return None
    outlook = _OUTLOOK.match(text)
    if outlook:
        month, day, year = outlook.groups()
        if len(year) == 2:
            raise ValueError("a two-digit year")
        text = f"{year}-{int(month):02d}-{int(day):02d}"
    for pattern, spelling in _PATTERNS:
        found = pattern.match(text)
        if found:
            parts = found.groups()
            if len(parts) == 3 and (year_omitted or parts[0] == _NO_YEAR):
                parts = parts[1:]
                spelling = "--{0}-{1}"
            try:
                return v.birthday(spelling.format(*parts))
            except ValidationError as error:
                raise ValueError(str(error)) from None
    raise ValueError("not a date")


def birthday_of(values: Iterable[Any], params: dict[str, list[str]]) -> tuple[str | None, str]:
    """(birthday, "" or a sentence saying why a birthday given was left out)."""
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        try:
            return parse_birthday(text, "X-APPLE-OMIT-YEAR" in params), ""
        except ValueError:
            return None, f"birthday {text!r} not understood, left out"
    return None, ""


def first_of(values: Iterable[str]) -> str:
    """The first value that is not blank, stripped."""
    for value in values:
        if value.strip():
            return value.strip()
    return ""


def phone_of(value: str) -> str:
    """A phone number without the `tel:` of a vCard 4 URI."""
    value = value.strip()
    return value[4:] if value.lower().startswith("tel:") else value
