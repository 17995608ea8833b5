"""How dates are shown and picked: the week's first day and the date format, per user.

Display only: the journal and its CSV always hold ISO dates. The choice lives in
QSettings (the window's settings; by default the application's own, which is what
the window uses), so it follows the person, not the journal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale, QSettings, Qt
from PySide6.QtWidgets import QDateEdit

WEEK_START_KEY = "dates/week_start"
FORMAT_KEY = "dates/format"

WEEK_STARTS: dict[str, Qt.DayOfWeek] = {
    "monday": Qt.DayOfWeek.Monday,
    "sunday": Qt.DayOfWeek.Sunday,
    "saturday": Qt.DayOfWeek.Saturday,
}
ISO, SHORT, LONG = "iso", "short", "long"
FORMATS = (ISO, SHORT, LONG)
_ISO_PATTERN = "yyyy-MM-dd"


@dataclass(frozen=True)
class DatePrefs:
    week_start: str  # a key of WEEK_STARTS
    date_format: str  # one of FORMATS

    @property
    def first_day(self) -> Qt.DayOfWeek:
        return WEEK_STARTS[self.week_start]


def locale_week_start(locale: QLocale | None = None) -> str:
    """The week start the locale uses, if Kith offers it (else Monday, as ISO does)."""
    first = (locale or QLocale()).firstDayOfWeek()
    return next((key for key, day in WEEK_STARTS.items() if day == first), "monday")


def load(settings: QSettings | None = None) -> DatePrefs:
    """The person's choices; anything unset or unknown falls back to the default
    (ISO dates, the locale's week start)."""
    store = settings if settings is not None else QSettings()
    week = str(store.value(WEEK_START_KEY, "") or "")
    shape = str(store.value(FORMAT_KEY, "") or "")
    return DatePrefs(
        week if week in WEEK_STARTS else locale_week_start(),
        shape if shape in FORMATS else ISO,
    )


def save(settings: QSettings, prefs: DatePrefs) -> None:
    settings.setValue(WEEK_START_KEY, prefs.week_start)
    settings.setValue(FORMAT_KEY, prefs.date_format)


def pattern(date_format: str, *, editable: bool = False) -> str:
    """The Qt date pattern of a format. `editable`: a date editor needs four-digit years
    (with "yy" it would only reach 1900–1999)."""
    if date_format == ISO:
        return _ISO_PATTERN
    kind = QLocale.FormatType.LongFormat if date_format == LONG else QLocale.FormatType.ShortFormat
    found = QLocale().dateFormat(kind)
    if editable and "yyyy" not in found:
        found = found.replace("yy", "yyyy")
    return found


def shown(day: dt.date, date_format: str) -> str:
    """`day` as the person chose to read dates."""
    if date_format == ISO:
        return day.isoformat()
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern(date_format))


def apply(edit: QDateEdit, prefs: DatePrefs | None = None) -> QDateEdit:
    """Give a date editor the person's format and its calendar their first weekday."""
    prefs = prefs or load()
    edit.setDisplayFormat(pattern(prefs.date_format, editable=True))
    calendar = edit.calendarWidget()
    if calendar is not None:
        calendar.setFirstDayOfWeek(prefs.first_day)
    return edit
