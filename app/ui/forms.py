"""Form helpers shared by the dialogs: errors beside fields, Save enabled only when valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError

W = TypeVar("W", bound=QWidget)

# The CSV spellings are the data; these are what a person reads.
WORDS = {
    "shared_time": "Shared time",
    "none": "None (a gift)",
    "implicit": "Implicit (a return is assumed)",
    "explicit": "Explicit (a return was asked or promised)",
    "given": "I gave",
    "received": "I received",
    "me": "Me",
    "them": "Them",
    "mutual": "Mutual",
}

WEIGHT_HINTS = {
    1: "1 — a small thing (passing the salt, a quick answer)",
    2: "2 — a little effort (a lift, lending a book)",
    3: "3 — real effort (an afternoon, a useful introduction)",
    4: "4 — a big help (moving house, a loan)",
    5: "5 — life-changing (a job, a home, being there in a crisis)",
}

WARMTH_HINTS = {
    1: "1 — cold or tense",
    2: "2 — cool",
    3: "3 — ordinary",
    4: "4 — warm",
    5: "5 — very warm",
}


def word(value: str) -> str:
    """The readable label of an enumeration value."""
    return WORDS.get(value, value.replace("_", " ").capitalize())


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets user text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def enum_combo(values: list[str], *, allow_empty: str | None = None) -> QComboBox:
    """A combo box of enumeration values (item data = the stored spelling)."""
    combo = QComboBox()
    if allow_empty is not None:
        combo.addItem(allow_empty, None)
    for value in values:
        combo.addItem(word(value), value)
    return combo


def scale_combo(hints: dict[int, str], *, allow_empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if allow_empty is not None:
        combo.addItem(allow_empty, None)
    for value, hint in hints.items():
        combo.addItem(hint, value)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    day = value or dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    qdate = edit.date()
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class FormDialog(QDialog):
    """A dialog with a form, an error line under each field, and Save/Cancel.

    Subclasses add rows with `add_row`, implement `check()` (raise
    ValidationError for what is wrong right now, before saving) and `save()`
    (call the core, raise ValidationError if it refuses). Save stays disabled
    while `check()` fails.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.general_error = plain_label()
        self.general_error.setObjectName("formError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    @property
    def save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def add_row(self, label: str, field: str, widget: W) -> W:
        """A labelled field whose error, if any, shows right under it."""
        widget.setAccessibleName(label.rstrip(":").replace("&", ""))
        error = plain_label()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setStyleSheet("color: palette(link); font-size: small;")
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, holder)
        self._errors[field] = error
        return widget

    def watch(self, *signals: object) -> None:
        """Re-check the form whenever one of these signals fires."""
        for signal in signals:
            signal.connect(self.revalidate)  # type: ignore[attr-defined]
        self.revalidate()

    def revalidate(self, *_: object) -> bool:
        self._clear_errors()
        try:
            self.check()
        except ValidationError as error:
            self.show_error(error)
            self.save_button.setEnabled(False)
            return False
        self.save_button.setEnabled(True)
        return True

    def show_error(self, error: ValidationError) -> None:
        label = self._errors.get(error.field)
        if label is None:
            label = self.general_error
        label.setText(str(error))
        label.show()

    def error_text(self, field: str) -> str:
        """What the form says about `field` right now ('' when nothing)."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def _clear_errors(self) -> None:
        for label in [*self._errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def _save(self) -> None:
        if not self.revalidate():
            return
        try:
            self.save()
        except ValidationError as error:
            self.show_error(error)
            return
        self.accept()

    def check(self) -> None:
        """Raise ValidationError for what is wrong with the form as it stands."""

    def save(self) -> None:
        raise NotImplementedError


def on_accept(dialog: QDialog, then: Callable[[], None]) -> None:
    dialog.accepted.connect(then)
