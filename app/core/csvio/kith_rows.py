"""One row of a Kith CSV file, checked cell by cell and turned into stored values.

Each column has a converter that takes the cell's text and returns the value
as the journal stores it (dates as ISO text, enumerations as their spelling,
booleans as 1/0), or raises ValidationError with the same sentence the forms
show, from `app.core.validation`. Text is kept exactly as written (after
undoing the export's neutralisation), so that a round trip is lossless; only
its length, NUL characters and emptiness where required are checked.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from app.core import clock
from app.core import validation as v
from app.core.csvio import format as f
from app.core.csvio.reading import Problems, cell_reason
from app.core.enums import (
    CoalitionStatus,
    Direction,
    Expectation,
    Formality,
    Initiator,
    InteractionKind,
    Tie,
)
from app.core.errors import ValidationError

Convert = Callable[[str, str], Any]  # (column, cell) -> the stored value
Load = Callable[[str], Any]  # cell -> the stored value, for a cell already checked


def _loading(load: Load) -> Callable[[Convert], Convert]:
    """Give a converter the quicker twin that the second pass uses on checked cells."""

    def attach(convert: Convert) -> Convert:
        convert.load = load  # type: ignore[attr-defined]
        return convert

    return attach


def _load_text(cell: str) -> str:
    return f.restore(cell) if cell[:1] == "'" else cell


def _load_int(cell: str) -> int | None:
    return int(cell) if cell else None


def _load_day(cell: str) -> str | None:
    if not cell:
        return None
    if len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
        return cell  # what the converter keeps as it is
    return dt.date.fromisoformat(cell).isoformat()  # e.g. a week date, 2024-W09-5


def _load_ids(cell: str) -> tuple[int, ...]:
    if f.ID_SEPARATOR not in cell and cell.isascii() and cell.isdigit():
        return (int(cell),)
    # As the converter reads them: each part stripped (str.strip takes more than int does).
    parts = cell.split(f.ID_SEPARATOR) if cell else []
    return tuple(dict.fromkeys(int(part.strip()) for part in parts))


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", re.ASCII)


# Each converter tries the quick test first and, only when it fails, asks the
# validation rule for its verdict and sentence: checking is most of an import's
# time, and 100,000 rows should take well under two seconds.


def _text(*, required: bool = False, limit: int = v.MAX_TEXT_LENGTH) -> Convert:
    @_loading(_load_text)
    def convert(column: str, cell: str) -> str:
        if cell[:1] == "'":
            cell = f.restore(cell)
        # Kept verbatim (a round trip is byte for byte), so measured as stored:
        # blanks around the text count towards its limit.
        if len(cell) > limit:
            raise ValidationError(
                column,
                f"The {column.replace('_', ' ')} {v.is_or_are(column)} longer than {limit} "
                "characters "
                "(counting the blanks around it).",
            )
        if "\x00" in cell or (required and not cell.strip()):
            v.text(column, cell, required=required, limit=limit)
        return cell

    return convert


def _choice(enum_cls: type[StrEnum], *, required: bool = True) -> Convert:
    spellings = {member.value: member.value for member in enum_cls}

    @_loading(spellings.get)  # a checked cell is a spelling, or empty (None)
    def convert(column: str, cell: str) -> str | None:
        found = spellings.get(cell)
        if found is not None:
            return found
        if not cell and not required:
            return None
        if not cell:
            raise ValidationError(column, f"the {column.replace('_', ' ')} is required")
        return v.choice(column, cell, enum_cls).value

    return convert


def _whole(column: str, cell: str) -> int | None:
    if cell.isdigit() and cell.isascii() and len(cell) <= 18:
        return int(cell)
    if not cell:
        return None
    if cell[:1] == "-" and cell[1:].isascii() and cell[1:].isdigit():
        raise ValidationError(column, f"{cell} is below zero; it must be 0 or more")
    raise ValidationError(column, f"{cell!r} is not a whole number (digits 0 to 9 only)")


def _identifier(*, required: bool = True) -> Convert:
    # A required id is never empty once checked: `int` itself loads it.
    @_loading(int if required else _load_int)
    def convert(column: str, cell: str) -> int | None:
        if cell.isdigit() and cell.isascii() and len(cell) <= 18 and cell[0] != "0":
            return int(cell)  # the quick test: every id Kith writes
        number = _whole(column, cell)
        if number is None and required:
            raise ValidationError(column, "an id is required")
        if number is not None and number < 1:
            raise ValidationError(column, f"{cell} is not an id (a whole number from 1)")
        return number

    return convert


class _Scale(dict[str, int | None]):
    """A checked 1-5 cell's value: looked up (in C) for "1" to "5", converted otherwise."""

    def __missing__(self, cell: str) -> int | None:
        return _load_int(cell)  # empty, or written with leading zeros ("05")


