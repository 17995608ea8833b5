"""Log a moment spent with one or more people."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.core.changes import Changed
from app.core.enums import Initiator, InteractionKind
from app.core.errors import ValidationError
from app.core.records import MomentFields
from app.core.services import moments
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import (
    WARMTH_HINTS,
    FormDialog,
    date_edit,
    date_of,
    enum_combo,
    scale_combo,
    text_box,
)
from app.ui.kit.people_picker import PeoplePicker


class MomentDialog(FormDialog):
    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        with_people: list[tuple[int, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Log a moment", parent)
        self.journal, self.bus = journal, bus
        self.occurred_on = self.add_row("&Date:", "occurred_on", date_edit())
        self.kind = self.add_row("&Kind:", "kind", enum_combo([k.value for k in InteractionKind]))
        self.people = self.add_row("&With:", "contact_ids", PeoplePicker(journal))
        self.warmth = self.add_row(
            "W&armth:", "warmth", scale_combo(WARMTH_HINTS, allow_empty="Not recorded")
        )
        self.initiated_by = self.add_row(
            "&Initiated by:",
            "initiated_by",
            enum_combo([i.value for i in Initiator], allow_empty="Not recorded"),
        )
        self.note = self.add_row("N&ote:", "note", text_box(90))
        for contact_id, name in with_people or []:
            self.people.add(contact_id, name)
        self.watch(self.people.changed)

    def fields(self) -> MomentFields:
        return MomentFields(
            occurred_on=date_of(self.occurred_on),
            contact_ids=self.people.ids(),
            kind=str(self.kind.currentData()),
            warmth=self.warmth.currentData(),
            initiated_by=self.initiated_by.currentData(),
            note=self.note.toPlainText(),
        )

    def check(self) -> None:
        if not self.people.ids():
            raise ValidationError("contact_ids", "Add at least one person.")

    def write(self) -> Changed:
        return moments.log_moment(self.journal, self.fields())
