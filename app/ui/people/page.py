"""A person's page: who they are, the totals between us, and our timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Contact, PersonTotals, TimelineItem
from app.core.reflection.signals import Reading
from app.ui.kit.fitting import ElidedLabel, FlowLayout, PageScroll
from app.ui.kit.forms import buddy, heading, plain_label, word
from app.ui.people.charts import PersonCharts
from app.ui.people.models import TimelineModel
from app.ui.prompts.cards import PromptBanner


class PersonPage(QWidget):
    """Shows one person; its buttons ask the People place to act (it owns the dialogs)."""

    log_moment = Signal()
    log_favor_given = Signal()
    log_favor_received = Signal()
    write_reflection = Signal()
    edit = Signal()
    trash = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, charts: PersonCharts | None = None
    ) -> None:
        super().__init__(parent)
        # The balance and index over time; None leaves them out (they read the journal).
        self.charts = charts
        # A 200-letter name is cut short on one line (all of it in the tooltip).
        self.name = ElidedLabel()
        self.name.setFont(heading(scale=1.6).font())
        self.name.setAccessibleName("Name")
        self.subtitle = plain_label()
        self.subtitle.setWordWrap(True)
        # What the user entered about them: email, phone, birthday, how we met…
        self.details = plain_label()
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = plain_label()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals = plain_label()
        self.totals.setWordWrap(True)
        self.totals.setObjectName("totals")
        self.index_line = plain_label()
        self.index_line.setWordWrap(True)
        self.index_line.setAccessibleName("Transactional index")
        self.index_line.setToolTip(
            "0–100: how much your record with this person has come to look like a "
            "ledger of favors, compared with your own past together"
        )
        # Questions raised by what was just logged; it never stops the logging.
        self.banner = PromptBanner("Something to reflect on")

        actions_row = QWidget()
        # The logging buttons wrap onto a second line on a narrow page rather than clip.
        actions = FlowLayout(actions_row)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, signal in (
            ("moment", "Log a moment", self.log_moment),
            ("given", "Favor I gave", self.log_favor_given),
            ("received", "Favor I received", self.log_favor_received),
            ("reflection", "Write a reflection", self.write_reflection),
            ("edit", "Edit…", self.edit),
            ("trash", "Move to trash", self.trash),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(signal.emit)
            self.buttons[key] = button
        # Logging sits under the totals; editing the person sits beside their name,
        # so the row of buttons fits a narrow page.
        for key in ("moment", "given", "received", "reflection"):
            actions.addWidget(self.buttons[key])
        title_row = QHBoxLayout()
        title_row.addWidget(self.name, 1)
        title_row.addWidget(self.buttons["edit"], 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.buttons["trash"], 0, Qt.AlignmentFlag.AlignTop)

        self.timeline_model = TimelineModel()
        self.timeline = QListView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setUniformItemSizes(True)
        self.timeline.setAlternatingRowColors(True)
        # The timeline takes the height left; below about eight rows the page scrolls.
        self.timeline.setMinimumHeight(8 * self.timeline.fontMetrics().height() + 24)
        self.empty_timeline = plain_label(NOTHING_YET)
        self.empty_timeline.setWordWrap(True)
        self.empty_timeline.setEnabled(False)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(title_row)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.details)
        layout.addWidget(self.notes)
        layout.addWidget(self.totals)
        layout.addWidget(self.index_line)
        layout.addWidget(actions_row)
        layout.addWidget(self.banner)
        if charts is not None:
            layout.addWidget(charts)
        self.show_only = QComboBox()
        for text, kind in (
            ("Everything", None),
            ("Moments", "moment"),
            ("Favors", "favor"),
            ("Reflections", "entry"),
        ):
            self.show_only.addItem(text, kind)
        self.show_only.currentIndexChanged.connect(lambda _i: self._fill_timeline())
        self._items: list[TimelineItem] = []
        heading_row = QHBoxLayout()
        heading_row.addWidget(plain_label("Timeline"))
        heading_row.addStretch(1)
        heading_row.addWidget(buddy("Sho&w:", self.show_only))
        heading_row.addWidget(self.show_only)
        layout.addLayout(heading_row)
        # With nothing logged, the sentence takes the room left (no gaps between lines).
        layout.addWidget(self.empty_timeline, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.timeline, 1)
        # Whatever the page holds (a long question, the charts, a long note) scrolls
        # inside it; nothing is squeezed on top of something else.
        self.page_scroll = PageScroll(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)

    def show_person(
        self, contact: Contact, totals: PersonTotals, items: list[TimelineItem]
    ) -> None:
        self.name.setText(contact.name)
        facts = [word(contact.tie.value)]
        if contact.organization:
            facts.append(contact.organization)
        self.subtitle.setText(" · ".join(facts))
        self.details.setText(details_line(contact))
        self.details.setVisible(bool(self.details.text()))
        self.notes.setText(contact.notes)
        self.notes.setVisible(bool(contact.notes))
        self.totals.setText(totals_line(totals))
        self._items = items
        self._fill_timeline()
        if self.charts is not None:
            self.charts.show_person(contact.id)

    def _fill_timeline(self) -> None:
        kind = self.show_only.currentData()
        shown = [i for i in self._items if kind is None or i.kind == kind]
        self.timeline_model.set_items(shown)
        if not self._items:
            self.empty_timeline.setText(NOTHING_YET)
        else:
            self.empty_timeline.setText(f"No {self.show_only.currentText().lower()} yet.")
        self.empty_timeline.setVisible(not shown)
        self.timeline.setVisible(bool(shown))

    def show_reading(self, reading: Reading | None) -> None:
        """The transactional index and what drives it (hidden until it is known)."""
        self.index_line.setText(index_line(reading) if reading else "")
        self.index_line.setVisible(reading is not None)


NOTHING_YET = (
    "Nothing logged yet. Log a moment you spent together, or a favor that passed between you."
)


def details_line(contact: Contact) -> str:
    """What the user entered about someone, each fact named: "How we met: …"."""
    parts = []
    if contact.how_met:
        parts.append(f"How we met: {contact.how_met}")
    if contact.email:
        parts.append(f"Email: {contact.email}")
    if contact.phone:
        parts.append(f"Phone: {contact.phone}")
    if contact.birthday:
        parts.append(f"Birthday: {contact.birthday.removeprefix('--')}")
    if contact.keep_in_touch_days:
        days = contact.keep_in_touch_days
        parts.append(f"Keep in touch every {days} day{'s' if days != 1 else ''}")
    return " · ".join(parts)


def totals_line(totals: PersonTotals) -> str:
    """ "12 moments, last 2026-03-01 · gave 3 favors (weight 7) · received 1 (weight 2) · …"."""
    last = f", last {totals.last_interaction_on.isoformat()}" if totals.last_interaction_on else ""
    parts = [
        f"{totals.interactions} moment{'s' if totals.interactions != 1 else ''}{last}",
        f"gave {totals.favors_given} favor{'s' if totals.favors_given != 1 else ''}"
        f" (weight {totals.weight_given})",
        f"received {totals.favors_received} (weight {totals.weight_received})",
    ]
    if totals.coalitions:
        parts.append("together in " + ", ".join(totals.coalitions))
    return " · ".join(parts)


def index_line(reading: Reading) -> str:
    """ "Transactional index 72 — Strongly: a turn from time together toward favors."."""
    return f"Transactional index {reading.index} — {reading.explanation}"
