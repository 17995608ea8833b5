"""Form helpers shared by the dialogs and places: errors beside fields, Save enabled only
when valid, and the small widgets and words every screen uses."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changed
from app.core.errors import KithError, ValidationError
from app.ui.bus import ChangeBus
from app.ui.kit import dates, keyboard
from app.ui.kit.fitting import FormScroll
from app.ui.ops import Op, run

W = TypeVar("W", bound=QWidget)
T = TypeVar("T", bound=QTreeView)

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


# The data of the Unknown/Yes/No combos, since a combo cannot hold None and bools apart.
_TRISTATE: dict[str, bool | None] = {"unknown": None, "yes": True, "no": False}


# ---- words ------------------------------------------------------------------------------


def word(value: str) -> str:
    """The readable label of an enumeration value."""
    return WORDS.get(value, value.replace("_", " ").capitalize())


def gist(text: str, limit: int = 80) -> str:
    """Free text on one line, cut short with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def day(value: dt.date | None, missing: str = "—") -> str:
    return value.isoformat() if value is not None else missing


def yes_no(value: bool | None) -> str:
    return "Unknown" if value is None else ("Yes" if value else "No")


def tooltip(text: str) -> str | None:
    """User text as a tooltip, shown as typed (None when blank).

    Tooltips guess at rich text: escaped, a "<b>" in a note shows as typed.
    """
    text = text.strip()
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>" if text else None


