"""Add or edit a coalition: the issue, the result we want, and my own stake in it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.core import validation as v
from app.core.changes import Changed
from app.core.enums import CoalitionStatus, Formality
from app.core.records import Coalition, CoalitionFields
from app.core.services import coalitions
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import (
    FormDialog,
    OptionalDate,
    enum_combo,
    scale_combo,
    select_data,
    text_box,
)

COMMITMENT_HINTS = {
    1: "1 — on the edge (shows up now and then)",
    2: "2 — a little (when it is easy)",
    3: "3 — steady (does a fair share)",
    4: "4 — strong (makes time for it)",
    5: "5 — all in (would carry it alone)",
}

NOT_RECORDED = "Not recorded"


def commitment_combo() -> QComboBox:
    return scale_combo(COMMITMENT_HINTS, allow_empty=NOT_RECORDED)


def commitment_of(combo: QComboBox) -> int | None:
    data = combo.currentData()
    return int(data) if data is not None else None


class CoalitionDialog(FormDialog):
    """`coalition=None` adds a new one; `saved_id` is its id once saved."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        coalition: Coalition | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit coalition" if coalition else "Add a coalition", parent)
        self.journal, self.bus, self.coalition = journal, bus, coalition
        self.saved_id: int | None = coalition.id if coalition else None
        self.name = QLineEdit()
        self.name.setPlaceholderText("What you call it, e.g. Tenants of Elm Street")
        self.issue = text_box()
        self.issue.setPlaceholderText("The issue that brings us together")
        self.desired_outcome = text_box()
        self.desired_outcome.setPlaceholderText("The result we all want")
        self.formality = enum_combo([f.value for f in Formality])
        self.status = enum_combo([s.value for s in CoalitionStatus])
        self.started = OptionalDate("Started on")
        self.ended = OptionalDate("Ended on")
        self.my_interest = text_box()
        self.my_interest.setPlaceholderText("Why I take part, and what I stand to gain")
        self.my_commitment = commitment_combo()
        self.differences = text_box()
        self.differences.setPlaceholderText("A vote, a facilitator, talking it through…")
        self.add_row("&Name:", "name", self.name)
        self.add_row("The &issue:", "issue", self.issue)
        self.add_row("The &result we want:", "desired_outcome", self.desired_outcome)
        self.add_row("&Formality:", "formality", self.formality)
        self.add_row("S&tatus:", "status", self.status)
        self.add_row("Started:", "started_on", self.started)
        self.add_row("Ended:", "ended_on", self.ended)
        self.add_row("&My interest:", "my_interest", self.my_interest)
        self.add_row("My &commitment:", "my_commitment", self.my_commitment)
        self.add_row("How we settle &differences:", "differences", self.differences)
        select_data(self.formality, Formality.INFORMAL.value)
        select_data(self.status, CoalitionStatus.FORMING.value)
        if coalition is not None:
            self._fill(coalition)
            self.start_in = self.name
        self.watch(
            self.name.textChanged,
            self.issue.textChanged,
            self.desired_outcome.textChanged,
            self.my_interest.textChanged,
            self.differences.textChanged,
            self.started.changed,
            self.ended.changed,
        )

    def _fill(self, coalition: Coalition) -> None:
        self.name.setText(coalition.name)
        self.issue.setPlainText(coalition.issue)
        self.desired_outcome.setPlainText(coalition.desired_outcome)
        select_data(self.formality, coalition.formality.value)
        select_data(self.status, coalition.status.value)
        if coalition.started_on is not None:
            self.started.set_value(coalition.started_on)
        if coalition.ended_on is not None:
            self.ended.set_value(coalition.ended_on)
        self.my_interest.setPlainText(coalition.my_interest)
        if coalition.my_commitment is not None:
            select_data(self.my_commitment, coalition.my_commitment)
        self.differences.setPlainText(coalition.differences)

    def fields(self) -> CoalitionFields:
        return CoalitionFields(
            name=self.name.text(),
            issue=self.issue.toPlainText(),
            desired_outcome=self.desired_outcome.toPlainText(),
            formality=str(self.formality.currentData()),
            status=str(self.status.currentData()),
            started_on=self.started.value(),
            ended_on=self.ended.value(),
            my_interest=self.my_interest.toPlainText(),
            my_commitment=commitment_of(self.my_commitment),
            differences=self.differences.toPlainText(),
        )

    def check(self) -> None:
        v.name("name", self.name.text())
        v.text("issue", self.issue.toPlainText())
        v.text("desired_outcome", self.desired_outcome.toPlainText())
        v.text("my_interest", self.my_interest.toPlainText())
        v.text("differences", self.differences.toPlainText())
        v.date_order("started_on", self.started.value(), "ended_on", self.ended.value())

    def write(self) -> Changed:
        if self.coalition is None:
            return coalitions.add_coalition(self.journal, self.fields())
        return coalitions.update_coalition(self.journal, self.coalition.id, self.fields())
