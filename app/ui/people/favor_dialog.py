"""Log a favor given or received, and what it repays."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.core import validation as v
from app.core.changes import Changed
from app.core.enums import Direction, Expectation
from app.core.records import Favor, FavorFields
from app.core.services import moments
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.fitting import ElidedLabel
from app.ui.kit.forms import (
    WEIGHT_HINTS,
    FormDialog,
    date_edit,
    date_of,
    enum_combo,
    scale_combo,
    select_data,
)
from app.ui.ops import Op


class FavorDialog(FormDialog):
    """A favor between me and one person; "this repays…" lists their open favors the other way."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        contact_id: int,
        contact_name: str,
        direction: Direction = Direction.GIVEN,
        parent: QWidget | None = None,
        *,
        favor: Favor | None = None,
    ) -> None:
        if favor is not None:
            direction = favor.direction
            title = "Edit favor"
        elif direction is Direction.GIVEN:
            title = "Log a favor I gave"
        else:
            title = "Log a favor I received"
        super().__init__(title, parent)
        self.journal, self.bus, self.contact_id, self.favor = journal, bus, contact_id, favor
        self.add_row("Person:", "contact_id", ElidedLabel(contact_name))
        self.direction = self.add_row(
            "&Direction:", "direction", enum_combo([d.value for d in Direction])
        )
        select_data(self.direction, direction.value)
        self.occurred_on = self.add_row("D&ate:", "occurred_on", date_edit())
        self.description = self.add_row("&What:", "description", QLineEdit())
        self.weight = self.add_row("W&eight:", "weight", scale_combo(WEIGHT_HINTS))
        select_data(self.weight, 2)
        self.expectation = self.add_row(
            "E&xpectation:", "expectation", enum_combo([e.value for e in Expectation])
        )
        self.repays: QComboBox = self.add_row("This &repays:", "returns_favor_id", QComboBox())
        self.direction.currentIndexChanged.connect(self._fill_repays)
        self.direction.currentIndexChanged.connect(self._suggest_wording)
        self._suggest_wording()
        self.occurred_on.dateChanged.connect(self._fill_repays)
        if favor is not None:
            day = favor.occurred_on
            self.occurred_on.setDate(QDate(day.year, day.month, day.day))
            self.description.setText(favor.description)
            select_data(self.weight, favor.weight)
            select_data(self.expectation, favor.expectation.value)
            self.start_in = self.description
        self._fill_repays()
        if favor is not None:
            select_data(self.repays, favor.returns_favor_id)
        self.watch(self.description.textChanged)

    def _suggest_wording(self, *_: object) -> None:
        given = self.direction.currentData() == Direction.GIVEN.value
        self.description.setPlaceholderText(
            "e.g. helped them move the sofa" if given else "e.g. helped me move the sofa"
        )

    def _fill_repays(self, *_: object) -> None:
        """Earlier favors the other way with this person that nothing repays yet."""
        direction = Direction(str(self.direction.currentData()))
        chosen = self.repays.currentData()
        self.repays.clear()
        self.repays.addItem("Nothing (not a repayment)", None)
        day = date_of(self.occurred_on)
        choices = moments.open_favors(self.journal, self.contact_id, direction.opposite, before=day)
        # The favor this one already repays is not open any more, yet it is a choice.
        linked = self.favor.returns_favor_id if self.favor is not None else None
        if linked is not None and linked not in {f.id for f in choices}:
            earlier = moments.get_favor(self.journal, linked)
            if earlier.direction is direction.opposite and earlier.occurred_on <= day:
                choices = sorted([*choices, earlier], key=lambda f: f.occurred_on, reverse=True)
        for favor in choices:
            self.repays.addItem(f"{favor.occurred_on.isoformat()} — {favor.description}", favor.id)
        select_data(self.repays, chosen)

    def fields(self) -> FavorFields:
        return FavorFields(
            contact_id=self.contact_id,
            direction=str(self.direction.currentData()),
            occurred_on=date_of(self.occurred_on),
            description=self.description.text(),
            weight=int(self.weight.currentData()),
            expectation=str(self.expectation.currentData()),
            returns_favor_id=self.repays.currentData(),
        )

    def check(self) -> None:
        v.text("description", self.description.text(), required=True)

    def write(self) -> Changed:
        if self.favor is None:
            return moments.log_favor(self.journal, self.fields())
        return moments.update_favor(self.journal, self.favor.id, self.fields())

    def done_text(self) -> str | None:
        return None if self.favor is None else "Saved the changes to the favor"

    def undo_op(self) -> Op | None:
        if self.favor is None:
            return None
        old, journal = self.favor, self.journal
        before = FavorFields(
            contact_id=old.contact_id,
            direction=old.direction,
            occurred_on=old.occurred_on,
            description=old.description,
            weight=old.weight,
            expectation=old.expectation,
            returns_favor_id=old.returns_favor_id,
        )
        return Op(lambda: moments.update_favor(journal, old.id, before))
