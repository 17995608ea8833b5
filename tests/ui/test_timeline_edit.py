"""What was logged can be edited from where it shows: Enter, a double-click or the
context menu's Edit… reopens it filled in; the save is published; Undo puts it back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QListView, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments, timeline
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.coalitions.joint_action_dialog import JointActionDialog
from app.ui.coalitions.place import CoalitionsPlace
from app.ui.kit.rows_model import ID_ROLE
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.models import TimelineModel
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.place import PeoplePlace
from app.ui.shell.main_window import MainWindow

DAY = dt.date(2026, 3, 14)


def add(journal: Journal, name: str) -> int:
    return contacts.add_contact(journal, ContactFields(name)).new_id or 0


def make_place(qtbot: QtBot, journal: Journal) -> PeoplePlace:
    place = PeoplePlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.resize(1100, 700)
    place.show()
    qtbot.waitExposed(place)
    return place


def row_of(view: QListView | QTableView, text: str) -> QModelIndex:
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if text in str(index.data()):
            return index
    raise AssertionError(f"no row with {text!r}")


def press_enter_on(qtbot: QtBot, view: QListView | QTableView, index: QModelIndex) -> None:
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_enter_on_a_moment_reopens_it_with_everyone_and_undo_puts_it_back(
    qtbot: QtBot, journal: Journal
) -> None:
    ana, bea = add(journal, "Ana"), add(journal, "Bea")
    moments.log_moment(journal, MomentFields(DAY, (ana, bea), warmth=4, note="Dinner at hers"))
    place = make_place(qtbot, journal)
    place.select_person(ana)
    notices: list[tuple[str, object]] = []
    place.bus.notice.connect(lambda text, undo: notices.append((text, undo)))
    timeline_view = place.page.timeline

    press_enter_on(qtbot, timeline_view, row_of(timeline_view, "Dinner at hers"))
    dialog = place.dialog
    assert isinstance(dialog, MomentDialog) and dialog.windowTitle() == "Edit moment"
    assert dialog.people.names() == ["Ana", "Bea"]
    assert dialog.note.toPlainText() == "Dinner at hers"
    assert dialog.warmth.currentData() == 4
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    dialog.note.selectAll()
    qtbot.keyClicks(dialog.note, "Dinner and a long walk")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "Dinner and a long walk" in str(row_of(timeline_view, "long walk").data())
    ((text, undo),) = notices
    assert text == "Saved the changes to the moment" and callable(undo)
    undo()
    assert row_of(timeline_view, "Dinner at hers").isValid()
    assert moments.get_moment(journal, timeline.person_timeline(journal, bea)[0].id).note == (
        "Dinner at hers"
    )


def test_a_double_click_on_a_favor_reopens_it_with_what_it_repays(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = add(journal, "Ana")
    lift = moments.log_favor(
        journal, FavorFields(ana, "received", DAY, "A lift to the airport", 3, "explicit")
    ).new_id
    moments.log_favor(
        journal,
        FavorFields(ana, "given", DAY + dt.timedelta(days=5), "Fed her cat", 2, "implicit", lift),
    )
    place = make_place(qtbot, journal)
    place.select_person(ana)
    view = place.page.timeline
    index = row_of(view, "Fed her cat")
    where = view.visualRect(index).center()
    # A double-click is a click and then the second press (QTest sends only the latter).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    dialog = place.dialog
    assert isinstance(dialog, FavorDialog) and dialog.windowTitle() == "Edit favor"
    assert dialog.description.text() == "Fed her cat"
    assert dialog.repays.currentData() == lift
    assert "A lift to the airport" in dialog.repays.currentText()
    assert dialog.weight.currentData() == 2
    dialog.description.selectAll()
    qtbot.keyClicks(dialog.description, "Fed her cat for a week")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    favor = moments.get_favor(journal, int(row_of(view, "for a week").data(ID_ROLE)))
    assert favor.returns_favor_id == lift


def test_the_timeline_context_menu_offers_edit(qtbot: QtBot, journal: Journal) -> None:
    ana = add(journal, "Ana")
    moments.log_moment(journal, MomentFields(DAY, (ana,), note="Coffee"))
    place = make_place(qtbot, journal)
    place.select_person(ana)
    view = place.page.timeline
    view.setCurrentIndex(row_of(view, "Coffee"))
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    (edit,) = [a for a in view.actions() if a.text() == "&Edit…"]
    edit.trigger()
    assert isinstance(place.dialog, MomentDialog)
    assert place.dialog.note.toPlainText() == "Coffee"


def test_a_reflection_on_the_timeline_opens_in_the_journal(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    ana = add(journal, "Ana")
    entry = journal_entries.write_entry(
        journal, EntryFields(DAY, "She always asks first.", contact_id=ana)
    ).new_id
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.show_person(ana)
    view = window.people.page.timeline
    press_enter_on(qtbot, view, row_of(view, "always asks"))
    assert window.current_place() is window.journal_place
    assert window.journal_place.current_entry_id() == entry
    assert window.journal_place.editor.toPlainText() == "She always asks first."


@pytest.mark.parametrize("how", ["enter", "menu"])
def test_a_joint_action_reopens_with_its_participants(
    qtbot: QtBot, journal: Journal, how: str
) -> None:
    ana = add(journal, "Ana")
    group = coalitions.add_coalition(journal, CoalitionFields("Tenants")).new_id or 0
    coalitions.log_joint_action(
        journal, JointActionFields(group, DAY, "Wrote to the landlord", contact_ids=(ana,))
    )
    place = CoalitionsPlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.show()
    place.select_coalition(group)
    table = place.page.action_table
    index = row_of(table, DAY.isoformat())
    if how == "enter":
        press_enter_on(qtbot, table, index)
    else:
        table.setCurrentIndex(index)
        (edit,) = [a for a in table.actions() if a.text() == "&Edit…"]
        edit.trigger()
    dialog = place.dialog
    assert isinstance(dialog, JointActionDialog)
    assert dialog.description.toPlainText() == "Wrote to the landlord"
    assert dialog.participants.names() == ["Ana"]


def test_the_timeline_model_passes_the_model_tester(
    qtmodeltester: ModelTester, journal: Journal
) -> None:
    ana = add(journal, "Ana")
    moments.log_moment(journal, MomentFields(DAY, (ana,), note="Coffee"))
    model = TimelineModel()
    model.set_items(timeline.person_timeline(journal, ana))
    qtmodeltester.check(model)


def test_the_favor_example_follows_who_did_it(qtbot: QtBot, journal: Journal) -> None:
    ana = add(journal, "Ana")
    dialog = FavorDialog(journal, ChangeBus(), ana, "Ana")
    qtbot.addWidget(dialog)
    assert dialog.description.placeholderText() == "e.g. helped them move the sofa"
    dialog.direction.setCurrentIndex(dialog.direction.findData("received"))
    assert dialog.description.placeholderText() == "e.g. helped me move the sofa"


def test_the_page_shows_what_was_entered_and_the_timeline_can_be_filtered(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = (
        contacts.add_contact(
            journal,
            ContactFields(
                "Ana",
                how_met="Climbing gym, 2019",
                email="ana@example.org",
                phone="+46 70 123",
                organization="Acme",
                birthday="--03-14",
                keep_in_touch_days=30,
            ),
        ).new_id
        or 0
    )
    bea, cem = add(journal, "Bea"), add(journal, "Cem")
    moments.log_moment(journal, MomentFields(DAY, (ana, bea, cem), note="Picnic"))
    moments.log_favor(journal, FavorFields(ana, "given", DAY, "Lent a tent", 2))
    journal_entries.write_entry(journal, EntryFields(DAY, "Thinking of her", contact_id=ana))
    place = make_place(qtbot, journal)
    place.select_person(ana)
    page = place.page
    details = page.details.text()
    for shown in (
        "How we met: Climbing gym, 2019",
        "Email: ana@example.org",
        "Phone: +46 70 123",
        "Birthday: 03-14",
        "Keep in touch every 30 days",
    ):
        assert shown in details
    assert "met Climbing" not in page.subtitle.text() and "Acme" in page.subtitle.text()
    assert "with Bea and Cem" in str(row_of(page.timeline, "Picnic").data())
    assert page.timeline_model.rowCount() == 3
    page.show_only.setFocus()
    qtbot.keyClicks(page.show_only, "F")  # Favors
    assert page.show_only.currentText() == "Favors"
    assert page.timeline_model.rowCount() == 1
    assert "Lent a tent" in str(page.timeline_model.index(0).data())
    qtbot.keyClick(page.show_only, Qt.Key.Key_Down)  # Reflections
    assert [str(page.timeline_model.index(0).data()).split("  ")[1]] == [
        "Reflection — Thinking of her"
    ]