_ONE_TO_FIVE = _Scale((str(number), number) for number in range(1, 6))


def _scale(*, required: bool = False) -> Convert:
    @_loading(_ONE_TO_FIVE.__getitem__)
    def convert(column: str, cell: str) -> int | None:
        found = _ONE_TO_FIVE.get(cell)
        if found is not None:
            return found
        number = _whole(column, cell)
        if number is not None and 1 <= number <= 5:
            return number
        return v.one_to_five(column, number, required=required)

    return convert


def _day(*, required: bool = False) -> Convert:
    @_loading(_load_day)
    def convert(column: str, cell: str) -> str | None:
        if len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
            try:
                dt.date.fromisoformat(cell)
            except ValueError:
                pass
            else:
                return cell  # already as the journal stores it
        parsed = v.day(column, cell, required=required)
        return None if parsed is None else parsed.isoformat()

    return convert


@_loading(_load_int)
def _days(column: str, cell: str) -> int | None:
    return v.positive_days(column, _whole(column, cell))


@_loading(v.birthday)
def _birthday(column: str, cell: str) -> str | None:
    return v.birthday(cell)


@_loading({f.YES: 1, f.NO: 0}.get)
def _yes_no(column: str, cell: str) -> int | None:
    if cell == f.YES:
        return 1
    if cell == f.NO:
        return 0
    if not cell:
        return None
    raise ValidationError(column, f"{cell!r} is not yes, no or empty")


@_loading(lambda cell: _created_at("created_at", cell))
def _created_at(column: str, cell: str) -> str:
    """The stored form of `YYYY-MM-DDTHH:MM:SSZ` (now, if the cell is empty)."""
    if not cell:
        moment = clock.now_utc()
    else:
        try:
            if not _TIMESTAMP.match(cell):
                raise ValueError
            moment = dt.datetime.strptime(cell, f.TIMESTAMP_FORMAT)
        except ValueError:
            raise ValidationError(
                column, f"{cell!r} is not a UTC timestamp like 2024-05-01T09:30:00Z"
            ) from None
    return f.stored_timestamp(moment)


_required_id = _identifier()


def _ids(*, required: bool) -> Convert:
    @_loading(_load_ids)
    def convert(column: str, cell: str) -> tuple[int, ...]:
        if cell.isdigit() and cell.isascii() and len(cell) <= 18 and cell[0] != "0":
            return (int(cell),)  # one person: most moments
        parts = cell.split(f.ID_SEPARATOR) if cell else []
        if required and not parts:
            raise ValidationError(column, "a moment needs at least one person")
        ids = tuple(_required_id(column, part.strip()) for part in parts)
        return tuple(dict.fromkeys(ids))  # a person named twice takes part once

    return convert


