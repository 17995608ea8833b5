"""Log something a coalition did together, and who took part."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from app.core import clock
from app.core import validation as v
from app.core.changes import Changed
from app.core.records import JointAction, JointActionFields
from app.core.services import coalitions
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import FormDialog, date_edit, date_of, text_box
from app.ui.kit.people_picker import PeoplePicker


class JointActionDialog(FormDialog):
    """`action=None` logs a new joint action; otherwise edits `action`.

    Participants are optional: a coalition may act as a whole, with no one named.
    """

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        coalition_id: int,
        action: JointAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit joint action" if action else "Log a joint action", parent)
        self.journal, self.bus = journal, bus
        self.coalition_id, self.action = coalition_id, action
        self.saved_id: int | None = action.id if action else None
        self.occurred_on = date_edit(clock.today())
        self.description = text_box(90)
        self.description.setPlaceholderText("What we did together")
        self.outcome = text_box()
        self.outcome.setPlaceholderText("What came of it, if anything yet")
        self.participants = PeoplePicker(journal, bus)
        self.add_row("&Date:", "occurred_on", self.occurred_on)
        self.add_row("&What we did:", "description", self.description)
        self.add_row("&Outcome:", "outcome", self.outcome)
        self.add_row("Who took &part:", "contact_ids", self.participants)
        if action is not None:
            day = action.occurred_on
            self.occurred_on.setDate(QDate(day.year, day.month, day.day))
            self.description.setPlainText(action.description)
            self.outcome.setPlainText(action.outcome)
            for contact_id, name in action.participants:
                self.participants.add(contact_id, name)
        self.watch(self.description.textChanged, self.outcome.textChanged)

    def fields(self) -> JointActionFields:
        return JointActionFields(
            coalition_id=self.coalition_id,
            occurred_on=date_of(self.occurred_on),
            description=self.description.toPlainText(),
            outcome=self.outcome.toPlainText(),
            contact_ids=self.participants.ids(),
        )

    def check(self) -> None:
        v.text("description", self.description.toPlainText(), required=True)
        v.text("outcome", self.outcome.toPlainText())

    def write(self) -> Changed:
        if self.action is None:
            return coalitions.log_joint_action(self.journal, self.fields())
        return coalitions.update_joint_action(self.journal, self.action.id, self.fields())
