"""The editors of the Preferences dialog: one spin box per tunable threshold.

Shares are shown as percentages, warmth on its 1–5 scale, days and counts as whole
numbers; each editor's range is the one the core accepts, and its tooltip gives the
default and what the number means (the README's words, from app/core/reflection/tuning.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.core.errors import ValidationError
from app.core.reflection import tuning
from app.core.reflection.tuning import Tunable
from app.ui.kit.forms import muted, plain_label

_PERCENT = ("share", "points")
_SUFFIX = {"share": "%", "points": " points", "days": " days"}


def editor(tunable: Tunable) -> QSpinBox | QDoubleSpinBox:
    """A spin box for `tunable`, its range the core's, its tooltip the meaning and default."""
    box: QSpinBox | QDoubleSpinBox
    if tunable.unit == "warmth":
        box = QDoubleSpinBox()
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setRange(tunable.low, tunable.high)
    else:
        box = QSpinBox()
        scale = 100 if tunable.unit in _PERCENT else 1
        box.setRange(round(tunable.low * scale), round(tunable.high * scale))
        box.setSuffix(_SUFFIX.get(tunable.unit, ""))
        if tunable.unit == "days" and tunable.high >= 365:
            box.setSingleStep(7)
    box.setAccelerated(True)
    box.setMinimumWidth(120)
    box.setAccessibleName(tunable.label)
    box.setToolTip(f"{tunable.meaning}\nDefault: {tuning.shown(tunable, tunable.default)}.")
    box.setObjectName(tunable.name)
    set_value(box, tunable, tunable.default)
    return box


def with_default(box: QAbstractSpinBox, default: str) -> QWidget:
    """The box at its natural width, its default in grey beside it."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(box)
    hint = plain_label(f"default {default}")
    muted(hint, True)
    row.addWidget(hint)
    row.addStretch(1)
    holder.setFocusProxy(box)
    return holder


def align_labels(forms: list[QFormLayout]) -> None:
    """One label column for several forms (one per section), so that the boxes line up."""
    labels = [
        item.widget()
        for form in forms
        for number in range(form.rowCount())
        if (item := form.itemAt(number, QFormLayout.ItemRole.LabelRole)) is not None
    ]
    shown = [label for label in labels if isinstance(label, QLabel)]
    widest = max((label.sizeHint().width() for label in shown), default=0)
    for label in shown:
        label.setMinimumWidth(widest)


def set_value(box: QAbstractSpinBox, tunable: Tunable, value: float) -> None:
    if isinstance(box, QDoubleSpinBox):
        box.setValue(value)
    elif isinstance(box, QSpinBox):
        box.setValue(round(value * 100) if tunable.unit in _PERCENT else int(value))


def value_of(box: QAbstractSpinBox, tunable: Tunable) -> float | int:
    """What the box holds, in the Thresholds' terms; ValidationError (with the field's name)
    while its text is not a number in range (emptied, or half typed)."""
    if not box.hasAcceptableInput():
        reason = tuning.problem(tunable, None) or ""
        raise ValidationError(tunable.name, reason)
    if isinstance(box, QDoubleSpinBox):
        return round(box.value(), 1)
    assert isinstance(box, QSpinBox)
    return box.value() / 100 if tunable.unit in _PERCENT else box.value()
