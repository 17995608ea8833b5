"""The quick log: one line typed from anywhere (Ctrl+Shift+L), read live, saved with Enter.

What Kith understood shows under the line as it is typed: moment or favor, the
day, the kind or direction, weight, expectation, warmth, and each person with
a choice where the name fits several people or nobody. Enter saves through the
same services as the dialogs (Undo in the status bar takes it back); "Full
dialog…" opens the moment or favor dialog with everything filled in.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.capture.people_match import AMBIGUOUS, MATCHED, PeopleIndex, fold
from app.core.capture.quicklog import FAVOR, QuickLog, Reading, read_day
from app.core.capture.quicklog_save import ADD_PERSON, save_reading, undo_saved
from app.core.errors import KithError
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import named, plain_label, select_data

# Not Ctrl+K: a focused line edit takes that for "delete to the end of the line".
SHORTCUT = "Ctrl+Shift+L"
_CHOOSE = "choose"


def describe(reading: Reading) -> str:
    """What Kith understood, in one line a person reads at a glance."""
    day = f"{reading.day:%a} {reading.day.day} {reading.day:%b %Y}"
    if reading.entry == FAVOR:
        assert reading.direction is not None and reading.expectation is not None
        way = "I gave" if reading.direction.value == "given" else "I received"
        return (
            f"Favor {way} · {day} · weight {reading.weight} · "
            f"expectation: {reading.expectation.value}"
        )
    parts = [f"Moment · {reading.kind.value.replace('_', ' ')}", day]
    if reading.warmth:
        parts.append(f"warmth {reading.warmth}")
    if reading.initiated_by:
        parts.append(f"initiated by {reading.initiated_by.value}")
    return " · ".join(parts)


class QuickLogPopup(QDialog):
    """The line, the live reading and the people; `saved` holds what Enter wrote."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick log")
        self.setMinimumWidth(560)
        self.journal, self.bus = journal, bus
        self.today = today or clock.today()
        self.reader = QuickLog(PeopleIndex.load(journal))
        self.reading: Reading | None = None
        self.saved: tuple[tuple[str, int], ...] = ()
        self.full_dialog: QDialog | None = None
        self._choices: dict[str, int | str] = {}

        self.line = named(QLineEdit(), "Quick log line")
        self.line.setPlaceholderText("e.g. coffee with Sam and Ana yesterday, warm")
        self.line.textChanged.connect(self._reread)
        self.line.returnPressed.connect(self.save)
        self.understood = named(plain_label("Type what happened, with whom and when."), "Reading")
        self.understood.setWordWrap(True)
        self.people_box = QFormLayout()
        self.people_box.setContentsMargins(0, 0, 0, 0)
        self.note = named(plain_label(), "Note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = named(plain_label(), "Problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(link);")
        self.full_button = named(QPushButton("&Full dialog…"), "Open the full dialog")
        self.full_button.setAutoDefault(False)
        self.full_button.clicked.connect(self.open_full_dialog)
        self.save_button = named(QPushButton("&Save"), "Save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel = named(QPushButton("Cancel"), "Cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)

        people = QWidget()
        people.setLayout(self.people_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.full_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        hint = plain_label("Enter saves · Esc closes · anything not understood stays in the note")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.understood)
        layout.addWidget(people)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self._reread("")
        self.line.setFocus()
        # dateparser's first reading loads its English data (0.2 s): do it now, not
        # on the keystroke that first types a date.
        QTimer.singleShot(0, lambda: read_day("3 days ago", self.today))

    # ---- reading ------------------------------------------------------------------------------

    def _reread(self, text: str) -> None:
        self.reading = self.reader.read(text, self.today) if text.strip() else None
        while self.people_box.rowCount():
            self.people_box.removeRow(0)
        if self.reading is None:
            self.understood.setText("Type what happened, with whom and when.")
            self.note.clear()
            self.problem.clear()
            self.save_button.setEnabled(False)
            return
        self.understood.setText(describe(self.reading))
        for person in self.reading.people:
            self.people_box.addRow(f"{person.text}:", self._person_widget(person))
        label = "What" if self.reading.entry == FAVOR else "Note"
        self.note.setText(f"{label}: {self.reading.note}" if self.reading.note else "")
        self._show_problems()

    def _person_widget(self, person: object) -> QWidget:
        from app.core.capture.people_match import PersonMatch

        assert isinstance(person, PersonMatch)
        if person.status == MATCHED:
            return named(plain_label(f"{person.name} ✓"), f"{person.text}: {person.name}")
        combo = named(QComboBox(), f"Who is {person.text}")
        combo.addItem("Choose who this is…", _CHOOSE)
        for cid, name in person.candidates:
            combo.addItem(f"{name} (#{cid})", cid)
        combo.addItem(f"Add “{person.text}” as a new person", ADD_PERSON)
        key = fold(person.text)
        if key in self._choices:
            select_data(combo, self._choices[key])
        elif person.status != AMBIGUOUS and not person.candidates:
            select_data(combo, ADD_PERSON)
        self._choices[key] = combo.currentData()
        combo.currentIndexChanged.connect(
            lambda _i, key=key, combo=combo: self._choose(key, combo.currentData())
        )
        return combo

    def _choose(self, key: str, value: int | str) -> None:
        self._choices[key] = value
        self._show_problems()

    def chosen(self) -> dict[int, int | str]:
        """The window's choice for each unsettled name, by its position in the reading."""
        found: dict[int, int | str] = {}
        if self.reading is not None:
            for number, person in enumerate(self.reading.people):
                value = self._choices.get(fold(person.text))
                if person.status != MATCHED and value not in (None, _CHOOSE):
                    assert value is not None
                    found[number] = value
        return found

    def _show_problems(self) -> None:
        reading = self.reading
        if reading is None:
            return
        settled = self.chosen()
        problems = [
            person.sentence()
            for number, person in enumerate(reading.people)
            if person.status != MATCHED and number not in settled
        ]
        if not reading.people:
            problems.append("Name who it was with.")
        if reading.entry == FAVOR and not reading.note:
            problems.append("Say what the favor was.")
        self.problem.setText(problems[0] if problems else "")
        self.save_button.setEnabled(not problems)

    # ---- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        """Enter: write the line through the services, offer Undo, close."""
        reading = self.reading
        if reading is None or not self.save_button.isEnabled():
            return
        try:
            saved = save_reading(self.journal, reading, self.chosen())
        except KithError as error:
            self.problem.setText(str(error))
            return
        self.saved = saved.records
        self.bus.publish(saved.changed)
        journal, bus, records = self.journal, self.bus, saved.records
        self.bus.say(saved.summary, lambda: bus.publish(undo_saved(journal, records)))
        self.accept()

    def open_full_dialog(self) -> QDialog | None:
        """The moment or favor dialog, filled in with what the line said."""
        reading = self.reading
        if reading is None:
            return None
        people = self._settled_people()
        parent = self.parentWidget()
        if reading.entry == FAVOR:
            if not people:
                self.problem.setText("Choose who the favor was with first.")
                return None
            from app.ui.people.favor_dialog import FavorDialog

            assert reading.direction is not None
            cid, name = people[0]
            favor = FavorDialog(self.journal, self.bus, cid, name, reading.direction, parent)
            _set_day(favor.occurred_on, reading.day)
            favor.description.setText(reading.note)
            select_data(favor.weight, reading.weight)
            select_data(
                favor.expectation, reading.expectation.value if reading.expectation else "none"
            )
            dialog: QDialog = favor
        else:
            from app.ui.people.moment_dialog import MomentDialog

            moment = MomentDialog(self.journal, self.bus, people, parent)
            _set_day(moment.occurred_on, reading.day)
            select_data(moment.kind, reading.kind.value)
            select_data(moment.warmth, reading.warmth)
            if reading.initiated_by is not None:
                select_data(moment.initiated_by, reading.initiated_by.value)
            moment.note.setPlainText(reading.note)
            dialog = moment
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.full_dialog = dialog  # with no window behind it, nothing else would keep it
        self.accept()
        dialog.open()
        return dialog

    def _settled_people(self) -> list[tuple[int, str]]:
        """The people the line names that are already in the journal (or chosen)."""
        assert self.reading is not None
        chosen = self.chosen()
        found: list[tuple[int, str]] = []
        for number, person in enumerate(self.reading.people):
            pick = chosen.get(number)
            if isinstance(pick, int):
                found.append(next((c for c in person.candidates if c[0] == pick), (pick, "")))
            elif person.status == MATCHED and person.contact_id is not None:
                found.append((person.contact_id, person.name))
        return found


def _set_day(edit: object, day: dt.date) -> None:
    from PySide6.QtWidgets import QDateEdit

    assert isinstance(edit, QDateEdit)
    edit.setDate(QDate(day.year, day.month, day.day))
