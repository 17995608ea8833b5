"""Add someone to a coalition, or edit what I know of their part in it."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QVBoxLayout, QWidget

from app.core import validation as v
from app.core.changes import Changed
from app.core.errors import ValidationError
from app.core.records import Member, MemberFields
from app.core.services import coalitions
from app.core.services.contacts import search_contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.coalitions.coalition_dialog import commitment_combo, commitment_of
from app.ui.kit.forms import (
    FormDialog,
    OptionalDate,
    plain_label,
    select_data,
    select_tristate,
    text_box,
    tristate_combo,
    tristate_of,
)


class PersonField(QWidget):
    """One person, found by typing part of their name; `contact_id()` is who was chosen."""

    changed = Signal()

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a name from your journal")
        self.search.setAccessibleName("Person")
        self._matches: dict[str, int] = {}
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.setCompleter(self._completer)
        self.search.textEdited.connect(self._suggest)
        self.search.textChanged.connect(self.changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        self.setFocusProxy(self.search)

    def _suggest(self, text: str) -> None:
        found = search_contacts(self.journal, text, limit=30) if text.strip() else []
        names = [name for _, name in found]
        # Two people may share a name: the id keeps them apart.
        self._matches = {
            (f"{name} (#{cid})" if names.count(name) > 1 else name): cid for cid, name in found
        }
        self._names.setStringList(list(self._matches))

    def contact_id(self) -> int | None:
        text = self.search.text().strip()
        if text in self._matches:
            return self._matches[text]
        if not text:
            return None
        exact = [cid for cid, name in search_contacts(self.journal, text, limit=5) if name == text]
        return exact[0] if len(exact) == 1 else None


class MemberDialog(FormDialog):
    """`member=None` adds someone to coalition `coalition_id`; otherwise edits `member`."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        coalition_id: int,
        member: Member | None = None,
        *,
        existing: frozenset[int] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit {member.name}'s membership" if member else "Add a member"
        super().__init__(title, parent)
        self.journal, self.bus = journal, bus
        self.coalition_id, self.member = coalition_id, member
        self.existing = existing  # contact ids already in the coalition
        self.saved_id: int | None = member.membership_id if member else None
        self.person: PersonField | None = None
        if member is None:
            self.person = PersonField(journal)
            self.add_row("&Person:", "contact_id", self.person)
        else:
            self.add_row("Person:", "contact_id", plain_label(member.name))
        self.role = QLineEdit()
        self.role.setPlaceholderText("Organiser, treasurer, neighbour…")
        self.interest = text_box()
        self.interest.setPlaceholderText("Why they take part, and what they stand to gain")
        self.commitment = commitment_combo()
        self.knows_goal = tristate_combo()
        self.agrees_outcome = tristate_combo()
        self.joined = OptionalDate("Joined on")
        self.left = OptionalDate("Left on")
        self.add_row("&Role:", "role", self.role)
        self.add_row("Their &interest:", "interest", self.interest)
        self.add_row("&Commitment:", "commitment", self.commitment)
        self.add_row("&Knows the goal:", "knows_goal", self.knows_goal)
        self.add_row("&Agrees on the result:", "agrees_outcome", self.agrees_outcome)
        self.add_row("Joined:", "joined_on", self.joined)
        self.add_row("Left:", "left_on", self.left)
        if member is not None:
            self._fill(member)
        signals: list[object] = [
            self.role.textChanged,
            self.interest.textChanged,
            self.joined.changed,
            self.left.changed,
        ]
        if self.person is not None:
            signals.append(self.person.changed)
        self.watch(*signals)

    def _fill(self, member: Member) -> None:
        self.role.setText(member.role)
        self.interest.setPlainText(member.interest)
        if member.commitment is not None:
            select_data(self.commitment, member.commitment)
        select_tristate(self.knows_goal, member.knows_goal)
        select_tristate(self.agrees_outcome, member.agrees_outcome)
        if member.joined_on is not None:
            self.joined.set_value(member.joined_on)
        if member.left_on is not None:
            self.left.set_value(member.left_on)

    def contact_id(self) -> int | None:
        if self.member is not None:
            return self.member.contact_id
        return self.person.contact_id() if self.person is not None else None

    def check(self) -> None:
        if self.person is not None:
            typed = self.person.search.text().strip()
            chosen = self.person.contact_id()
            if chosen is None:
                message = (
                    f"No one called {typed!r} in your journal; pick a name from the list."
                    if typed
                    else "Choose who joins: type part of their name."
                )
                raise ValidationError("contact_id", message)
            if chosen in self.existing:
                raise ValidationError("contact_id", f"{typed} is already a member.")
        v.text("role", self.role.text(), limit=200)
        v.text("interest", self.interest.toPlainText())
        v.date_order("joined_on", self.joined.value(), "left_on", self.left.value())

    def fields(self) -> MemberFields:
        contact_id = self.contact_id()
        if contact_id is None:
            raise ValidationError("contact_id", "Choose who joins: type part of their name.")
        return MemberFields(
            coalition_id=self.coalition_id,
            contact_id=contact_id,
            role=self.role.text(),
            interest=self.interest.toPlainText(),
            commitment=commitment_of(self.commitment),
            knows_goal=tristate_of(self.knows_goal),
            agrees_outcome=tristate_of(self.agrees_outcome),
            joined_on=self.joined.value(),
            left_on=self.left.value(),
        )

    def write(self) -> Changed:
        if self.member is None:
            return coalitions.add_member(self.journal, self.fields())
        return coalitions.update_member(self.journal, self.member.membership_id, self.fields())
