"""Add or edit a person."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from app.core import validation as v
from app.core.changes import Changed
from app.core.enums import Tie
from app.core.records import Contact, ContactFields
from app.core.services import contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import FormDialog, enum_combo, select_data, text_box


class ContactDialog(FormDialog):
    """`contact=None` adds a new person; `saved_id` is their id once saved."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        contact: Contact | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit person" if contact else "Add a person", parent)
        self.journal, self.bus, self.contact = journal, bus, contact
        self.saved_id: int | None = contact.id if contact else None
        self.name = self.add_row("&Name:", "name", QLineEdit())
        self.tie = self.add_row("&Tie:", "tie", enum_combo([t.value for t in Tie]))
        self.how_met = self.add_row("&How we met:", "how_met", QLineEdit())
        self.email = self.add_row("E&mail:", "email", QLineEdit())
        self.phone = self.add_row("&Phone:", "phone", QLineEdit())
        self.organization = self.add_row("&Organization:", "organization", QLineEdit())
        self.birthday = self.add_row("&Birthday:", "birthday", QLineEdit())
        self.birthday.setPlaceholderText("YYYY-MM-DD, or --MM-DD without the year")
        keep = QSpinBox()
        keep.setRange(0, 3660)
        keep.setSpecialValueText("Not set")
        keep.setSuffix(" days")
        self.keep_in_touch = self.add_row("&Keep in touch every:", "keep_in_touch_days", keep)
        self.notes = self.add_row("Not&es:", "notes", text_box(100))
        select_data(self.tie, Tie.FRIEND.value)
        if contact is not None:
            self.name.setText(contact.name)
            select_data(self.tie, contact.tie.value)
            self.how_met.setText(contact.how_met)
            self.email.setText(contact.email)
            self.phone.setText(contact.phone)
            self.organization.setText(contact.organization)
            self.birthday.setText(contact.birthday or "")
            keep.setValue(contact.keep_in_touch_days or 0)
            self.notes.setPlainText(contact.notes)
            self.start_in = self.name
        self.watch(self.name.textChanged, self.birthday.textChanged)

    def fields(self) -> ContactFields:
        return ContactFields(
            name=self.name.text(),
            tie=str(self.tie.currentData()),
            how_met=self.how_met.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            organization=self.organization.text(),
            birthday=self.birthday.text().strip() or None,
            keep_in_touch_days=self.keep_in_touch.value() or None,
            notes=self.notes.toPlainText(),
        )

    def check(self) -> None:
        v.name("name", self.name.text())
        v.birthday(self.birthday.text().strip() or None)

    def write(self) -> Changed:
        if self.contact is None:
            return contacts.add_contact(self.journal, self.fields())
        return contacts.update_contact(self.journal, self.contact.id, self.fields())
