"""How Kith's charts look: colours that follow the palette, time-axis marks, small type.

Shared by the balance chart and the index-over-time chart, so both read alike in
the light and the dark palette, in the timeline's own colours.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

from app.ui.kit.palette import COLORS


@dataclass(frozen=True)
class Ink:
    """The chart's colours for a palette: the timeline's own, lighter on a dark window."""

    given: QColor
    received: QColor
    moment: QColor
    text: QColor
    faint: QColor
    grid: QColor
    recent: QColor


def ink(palette: QPalette) -> Ink:
    """Colours readable on this palette's window."""
    window = palette.color(QPalette.ColorRole.Window)
    dark = window.lightnessF() < 0.5
    text = palette.color(QPalette.ColorRole.WindowText)

    def tone(name: str) -> QColor:
        color = QColor(COLORS[name])
        return color.lighter(135) if dark else color

    faint = QColor(text)
    faint.setAlphaF(0.6)
    grid = QColor(text)
    grid.setAlphaF(0.14)
    recent = QColor(palette.color(QPalette.ColorRole.Highlight))
    recent.setAlphaF(0.26 if dark else 0.14)
    return Ink(tone("given"), tone("received"), tone("moment"), text, faint, grid, recent)


def time_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Where to mark the time axis: each new year, or each month for a short span
    (thinned so that labels never crowd)."""
    years = [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    if len(years) >= 2:
        step = math.ceil(len(years) / 8)
        return [(day, str(day.year)) for day in years[::step]]
    months: list[dt.date] = []
    day = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    while day <= end:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = math.ceil(len(months) / 8) or 1
    return [(m, f"{m:%b %Y}" if m.month == 1 else f"{m:%b}") for m in months[::step]]


def small_font(widget: QWidget, scale: float = 0.85) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font
