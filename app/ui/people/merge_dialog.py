"""Merge two people: for each field that differs, keep one value or both; then one merge.

What moves is said before anything happens (the core's plan). After the merge
the status bar offers Undo, which puts everything back exactly.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import KithError
from app.core.services import merge
from app.core.services.merge import MergePlan
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import plain_label

_ELIDE = 48


def _value(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return "(empty)"
    return text if len(text) <= _ELIDE else text[: _ELIDE - 1] + "…"


class MergeDialog(QDialog):
    """Choose field by field, then merge `other_id` into `keep_id` (Swap turns it round)."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        keep_id: int,
        other_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.bus = bus
        self.setWindowTitle("Merge people")
        self.groups: dict[str, QButtonGroup] = {}
        self.body = QWidget()
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setDefault(True)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.swap_button = QPushButton("&Swap who is kept")
        buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.do_merge)
        buttons.rejected.connect(self.reject)
        self.swap_button.clicked.connect(self.swap)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.body)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(buttons)
        self.plan: MergePlan | None = None
        self.show_plan(keep_id, other_id)

    def show_plan(self, keep_id: int, other_id: int) -> None:
        """Lay out the choices for merging `other_id` into `keep_id`."""
        try:
            plan = merge.plan_merge(self.journal, keep_id, other_id)
        except KithError as error:
            self.summary.setText(str(error))
            self.merge_button.setEnabled(False)
            return
        self.plan = plan
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(QLabel(f"<b>Keep: {_escape(plan.keep_name)}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>Merge in: {_escape(plan.other_name)}</b>"), 0, 2)
        grid.addWidget(plain_label("Both"), 0, 3)
        self.groups = {}
        row = 1
        for choice in plan.fields:
            if not choice.differs:
                continue
            group = QButtonGroup(body)
            grid.addWidget(plain_label(choice.label), row, 0)
            for column, (how, text) in enumerate(
                (
                    ("keep", _value(choice.keep_value)),
                    ("other", _value(choice.other_value)),
                    ("both", "keep, and add the other's to the notes"),
                ),
                start=1,
            ):
                button = QRadioButton(text)
                button.setAccessibleName(f"{choice.label}: {how}")
                button.setProperty("how", how)
                group.addButton(button)
                button.setChecked(how == choice.default)
                grid.addWidget(button, row, column)
            self.groups[choice.field] = group
            row += 1
        if row == 1:
            grid.addWidget(plain_label("Their details do not differ."), 1, 0, 1, 4)
        self.layout_.replaceWidget(self.body, body)
        self.body.deleteLater()
        self.body = body
        self.summary.setText("\n".join(plan.moves()))
        self.merge_button.setEnabled(True)
        first = next(iter(self.groups.values()), None)
        checked = first.checkedButton() if first is not None else None
        (checked or self.merge_button).setFocus()

    def choices(self) -> dict[str, str]:
        """Each differing field and what the user chose for it."""
        picked = {}
        for field, group in self.groups.items():
            button = group.checkedButton()
            if button is not None:
                picked[field] = str(button.property("how"))
        return picked

    def swap(self) -> None:
        if self.plan is not None:
            self.show_plan(self.plan.other_id, self.plan.keep_id)

    def do_merge(self) -> None:
        plan = self.plan
        if plan is None:
            return
        try:
            outcome = merge.merge_people(self.journal, plan.keep_id, plan.other_id, self.choices())
        except KithError as error:
            QMessageBox.warning(self, "Merge people", str(error))
            return
        self.bus.publish(outcome.changed)

        def undo() -> None:
            try:
                self.bus.publish(merge.undo_merge(self.journal, outcome.undo))
            except KithError as error:
                self.bus.say(str(error))

        self.bus.say(f"Merged {plan.other_name} into {plan.keep_name}.", undo)
        self.accept()


def _escape(text: str) -> str:
    return html.escape(text)
