"""The balance chart on a person's page, drawn with QPainter.

Top band: favors I gave (up) and received (down) per month, by weight, with the
running balance as a line. Bottom band: moments together, their average warmth as
a line and a tick for every month with a moment. The last half year (the window the
reflection engine calls "recent") is shaded, so a turn toward a ledger (favors
crowding in, the balance swinging, warmth falling) reads at a glance.

Why QPainter and not QtCharts: QtCharts is not in PySide6-Essentials (Kith's only Qt
dependency); it needs PySide6-Addons, a 175 MB download for the whole Qt add-on set.
Two bands of bars and lines are a few dozen lines of painting, draw in a few
milliseconds, and follow the palette (light or dark) like every other widget.
The series come from `app.core.services.balance`; this widget only draws them.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.core.services.balance import BalancePoint, BalanceSeries, bucket_end
from app.ui.kit.chart_style import Ink, ink, small_font, time_ticks

# What the legend names, in order; "recent" is the shaded last half year.
LEGEND = (
    ("given", "I gave"),
    ("received", "I received"),
    ("balance", "balance (weight)"),
    ("moments", "moments (warmth)"),
    ("recent", "last 6 months"),
)

EMPTY = (
    "Once you log moments and favors, the balance between you and the warmth of your time "
    "together are drawn here, month by month."
)
WAITING = "Reading…"


def summary(series: BalanceSeries) -> str:
    """The chart in words (its accessible description, and the tooltip off the bars)."""
    if series.empty:
        return EMPTY
    given = sum(p.weight_given for p in series.points)
    received = sum(p.weight_received for p in series.points)
    balance = series.points[-1].balance
    lean = "even" if balance == 0 else "you gave more" if balance > 0 else "you received more"
    text = (
        f"Since {series.start:%B %Y}: favors you gave weigh {given}, those you received "
        f"{received}; the balance is {balance:+d} ({lean})."
    )
    months = round((series.as_of - series.recent_from).days / 30.4)
    before = [p for p in series.warmth_points() if p.start < series.recent_from]
    recent = [p for p in series.warmth_points() if p.start >= series.recent_from]
    if before and recent:
        text += (
            f" Warmth of your moments: {_average(before):.1f} before the last {months} months, "
            f"{_average(recent):.1f} in them."
        )
    return text


def _average(points: list[BalancePoint]) -> float:
    """Moment-weighted average warmth over these buckets."""
    total = sum((p.warmth or 0) * p.moments for p in points)
    return total / sum(p.moments for p in points)


def describe(point: BalancePoint, bucket: str) -> str:
    """One bucket in words, for the tooltip over it."""
    when = f"week of {point.start:%d %B %Y}" if bucket == "week" else f"{point.start:%B %Y}"
    lines = [when[0].upper() + when[1:]]
    if point.favors:
        lines.append(
            f"Gave {point.favors_given} (weight {point.weight_given}), "
            f"received {point.favors_received} (weight {point.weight_received})"
        )
    lines.append(f"Balance so far {point.balance:+d}")
    if point.moments:
        warmth = f", warmth {point.warmth:.1f}" if point.warmth is not None else ""
        lines.append(f"{point.moments} moment{'s' if point.moments != 1 else ''}{warmth}")
    return "\n".join(lines)


class BalanceChart(QWidget):
    """Draws one BalanceSeries; `set_series(None)` clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: BalanceSeries | None = None
        self.waiting = False  # a person's series is on its way: say so, not a blank box
        self._plot_at: tuple[tuple[int, int], QRectF] | None = None
        self._spans: dict[dt.date, tuple[float, float]] = {}
        self._spans_at: tuple[int, int] | None = None
        self.setAccessibleName("Balance chart")
        self.setMinimumHeight(150)

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def set_series(self, series: BalanceSeries | None) -> None:
        self.series = series
        self.waiting = False
        self._spans_at = self._plot_at = None
        self.setAccessibleDescription(summary(series) if series else "")
        self.update()

    def set_waiting(self) -> None:
        """Clear the chart and say that the next series is being read."""
        self.set_series(None)
        self.waiting = True
        self.setAccessibleDescription(WAITING)

    # ---- geometry ------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        # Every bar and point asks where the plot is: measure the legend once per size.
        size = (self.width(), self.height())
        if self._plot_at is None or self._plot_at[0] != size:
            left = self.fontMetrics().horizontalAdvance("+000") + 10
            top = self._legend()[-1][2] + 9
            self._plot_at = (size, QRectF(self.rect()).adjusted(left, top, -10, -24))
        return self._plot_at[1]

    def _bands(self) -> tuple[QRectF, QRectF]:
        """The favors band (with the balance) above the moments band."""
        plot = self._plot()
        favors_height = plot.height() * 0.64
        favors = QRectF(plot.left(), plot.top(), plot.width(), favors_height)
        moments = QRectF(
            plot.left(), favors.bottom() + 10, plot.width(), plot.bottom() - favors.bottom() - 10
        )
        return favors, moments

    def _x(self, day: dt.date) -> float:
        assert self.series is not None
        plot = self._plot()
        first = self.series.start.toordinal()
        span = max(1, self.series.as_of.toordinal() + 1 - first)
        return plot.left() + plot.width() * (day.toordinal() - first) / span

    def _bucket_rect(self, point: BalancePoint) -> tuple[float, float]:
        """(left, right) x of a bucket (kept per size: painting asks several times)."""
        assert self.series is not None
        size = (self.width(), self.height())
        if self._spans_at != size:
            self._spans, self._spans_at = {}, size
        span = self._spans.get(point.start)
        if span is None:
            end = bucket_end(point.start, self.series.bucket) + dt.timedelta(days=1)
            last = self.series.as_of + dt.timedelta(days=1)
            span = self._spans[point.start] = (self._x(point.start), self._x(min(end, last)))
        return span

    # ---- painting ------------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = ink(self.palette())
        series = self.series
        if series is None or series.empty:
            if series is not None or self.waiting:
                painter.setPen(colors.faint)
                painter.drawText(
                    QRectF(self.rect()).adjusted(12, 0, -12, 0),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    EMPTY if series is not None else WAITING,
                )
            return
        favors, moments = self._bands()
        painter.setFont(small_font(self))
        self._paint_recent(painter, colors, favors, moments)
        self._paint_axis(painter, colors, favors, moments)
        self._paint_favors(painter, colors, favors)
        self._paint_moments(painter, colors, moments)
        self._paint_legend(painter, colors)

    def _paint_recent(self, painter: QPainter, colors: Ink, top: QRectF, bottom: QRectF) -> None:
        assert self.series is not None
        left = max(top.left(), self._x(self.series.recent_from))
        shade = QRectF(left, top.top(), top.right() - left, bottom.bottom() - top.top())
        painter.fillRect(shade.toAlignedRect(), colors.recent)

    def _paint_axis(self, painter: QPainter, colors: Ink, top: QRectF, bottom: QRectF) -> None:
        assert self.series is not None
        for day, label in time_ticks(self.series.start, self.series.as_of):
            x = self._x(day)
            painter.setPen(QPen(colors.grid, 1))
            painter.drawLine(QPointF(x, top.top()), QPointF(x, bottom.bottom()))
            painter.setPen(colors.faint)
            painter.drawText(
                QRectF(x - 40, bottom.bottom() + 6, 80, 16), Qt.AlignmentFlag.AlignHCenter, label
            )

    def _favor_scale(self) -> tuple[int, int]:
        assert self.series is not None
        points = self.series.points
        high = max([1, *(p.weight_given for p in points), *(p.balance for p in points)])
        low = min([-1, *(-p.weight_received for p in points), *(p.balance for p in points)])
        return high, low

    def _paint_favors(self, painter: QPainter, colors: Ink, band: QRectF) -> None:
        assert self.series is not None
        high, low = self._favor_scale()

        def y(value: float) -> float:
            return band.top() + band.height() * (high - value) / (high - low)

        zero = y(0)
        painter.setPen(QPen(colors.faint, 1))
        painter.drawLine(QPointF(band.left(), zero), QPointF(band.right(), zero))
        for value, flags in (
            (high, Qt.AlignmentFlag.AlignTop),
            (low, Qt.AlignmentFlag.AlignBottom),
        ):
            box = QRectF(0, y(value) - (0 if value == high else 16), band.left() - 6, 16)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | flags, f"{value:+d}")
        painter.drawText(
            QRectF(0, zero - 8, band.left() - 6, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "0",
        )
        painter.setPen(Qt.PenStyle.NoPen)
        for point in self.series.favor_points():
            left, right = self._bucket_rect(point)
            width = max(2.0, (right - left) * 0.7)
            middle = (left + right) / 2
            if point.weight_given:
                painter.setBrush(colors.given)
                painter.drawRect(
                    QRectF(
                        middle - width / 2,
                        y(point.weight_given),
                        width,
                        zero - y(point.weight_given),
                    )
                )
            if point.weight_received:
                painter.setBrush(colors.received)
                painter.drawRect(
                    QRectF(middle - width / 2, zero, width, y(-point.weight_received) - zero)
                )
        # The running balance: from zero before the first favor, through each month's end.
        path = QPainterPath(QPointF(self._x(self.series.start), zero))
        for point in self.series.favor_points():
            path.lineTo(self._bucket_rect(point)[1], y(point.balance))
        path.lineTo(
            self._x(self.series.as_of + dt.timedelta(days=1)), y(self.series.points[-1].balance)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colors.text, 1.6))
        painter.drawPath(path)

    def _paint_moments(self, painter: QPainter, colors: Ink, band: QRectF) -> None:
        assert self.series is not None

        def y(warmth: float) -> float:
            return band.bottom() - 4 - (band.height() - 8) * (warmth - 1) / 4

        painter.setPen(QPen(colors.grid, 1, Qt.PenStyle.DashLine))
        for level in (1, 3, 5):
            painter.drawLine(QPointF(band.left(), y(level)), QPointF(band.right(), y(level)))
        painter.setPen(colors.faint)
        for level, word in ((5, "warm"), (1, "cool")):
            box = QRectF(0, y(level) - 8, band.left() - 6, 16)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, word)
        # A tick for every bucket with time together, rated or not.
        painter.setPen(QPen(colors.moment, 2))
        for point in self.series.points:
            if point.moments:
                left, right = self._bucket_rect(point)
                x = (left + right) / 2
                painter.drawLine(QPointF(x, band.bottom()), QPointF(x, band.bottom() + 4))
        rated = self.series.warmth_points()
        centres = [QPointF(sum(self._bucket_rect(p)) / 2, y(p.warmth or 0)) for p in rated]
        if len(centres) > 1:
            painter.setPen(QPen(colors.moment, 1.6))
            painter.drawPolyline(centres)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.moment)
        for point, centre in zip(rated, centres, strict=True):
            radius = 2.0 + min(3.0, math.sqrt(point.moments))
            painter.drawEllipse(centre, radius, radius)

    def _legend_words(self) -> dict[str, str]:
        words = dict(LEGEND)
        if self.series is not None:  # the journal's own "recent" window (Preferences)
            days = (self.series.as_of - self.series.recent_from).days
            words["recent"] = f"last {round(days / 30.4)} months"
        return words

    def _legend(self) -> list[tuple[str, float, float]]:
        """(kind, x, baseline y) of each legend entry, wrapped onto more rows if narrow."""
        metrics = QFontMetricsF(small_font(self))
        left = self.fontMetrics().horizontalAdvance("+000") + 10
        x, y, placed = float(left), 15.0, []
        for kind, text in self._legend_words().items():
            width = 16 + metrics.horizontalAdvance(text)
            if x > left and x + width > self.width() - 10:
                x, y = float(left), y + metrics.height() + 3
            placed.append((kind, x, y))
            x += width + 14
        return placed

    def _paint_legend(self, painter: QPainter, colors: Ink) -> None:
        swatches = {
            "given": colors.given,
            "received": colors.received,
            "balance": colors.text,
            "moments": colors.moment,
            "recent": colors.recent,
        }
        words = self._legend_words()
        for kind, x, y in self._legend():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(swatches[kind])
            if kind in ("balance", "moments"):
                painter.drawRect(QRectF(x, y - 6, 12, 2.5))
            else:
                if kind == "recent":  # a pale wash: outlined so that the swatch shows
                    painter.setPen(QPen(colors.faint, 0.8))
                painter.drawRect(QRectF(x + 1, y - 10, 10, 10))
            painter.setPen(colors.text)
            painter.drawText(QPointF(x + 16, y), words[kind])

    # ---- the tooltip -----------------------------------------------------------------------

    def point_at(self, x: float) -> BalancePoint | None:
        """The bucket under this x, if something was logged in it."""
        if self.series is None:
            return None
        for point in self.series.points:
            left, right = self._bucket_rect(point)
            if left - 2 <= x <= right + 2:
                return point
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.point_at(event.pos().x())
            if point is not None and self.series is not None:
                QToolTip.showText(event.globalPos(), describe(point, self.series.bucket), self)
            elif self.series is not None:
                QToolTip.showText(event.globalPos(), summary(self.series), self)
            return True
        return super().event(event)