_optional_id = _identifier(required=False)
CONVERTERS: dict[str, tuple[Convert, ...]] = {
    f.CONTACTS.name: (
        _identifier(),
        _text(required=True, limit=v.MAX_NAME_LENGTH),
        _choice(Tie),
        _text(),
        _text(limit=320),
        _text(limit=64),
        _text(limit=200),
        _birthday,
        _days,
        _text(),
        _created_at,
    ),
    f.INTERACTIONS.name: (
        _identifier(),
        _day(required=True),
        _choice(InteractionKind),
        _scale(),
        _choice(Initiator, required=False),
        _text(),
        _ids(required=True),
    ),
    f.FAVORS.name: (
        _identifier(),
        _identifier(),
        _choice(Direction),
        _day(required=True),
        _text(required=True),
        _scale(required=True),
        _choice(Expectation),
        _optional_id,
    ),
    f.COALITIONS.name: (
        _identifier(),
        _text(required=True, limit=v.MAX_NAME_LENGTH),
        _text(),
        _text(),
        _choice(Formality),
        _choice(CoalitionStatus),
        _day(),
        _day(),
        _text(),
        _scale(),
        _text(),
    ),
    f.MEMBERSHIPS.name: (
        _identifier(),
        _identifier(),
        _text(limit=200),
        _text(),
        _scale(),
        _yes_no,
        _yes_no,
        _day(),
        _day(),
    ),
    f.JOINT_ACTIONS.name: (
        _identifier(),
        _identifier(),
        _day(required=True),
        _text(required=True),
        _text(),
        _ids(required=False),
    ),
    f.JOURNAL.name: (
        _identifier(),
        _day(required=True),
        _text(),
        _optional_id,
        _optional_id,
        _text(limit=64),
    ),
}
LOADERS: dict[str, tuple[Load, ...]] = {
    name: tuple(convert.load for convert in converters)  # type: ignore[attr-defined]
    for name, converters in CONVERTERS.items()
}
# Pairs of date columns where the second may not come before the first.
_DATE_ORDER = {
    f.COALITIONS.name: ("started_on", "ended_on"),
    f.MEMBERSHIPS.name: ("joined_on", "left_on"),
}


def parse_row(
    spec: f.CsvFile, line: int, cells: Sequence[str], problems: Problems, *, checked: bool = False
) -> list[Any] | None:
    """The stored values of one row, or None after adding its problems to `problems`.

    `checked` rows (the second pass, on files unchanged since the first) are
    only converted, not checked again.
    """
    columns = spec.columns
    if len(cells) != len(columns):
        problems.add(
            spec.name, line, None, f"has {len(cells)} cells, but the header has {len(columns)}"
        )
        return None
    if checked:
        return [load(cell) for load, cell in zip(LOADERS[spec.name], cells, strict=True)]
    converters = CONVERTERS[spec.name]
    try:
        values = [
            convert(column, cell)
            for convert, column, cell in zip(converters, columns, cells, strict=True)
        ]
        good = True
    except ValidationError:
        # Again, cell by cell, to name every bad cell of the row.
        values, good = [], True
        for convert, column, cell in zip(converters, columns, cells, strict=True):
            try:
                values.append(convert(column, cell))
            except ValidationError as error:
                problems.add(spec.name, line, column, cell_reason(str(error)))
                good = False
    order = _DATE_ORDER.get(spec.name)
    if good and order:
        first, second = (values[columns.index(c)] for c in order)
        try:
            if first and second:
                v.date_order(
                    order[0], dt.date.fromisoformat(first), order[1], dt.date.fromisoformat(second)
                )
        except ValidationError as error:
            problems.add(spec.name, line, error.field, cell_reason(str(error)))
            good = False
    return values if good else None


class IdIndex:
    """Which ids a file holds, each with its position in the file (0, 1, 2...).

    Compact for the ids Kith writes (dense, from 1): positions sit in an array
    indexed by id, 8 bytes an id; ids far beyond the count go to a dict. So a
    file of a million rows costs a few megabytes to remember, not a hundred.
    """

    def __init__(self) -> None:
        self._dense = array("q")
        self._sparse: dict[int, int] = {}
        self.count = 0

    def add(self, record_id: int) -> bool:
        """Remember `record_id` at the next position; False if it was already there."""
        if record_id in self:
            return False
        if record_id < 2 * self.count + 65_536:
            missing = record_id + 1 - len(self._dense)
            if missing > 0:
                self._dense.extend([-1] * max(missing, len(self._dense) // 2))
            self._dense[record_id] = self.count
        else:
            self._sparse[record_id] = self.count
        self.count += 1
        return True

    def position(self, record_id: int) -> int:
        """The position of `record_id`, or -1 if the file does not hold it."""
        if record_id < len(self._dense):
            found = self._dense[record_id]
            if found >= 0:
                return found
        return self._sparse.get(record_id, -1)

    def __contains__(self, record_id: int) -> bool:
        return self.position(record_id) >= 0
