"""Log a moment spent with one or more people."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from app.core.changes import Changed
from app.core.enums import Initiator, InteractionKind
from app.core.errors import ValidationError
from app.core.records import Moment, MomentFields
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
    select_data,
    text_box,
)
from app.ui.kit.people_picker import PeoplePicker
from app.ui.ops import Op


class MomentDialog(FormDialog):
    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        with_people: list[tuple[int, str]] | None = None,
        parent: QWidget | None = None,
        *,
        moment: Moment | None = None,
    ) -> None:
        super().__init__("Edit moment" if moment else "Log a moment", parent)
        self.journal, self.bus, self.moment = journal, bus, moment
        self.occurred_on = self.add_row("&Date:", "occurred_on", date_edit())
        self.kind = self.add_row("&Kind:", "kind", enum_combo([k.value for k in InteractionKind]))
        self.people = self.add_row("&With:", "contact_ids", PeoplePicker(journal, bus))
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
        if moment is not None:
            self._fill(moment)
            self.start_in = self.note
        self.watch(self.people.changed)

    def _fill(self, moment: Moment) -> None:
        day = moment.occurred_on
        self.occurred_on.setDate(QDate(day.year, day.month, day.day))
        select_data(self.kind, moment.kind.value)
        select_data(self.warmth, moment.warmth)
        select_data(self.initiated_by, moment.initiated_by.value if moment.initiated_by else None)
        self.note.setPlainText(moment.note)
        for contact_id, name in moment.participants:
            self.people.add(contact_id, name)

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
        if self.moment is None:
            return moments.log_moment(self.journal, self.fields())
        return moments.update_moment(self.journal, self.moment.id, self.fields())

    def done_text(self) -> str | None:
        return None if self.moment is None else "Saved the changes to the moment"

    def undo_op(self) -> Op | None:
        if self.moment is None:
            return None
        old, journal = self.moment, self.journal
        before = MomentFields(
            occurred_on=old.occurred_on,
            contact_ids=tuple(cid for cid, _ in old.participants),
            kind=old.kind,
            warmth=old.warmth,
            initiated_by=old.initiated_by,
            note=old.note,
        )
        return Op(lambda: moments.update_moment(journal, old.id, before))
