"""The "Over time" section of a person's page: the balance chart and the index by month.

It can be folded away; while folded nothing is read. Both charts are read off the UI
thread, so the page opens as fast as it did without them: the balance series is a
few SQL aggregates (about 6 ms for a person with 2,000 entries on the 500,000-entry
demo), read a beat after the page shows; the index history (about 0.35 s for that
person) once the page has stayed on the person for a moment.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.core import clock
from app.core.reflection.history import IndexHistory
from app.core.services.balance import BalanceSeries, balance_series
from app.core.store import Journal
from app.ui.kit.forms import plain_label
from app.ui.kit.workers import Background
from app.ui.people.balance_chart import BalanceChart
from app.ui.people.index_history import IndexHistoryChart, IndexHistoryReader, caption
from app.ui.prompts.cards import soft

BALANCE_DELAY_MS = 40  # from showing a person's page to reading their balance


class PersonCharts(QWidget):
    """Shows one person's charts; `show_person(id)` each time their page is shown."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.contact_id: int | None = None
        self._stale = False  # a person was shown while folded: read when unfolded
        self.toggle = QToolButton()
        self.toggle.setText("Over time")
        self.toggle.setAccessibleName("Over time")
        self.toggle.setToolTip("Show or hide the balance and the index over time")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)

        self.balance = BalanceChart()
        self.balance.setFixedHeight(180)
        self.index_caption = soft(plain_label())
        self.index_caption.setWordWrap(True)
        self.index_chart = IndexHistoryChart()
        self.index_chart.setFixedHeight(78)
        self.reader = IndexHistoryReader(journal, self)
        self.reader.read.connect(self._history_read)
        # The series takes a few milliseconds of SQL (more on a busy person): read off
        # the UI thread so that the page itself opens at once and the chart follows.
        self._wanted: tuple[int, dt.date] | None = None

        def read_balance() -> tuple[int, BalanceSeries]:
            assert self._wanted is not None
            contact_id, day = self._wanted
            return contact_id, balance_series(journal, contact_id, day)

        self._balance_job = Background(read_balance, self)
        self._balance_job.finished.connect(self._balance_read)
        # Missing or trashed meanwhile, or a busy journal: the chart stays blank.
        self._balance_job.failed.connect(lambda _message: self.balance.set_series(None))
        # A beat after the page: the page itself paints first, and going down the
        # people list with the arrow keys reads only where the user stops.
        self._soon = QTimer(self, singleShot=True, interval=BALANCE_DELAY_MS)
        self._soon.timeout.connect(self._balance_job.run)

        self.body = QWidget()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(4)
        inner.addWidget(self.balance)
        inner.addWidget(self.index_caption)
        inner.addWidget(self.index_chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def show_person(self, contact_id: int) -> None:
        """Read and draw this person's charts (later, if the section is folded)."""
        self.contact_id = contact_id
        if not self.is_open():
            self._stale = True
            return
        self._stale = False
        shown = self.balance.series
        if shown is None or shown.contact_id != contact_id:
            # Someone else's chart would mislead: "reading…" until this person's arrives.
            self.balance.set_waiting()
            self.index_caption.hide()
            self.index_chart.hide()
        self._wanted = (contact_id, clock.today())
        self._soon.start()

    def _balance_read(self, read: tuple[int, BalanceSeries]) -> None:
        contact_id, series = read
        if contact_id != self.contact_id:
            return  # someone else is shown by now: their own read follows
        if not self.is_open():
            self._stale = True  # folded meanwhile: read again when unfolded
            return
        self.balance.set_series(series)
        has_history = not series.empty
        # Nothing logged: one friendly line, not an empty pair of axes.
        # Its sentence may wrap onto three lines on a narrow page.
        empty = max(40, 3 * self.balance.fontMetrics().lineSpacing() + 12)
        self.balance.setFixedHeight(180 if has_history else empty)
        self.index_caption.setVisible(has_history)
        self.index_chart.setVisible(has_history)
        if not has_history:
            return
        shown = self.index_chart.history
        if shown is None or shown.contact_id != contact_id:
            self._history_read(None)  # "reading…" rather than someone else's line
        self.reader.ask(contact_id)

    def _history_read(self, history: IndexHistory | None) -> None:
        if history is not None and history.contact_id != self.contact_id:
            return
        self.index_caption.setText(caption(history))
        self.index_chart.set_history(history)

    def _toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        if open_ and self._stale and self.contact_id is not None:
            self.show_person(self.contact_id)

    def busy(self) -> bool:
        return self._soon.isActive() or self._balance_job.busy() or self.reader.busy()

    def wait(self) -> None:
        """The journal is about to close: let the running reads end."""
        self._soon.stop()
        self._balance_job.wait()
        self.reader.wait()
