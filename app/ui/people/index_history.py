"""The transactional index month by month, as a small line chart under the balance.

The history is the engine's reading at each month end (`app.core.reflection.history`):
a third of a second for a busy person on a large journal, so `IndexHistoryReader`
reads it off the UI thread, once the page has stayed on the person for a moment,
and the caption says it is reading meanwhile.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from app.core import clock
from app.core.reflection.history import IndexHistory
from app.core.services.prompts import index_history
from app.core.store import Journal
from app.ui.kit.chart_style import ink, small_font, time_ticks
from app.ui.kit.workers import Background

SETTLE_MS = 250  # how long a person's page stays shown before their history is read


def caption(history: IndexHistory | None) -> str:
    """The line above the chart: when the index rose past the prompts' threshold."""
    if history is None:
        return "Transactional index by month: reading your record…"
    if history.empty:
        return "Transactional index by month: nothing logged yet."
    rose = history.rose_past()
    now = history.points[-1].index
    if rose is not None:
        return (
            f"Transactional index by month: {now} now, at or above {history.threshold} "
            f"(where Kith starts asking) since {rose:%B %Y}."
        )
    peak = max(history.points, key=lambda p: p.index)
    if peak.index >= history.threshold:
        return f"Transactional index by month: {now} now; it was {peak.index} in {peak.on:%B %Y}."
    return f"Transactional index by month: {now} now, below {history.threshold}."


class IndexHistoryChart(QWidget):
    """A line of the index (0–100) over the months, with the threshold dashed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: IndexHistory | None = None
        self.setAccessibleName("Transactional index over time")
        self.setMinimumHeight(70)

    def sizeHint(self) -> QSize:
        return QSize(480, 90)

    def set_history(self, history: IndexHistory | None) -> None:
        self.history = history
        self.setAccessibleDescription(caption(history))
        self.update()

    def _plot(self) -> QRectF:
        left = self.fontMetrics().horizontalAdvance("+000") + 10
        return QRectF(self.rect()).adjusted(left, 6, -10, -20)

    def points(self) -> list[QPointF]:
        """Where each month's index is drawn (oldest first)."""
        history = self.history
        if history is None or history.empty:
            return []
        plot = self._plot()
        first = history.points[0].on.toordinal()
        span = max(1, history.points[-1].on.toordinal() - first)
        return [
            QPointF(
                plot.left() + plot.width() * (p.on.toordinal() - first) / span,
                plot.bottom() - plot.height() * p.index / 100,
            )
            for p in history.points
        ]

    def paintEvent(self, _event: object) -> None:
        history = self.history
        if history is None or history.empty:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(small_font(self))
        colors = ink(self.palette())
        plot = self._plot()

        def y(index: float) -> float:
            return plot.bottom() - plot.height() * index / 100

        painter.setPen(QPen(colors.grid, 1))
        painter.drawLine(QPointF(plot.left(), y(0)), QPointF(plot.right(), y(0)))
        painter.setPen(colors.faint)
        for value in (0, 100):
            box = QRectF(0, y(value) - 8, plot.left() - 6, 16)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value)
            )
        # Where prompts start: the line the eye should compare against.
        threshold = y(history.threshold)
        painter.setPen(QPen(colors.given, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), threshold), QPointF(plot.right(), threshold))
        painter.setPen(colors.given)
        painter.drawText(
            QRectF(0, threshold - 8, plot.left() - 6, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(history.threshold),
        )
        first, last = history.points[0].on, history.points[-1].on
        span = max(1, last.toordinal() - first.toordinal())
        for day, label in time_ticks(first, last):
            x = plot.left() + plot.width() * (day.toordinal() - first.toordinal()) / span
            painter.setPen(QPen(colors.grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(colors.faint)
            box = QRectF(x - 40, plot.bottom() + 2, 80, 16)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, label)

        points = self.points()
        area = QPainterPath(QPointF(points[0].x(), y(0)))
        for point in points:
            area.lineTo(point)
        area.lineTo(QPointF(points[-1].x(), y(0)))
        fill = QColor(colors.text)
        fill.setAlphaF(0.08)
        painter.fillPath(area, fill)
        painter.setPen(QPen(colors.text, 1.6))
        if len(points) > 1:
            painter.drawPolyline(points)
        painter.setPen(Qt.PenStyle.NoPen)
        for point, month in zip(points, history.points, strict=True):
            painter.setBrush(colors.given if month.index >= history.threshold else colors.text)
            painter.drawEllipse(point, 2.2, 2.2)


class IndexHistoryReader(QObject):
    """Reads one person's index history off the UI thread; asking for another person
    while it reads makes it read again once it ends, so only the last one counts."""

    read = Signal(object)  # an IndexHistory

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted: tuple[int, dt.date] | None = None

        def job() -> IndexHistory | None:
            wanted = self._wanted
            if wanted is None:
                return None
            contact_id, day = wanted
            return index_history(journal, contact_id, day)

        self._background = Background(job, self)
        # Read once the user stays on a person: going down the people list with the
        # arrow keys should not start (and compete with) a read for everyone passed.
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._background.run)
        self._background.finished.connect(self._done)
        # A busy journal: the chart keeps its "…", the next open of the page tries again.
        self._background.failed.connect(lambda _message: None)

    def ask(self, contact_id: int) -> None:
        self._wanted = (contact_id, clock.today())
        self._settle.start()

    def _done(self, history: IndexHistory | None) -> None:
        wanted = self._wanted
        if history is not None and wanted is not None and history.contact_id == wanted[0]:
            self.read.emit(history)

    def busy(self) -> bool:
        return self._settle.isActive() or self._background.busy()

    def wait(self) -> None:
        self._settle.stop()
        self._background.wait()
