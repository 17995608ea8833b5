"""The people box of the moment and joint action forms, typed into like a user would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.records import ContactFields, EntryFields, MomentFields
from app.core.services import contacts, journal_entries, moments
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.entries.models import subject_key
from app.ui.entries.place import JournalPlace
from app.ui.kit.people_picker import PeoplePicker
from app.ui.people.moment_dialog import MomentDialog


def opened(qtbot: QtBot, journal: Journal) -> MomentDialog:
    dialog = MomentDialog(journal, ChangeBus())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.people.search)
    return dialog


def type_in(qtbot: QtBot, picker: PeoplePicker, text: str) -> None:
    qtbot.keyClicks(picker.search, text)


def test_enter_adds_the_only_suggestion(qtbot: QtBot, journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Alice Martin"))
    contacts.add_contact(journal, ContactFields("Bob"))
    dialog = opened(qtbot, journal)
    type_in(qtbot, dialog.people, "ali")
    assert dialog.people.suggestions() == ["Alice Martin"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.people.names() == ["Alice Martin"]
    assert dialog.people.search.text() == "" and dialog.isVisible()


def test_enter_adds_the_highlighted_suggestion(qtbot: QtBot, journal: Journal) -> None:
    for name in ("Martina", "Martin Lutz", "Marta"):
        contacts.add_contact(journal, ContactFields(name))
    dialog = opened(qtbot, journal)
    type_in(qtbot, dialog.people, "mart")
    popup = dialog.people._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    chosen = str(popup.currentIndex().data())
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.people.names() == [chosen]


def test_people_who_share_a_name_are_told_apart(qtbot: QtBot, journal: Journal) -> None:
    acme = contacts.add_contact(journal, ContactFields("Ana", organization="Acme")).new_id or 0
    contacts.add_contact(journal, ContactFields("Ana", email="ana@globex.example"))
    moments.log_moment(journal, MomentFields(dt.date(2026, 3, 1), (acme,)))
    dialog = opened(qtbot, journal)
    type_in(qtbot, dialog.people, "Ana")
    assert sorted(dialog.people.suggestions()) == [
        "Ana — Acme · last seen 2026-03-01",
        "Ana — ana@globex.example",
    ]
    popup = dialog.people._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    row = dialog.people.suggestions().index("Ana — Acme · last seen 2026-03-01")
    popup.setCurrentIndex(popup.model().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.people.ids() == (acme,) and dialog.people.names() == ["Ana"]


def test_a_name_nobody_has_is_offered_as_a_new_person(qtbot: QtBot, journal: Journal) -> None:
    dialog = opened(qtbot, journal)
    notices: list[str] = []
    dialog.bus.notice.connect(lambda text, _undo: notices.append(text))
    type_in(qtbot, dialog.people, "Zoe Park")
    assert dialog.people.suggestions() == ["Add “Zoe Park” as a new person"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.people.names() == ["Zoe Park"]
    assert [row.name for row in contacts.list_contacts(journal)] == ["Zoe Park"]
    assert notices == ["Added Zoe Park to your journal"]
    assert dialog.save_button.isEnabled()


def test_the_journal_about_field_finds_people_by_typing(qtbot: QtBot, journal: Journal) -> None:
    for name in ("Ana", "Beatriz Lima", "Carla"):
        contacts.add_contact(journal, ContactFields(name))
    beatriz = next(r.id for r in contacts.list_contacts(journal) if r.name == "Beatriz Lima")
    entry = journal_entries.write_entry(journal, EntryFields(dt.date(2026, 3, 1), "x")).new_id
    place = JournalPlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.show()
    assert place.select_entry(entry or 0)
    about = place.subject
    about.setFocus()
    about.lineEdit().selectAll()
    qtbot.keyClicks(about.lineEdit(), "lima")
    popup = about.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert about.currentData() == subject_key(beatriz, None)
    qtbot.waitUntil(lambda: journal_entries.get_entry(journal, entry or 0).contact_id == beatriz)
