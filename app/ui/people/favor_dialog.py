"""Log a favor given or received, and what it repays."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.core import validation as v
from app.core.changes import Changed
from app.core.enums import Direction, Expectation
from app.core.records import FavorFields
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
    ) -> None:
        title = "Log a favor I gave" if direction is Direction.GIVEN else "Log a favor I received"
        super().__init__(title, parent)
        self.journal, self.bus, self.contact_id = journal, bus, contact_id
        self.add_row("Person:", "contact_id", ElidedLabel(contact_name))
        self.direction = self.add_row(
            "&Direction:", "direction", enum_combo([d.value for d in Direction])
        )
        select_data(self.direction, direction.value)
        self.occurred_on = self.add_row("D&ate:", "occurred_on", date_edit())
        self.description = self.add_row("&What:", "description", QLineEdit())
        self.description.setPlaceholderText("e.g. helped me move the sofa")
        self.weight = self.add_row("W&eight:", "weight", scale_combo(WEIGHT_HINTS))
        select_data(self.weight, 2)
        self.expectation = self.add_row(
            "E&xpectation:", "expectation", enum_combo([e.value for e in Expectation])
        )
        self.repays: QComboBox = self.add_row("This &repays:", "returns_favor_id", QComboBox())
        self.direction.currentIndexChanged.connect(self._fill_repays)
        self.occurred_on.dateChanged.connect(self._fill_repays)
        self._fill_repays()
        self.watch(self.description.textChanged)

    def _fill_repays(self, *_: object) -> None:
        """Earlier favors the other way with this person that nothing repays yet."""
        direction = Direction(str(self.direction.currentData()))
        self.repays.clear()
        self.repays.addItem("Nothing (not a repayment)", None)
        for favor in moments.open_favors(
            self.journal, self.contact_id, direction.opposite, before=date_of(self.occurred_on)
        ):
            self.repays.addItem(f"{favor.occurred_on.isoformat()} — {favor.description}", favor.id)

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
        return moments.log_favor(self.journal, self.fields())