# ---- labels -----------------------------------------------------------------------------


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets user text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def centred_message(text: str, width: int = 460) -> tuple[QWidget, QLabel]:
    """A page with one quiet, wrapped sentence in its middle (an empty state);
    returns the page and the label, whose text may change later."""
    label = plain_label(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    # As wide as `width` where there is room, narrower (and taller) where there is not.
    narrowest = min(width, 240)
    label.setMinimumWidth(narrowest)
    label.setMaximumWidth(width)
    # A centred, wrapped label gets its one-line height unless told how tall it is.
    label.setMinimumHeight(label.heightForWidth(narrowest))
    page = QWidget()
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addStretch(2)
    return page, label


def heading(text: str = "", scale: float = 1.25) -> QLabel:
    """A bold, larger plain-text label: a title without any HTML."""
    label = plain_label(text)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted(label: QLabel, on: bool) -> None:
    """Grey italics for a gentle placeholder, the ordinary text colour otherwise."""
    font = label.font()
    font.setItalic(on)
    label.setFont(font)
    role = QPalette.ColorRole.PlaceholderText if on else QPalette.ColorRole.WindowText
    label.setForegroundRole(role)


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose mnemonic ("&Show:") puts the cursor in `widget`."""
    label = plain_label(text)
    label.setBuddy(widget)
    return label


# ---- fields -----------------------------------------------------------------------------


def named(widget: W, name: str) -> W:
    """`widget`, with the name a screen reader says."""
    widget.setAccessibleName(name)
    return widget


def button(text: str, slot: Callable[[], object]) -> QPushButton:
    """A push button that calls `slot()` when clicked."""
    pushed = named(QPushButton(text), text)
    pushed.clicked.connect(lambda: slot())  # not slot(checked): it takes no argument
    return pushed


def row(*items: QWidget | int | None) -> QHBoxLayout:
    """A row of widgets (combo boxes take the room left); an int is a gap, None a stretch."""
    layout = QHBoxLayout()
    for item in items:
        if item is None:
            layout.addStretch()
        elif isinstance(item, int):
            layout.addSpacing(item)
        else:
            layout.addWidget(item, 1 if isinstance(item, QComboBox) else 0)
    return layout


def record_list(view: T, model: QAbstractItemModel, name: str) -> T:
    """`view` as a flat list of records, one chosen at a time; column 1 takes the room left."""
    view.setAccessibleName(name)
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return view


def text_box(height: int = 72) -> QPlainTextEdit:
    """A few lines of free text, where Tab moves on rather than typing a tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


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


def searchable(combo: QComboBox, hint: str = "Type part of a name") -> QComboBox:
    """`combo` as a picker that finds its choices by any part of their name as one
    types (a journal of 10,000 people is not a list to scroll)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    edit = combo.lineEdit()
    assert edit is not None  # an editable combo box has one
    edit.setPlaceholderText(hint)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.activated[QModelIndex].connect(  # type: ignore[index]
        lambda index: combo.setCurrentIndex(
            completer.completionModel().mapToSource(index).row()  # type: ignore[attr-defined]
        )
    )
    combo.setCompleter(completer)
    # Typing a name that is no choice changes nothing: the text goes back to the choice.
    edit.editingFinished.connect(lambda: edit.setText(combo.currentText()))
    return combo


def tristate_combo() -> QComboBox:
    """Unknown, Yes or No: a fact that may not be known yet."""
    combo = QComboBox()
    for key in _TRISTATE:
        combo.addItem(key.capitalize(), key)
    return combo


def tristate_of(combo: QComboBox) -> bool | None:
    return _TRISTATE.get(str(combo.currentData()))


def select_tristate(combo: QComboBox, value: bool | None) -> None:
    select_data(combo, {None: "unknown", True: "yes", False: "no"}[value])


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    dates.apply(edit)  # the person's date format and first day of the week (Preferences)
    day = value or dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    qdate = edit.date()
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class OptionalDate(QWidget):
    """A day that may be unknown: a "known" box that switches a date editor on."""

    changed = Signal()

    def __init__(self, label: str, value: dt.date | None = None) -> None:
        super().__init__()
        self.known = QCheckBox("known")
        self.known.setAccessibleName(f"{label} is known")
        self.edit = date_edit(value)
        self.edit.setAccessibleName(label)
        self.known.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.known.toggled.connect(self.edit.setEnabled)
        self.known.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.known)  # a label's mnemonic lands on "known"

    def value(self) -> dt.date | None:
        return date_of(self.edit) if self.known.isChecked() else None

    def set_value(self, value: dt.date) -> None:
        self.known.setChecked(True)
        self.edit.setDate(QDate(value.year, value.month, value.day))


class FormDialog(QDialog):
    """A dialog with a form, an error line under each field, and Save/Cancel.

    Subclasses set `bus`, add rows with `add_row`, implement `check()` (raise
    ValidationError for what is wrong right now, before saving) and `write()`
    (the one core call that saves, returning what it changed). Save stays
    disabled while `check()` fails; a refusal shows under its field, or under
    the form, and the dialog stays open with everything typed in it.
    """

    bus: ChangeBus

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.saved_id: int | None = None  # the record a Save created
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        # Enter saves (when Save is enabled); a focused button is pressed by Space only.
        for pushed in self.buttons.buttons():
            if isinstance(pushed, QPushButton):
                pushed.setAutoDefault(False)
        self.save_button.setDefault(True)
        self._fresh: tuple[object, ...] | None = None  # the form as it opened
        self.discard_box: QMessageBox | None = None
        self.start_in: QWidget | None = None  # where an edit starts, when nothing is wrong
        self._tried = False  # Save pressed or something typed: what is wrong is said
        self.general_error = plain_label()
        self.general_error.setObjectName("formError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        fields = QWidget()
        fields.setLayout(self.form)
        self.form.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        # On a short screen the fields scroll; the error and Save stay in sight.
        layout.addWidget(FormScroll(fields), 1)
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
        error.setStyleSheet(f"color: {error_colour(self.palette())}; font-size: small;")
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        # The label's mnemonic focuses the field itself, not the holder around it.
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        self._errors[field] = error
        return widget

    # ---- the keyboard -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fresh is not None:
            return
        for pushed in self.findChildren(QPushButton):
            if pushed is not self.save_button:
                pushed.setAutoDefault(False)
        stops = keyboard.order_tabs(self)
        keyboard.leave_lists_with_tab(self)
        self._fresh = keyboard.state_of(self)
        first = self.first_field(stops)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self, stops: list[QWidget]) -> QWidget | None:
        """Where the cursor starts: the field something is wrong with, else the first
        empty text field, else the first field (never a button)."""
        fields = [w for w in stops if not isinstance(w, QPushButton) and w.isEnabled()]
        if self.start_in is not None and self.start_in in fields and self.revalidate():
            return self.start_in
        wrong = next((f for f, label in self._errors.items() if not label.isHidden()), None)
        if wrong is not None:
            holder = self._errors[wrong].parentWidget()
            inside = [w for w in fields if holder is not None and holder.isAncestorOf(w)]
            if inside:
                return inside[0]
        empty = [w for w in fields if keyboard.needs_typing(w)]
        chosen = empty or fields
        return chosen[0] if chosen else None

    def touched(self) -> bool:
        """Whether anything in the form differs from how it opened."""
        return self._fresh is not None and keyboard.state_of(self) != self._fresh

    def reject(self) -> None:
        """Escape or Cancel: what was typed is thrown away only once the user says so."""
        if self.discard_box is not None:
            return  # already asking
        if not self.touched():
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            "Throw away what you typed?",
            parent=self,
        )
        self.discard_box = box
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole))
        box.setEscapeButton(box.defaultButton())

        def answered() -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                super(FormDialog, self).reject()

        box.finished.connect(answered)
        box.open()

    def watch(self, *signals: object) -> None:
        """Re-check the form whenever one of these signals fires."""
        for signal in signals:
            signal.connect(self.revalidate)  # type: ignore[attr-defined]
        self.revalidate()

    def revalidate(self, *_: object) -> bool:
        # Once the user has changed something, the form says what is wrong with it.
        self._tried = self._tried or self.touched()
        self._clear_errors()
        try:
            self.check()
        except ValidationError as error:
            # Nothing is said about a fresh form: Save stays disabled until it is right.
            if self._tried:
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
        # Once said, its room stays: the form does not jump when the error goes.
        policy = label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        label.setSizePolicy(policy)
        label.show()

    def error_text(self, field: str) -> str:
        """What the form says about `field` right now ('' when nothing)."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def _clear_errors(self) -> None:
        for label in [*self._errors.values(), self.general_error]:
            # A label keeping its room keeps its words too (hidden), so the room stays
            # the size it was.
            if not label.sizePolicy().retainSizeWhenHidden():
                label.clear()
            label.hide()

    def _save(self) -> None:
        self._tried = True
        if not self.revalidate():
            return
        op = Op(
            self.write,
            then=self.saved,
            failed=self._refused,
            done=self.done_text(),
            undo=self.undo_op(),
        )
        result = run(self.bus, op)
        if result is None:
            return
        if result.new_id is not None:
            self.saved_id = result.new_id
        self.accept()

    def _refused(self, error: KithError) -> None:
        if isinstance(error, ValidationError):
            self.show_error(error)
        else:
            # A full disk or a read-only journal: the dialog stays open with everything
            # typed in it, so that Save can be pressed again once the trouble is gone.
            self.general_error.setText(str(error))
            self.general_error.show()

    def check(self) -> None:
        """Raise ValidationError for what is wrong with the form as it stands."""

    def write(self) -> Changed:
        """Save the form through one core call; raise ValidationError if it refuses."""
        raise NotImplementedError

    def saved(self, result: Changed) -> None:
        """Called once the save is published, before the dialog closes."""

    def done_text(self) -> str | None:
        """The status line's sentence once saved (with the Undo button, if `undo_op`)."""
        return None

    def undo_op(self) -> Op | None:
        """What puts the record back as it was before this save (an edit's old fields)."""
        return None


def error_colour(palette: QPalette) -> str:
    """A red that reads as "wrong" on a light window and on a dark one (not link blue)."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return "#ff8a80" if dark else "#b3261e"


def on_accept(dialog: QDialog, then: Callable[[], None]) -> None:
    dialog.accepted.connect(then)
