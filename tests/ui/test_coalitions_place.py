"""The Coalitions place, driven as a person would: dialogs filled by keyboard, buttons clicked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from app.core.records import CoalitionFields, ContactFields, MemberFields
from app.core.services import coalitions, contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.coalitions.coalition_dialog import CoalitionDialog
from app.ui.coalitions.joint_action_dialog import JointActionDialog
from app.ui.coalitions.member_dialog import MemberDialog
from app.ui.coalitions.place import CoalitionsPlace
from app.ui.kit.rows_model import RowsModel


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


def make_place(qtbot: Any, journal: Journal, bus: ChangeBus) -> CoalitionsPlace:
    place = CoalitionsPlace(journal, bus)
    qtbot.addWidget(place)
    place.resize(1000, 700)
    place.show()
    return place


def column(model: Any, number: int) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


def person(journal: Journal, name: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name)).new_id
    assert new_id is not None
    return new_id


def coalition(journal: Journal, name: str, **fields: Any) -> int:
    new_id = coalitions.add_coalition(journal, CoalitionFields(name, **fields)).new_id
    assert new_id is not None
    return new_id


def save(qtbot: Any, dialog: Any) -> None:
    assert dialog.save_button.isEnabled(), dialog.findChildren(QLabel)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def add_member(qtbot: Any, place: CoalitionsPlace, name: str, role: str) -> None:
    place.add_member()
    dialog = place.dialog
    assert isinstance(dialog, MemberDialog) and dialog.person is not None
    qtbot.keyClicks(dialog.person.search, name)
    qtbot.keyClicks(dialog.role, role)
    save(qtbot, dialog)


def test_creating_a_coalition_shows_it_in_the_list_with_its_issue(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    place = make_place(qtbot, journal, bus)
    place.new_coalition()
    dialog = place.dialog
    assert isinstance(dialog, CoalitionDialog)
    qtbot.keyClicks(dialog.name, "Tenants of Elm Street")
    qtbot.keyClicks(dialog.issue, "The rent doubled in two years")
    qtbot.keyClicks(dialog.desired_outcome, "A fair rent agreement")
    with qtbot.waitSignal(place.count_changed):
        save(qtbot, dialog)

    assert place.count() == 1
    assert column(place.proxy, 0) == ["Tenants of Elm Street"]
    assert place.stack.currentIndex() == 1
    assert place.page.title.text() == "Tenants of Elm Street"
    assert place.page.values["issue"].text() == "The rent doubled in two years"
    assert place.page.values["desired_outcome"].text() == "A fair rent agreement"
    # What was left empty reads as a gentle placeholder, not a blank.
    assert place.page.values["differences"].text() == "No way of settling differences yet"


def test_save_is_disabled_with_an_empty_name_and_the_error_sits_beside_it(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    place = make_place(qtbot, journal, bus)
    place.new_coalition()
    dialog = place.dialog
    assert isinstance(dialog, CoalitionDialog)

    assert not dialog.save_button.isEnabled()
    assert dialog.error_text("name") == ""  # nothing said about a fresh form
    qtbot.keyClicks(dialog.name, "x")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert dialog.error_text("name") == "The name cannot be empty."
    beside = [
        label
        for label in dialog.name.parentWidget().findChildren(QLabel)  # type: ignore[union-attr]
        if label.objectName() == "fieldError" and not label.isHidden()
    ]
    assert [label.text() for label in beside] == ["The name cannot be empty."]

    qtbot.keyClicks(dialog.name, "Choir")
    assert dialog.save_button.isEnabled()
    assert dialog.error_text("name") == ""


def test_an_end_before_the_start_is_refused_beside_the_end(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    place = make_place(qtbot, journal, bus)
    place.new_coalition()
    dialog = place.dialog
    assert isinstance(dialog, CoalitionDialog)
    qtbot.keyClicks(dialog.name, "Choir")
    dialog.started.set_value(dt.date(2024, 5, 1))
    dialog.ended.set_value(dt.date(2024, 4, 1))
    assert not dialog.save_button.isEnabled()
    assert "comes before" in dialog.error_text("ended_on")


def test_adding_two_members_shows_them_with_their_roles(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    person(journal, "Ada Lovelace")
    person(journal, "Grace Hopper")
    coalition(journal, "Tenants of Elm Street")
    place = make_place(qtbot, journal, bus)
    assert place.page.no_members.isVisible()

    add_member(qtbot, place, "Grace Hopper", "Treasurer")
    add_member(qtbot, place, "Ada Lovelace", "Organiser")

    members = place.page.members_model
    assert column(members, 0) == ["Ada Lovelace", "Grace Hopper"]
    assert column(members, 1) == ["Organiser", "Treasurer"]
    assert column(members, 4) == ["Unknown", "Unknown"]
    assert place.page.member_table.isVisible()
    assert column(place.proxy, 2) == ["2"]


def test_a_person_already_in_the_coalition_cannot_be_added_twice(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    ada = person(journal, "Ada Lovelace")
    elm = coalition(journal, "Tenants of Elm Street")
    coalitions.add_member(journal, MemberFields(elm, ada))
    place = make_place(qtbot, journal, bus)
    place.add_member()
    dialog = place.dialog
    assert isinstance(dialog, MemberDialog) and dialog.person is not None
    assert dialog.error_text("contact_id") == ""  # nothing said about a fresh form
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    qtbot.keyClicks(dialog.person.search, "Nobody Atall")
    assert "No one called" in dialog.error_text("contact_id")
    dialog.person.search.clear()
    qtbot.keyClicks(dialog.person.search, "Ada Lovelace")
    assert dialog.error_text("contact_id") == "Ada Lovelace is already a member."
    assert not dialog.save_button.isEnabled()


def test_logging_a_joint_action_with_participants_shows_it(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    person(journal, "Ada Lovelace")
    person(journal, "Grace Hopper")
    coalition(journal, "Tenants of Elm Street")
    place = make_place(qtbot, journal, bus)
    assert place.page.no_actions.isVisible()

    place.log_joint_action()
    dialog = place.dialog
    assert isinstance(dialog, JointActionDialog)
    assert not dialog.save_button.isEnabled()  # nothing described yet
    for name in ("Grace Hopper", "Ada Lovelace"):
        qtbot.keyClicks(dialog.participants.search, name)
        qtbot.keyClick(dialog.participants.search, Qt.Key.Key_Return)
    assert dialog.participants.names() == ["Grace Hopper", "Ada Lovelace"]
    qtbot.keyClicks(dialog.description, "Met the landlord")
    qtbot.keyClicks(dialog.outcome, "He will reply in a week")
    save(qtbot, dialog)

    actions = place.page.actions_model
    assert column(actions, 1) == ["Met the landlord"]
    assert column(actions, 2) == ["He will reply in a week"]
    assert column(actions, 3) == ["Ada Lovelace, Grace Hopper"]
    assert place.page.action_table.isVisible()


def test_removing_a_member_can_be_undone_from_the_notice(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    ada = person(journal, "Ada Lovelace")
    elm = coalition(journal, "Tenants of Elm Street")
    coalitions.add_member(journal, MemberFields(elm, ada, role="Organiser"))
    place = make_place(qtbot, journal, bus)
    assert not place.page.remove_member_button.isEnabled()
    place.page.member_table.selectRow(0)
    assert place.page.remove_member_button.isEnabled()

    with qtbot.waitSignal(bus.notice) as notice:
        qtbot.mouseClick(place.page.remove_member_button, Qt.MouseButton.LeftButton)
    message, undo = notice.args
    assert message == "Removed Ada Lovelace from Tenants of Elm Street"
    assert column(place.page.members_model, 0) == []
    assert place.page.no_members.isVisible()

    undo()
    assert column(place.page.members_model, 0) == ["Ada Lovelace"]
    assert column(place.page.members_model, 1) == ["Organiser"]


def test_moving_a_coalition_to_the_trash_and_back(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    coalition(journal, "Choir")
    place = make_place(qtbot, journal, bus)
    with qtbot.waitSignal(bus.notice) as notice:
        qtbot.mouseClick(place.page.trash_button, Qt.MouseButton.LeftButton)
    assert notice.args[0] == "Moved Choir to the trash"
    assert place.count() == 0
    assert place.stack.currentIndex() == 0
    notice.args[1]()
    assert place.count() == 1
    assert place.page.title.text() == "Choir"


def test_a_refresh_keeps_the_same_coalition_selected(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    coalition(journal, "Allotment society")
    zoo = coalition(journal, "Zoo volunteers")
    ada = person(journal, "Ada Lovelace")
    place = make_place(qtbot, journal, bus)
    assert place.select_coalition(zoo)
    bus.publish(coalitions.add_member(journal, MemberFields(zoo, ada)))
    assert place.coalition is not None and place.coalition.id == zoo
    assert column(place.page.members_model, 0) == ["Ada Lovelace"]
    assert place.list.currentIndex().data() == "Zoo volunteers"


def test_the_empty_state_explains_what_a_coalition_is(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    place = make_place(qtbot, journal, bus)
    assert place.count() == 0
    assert place.stack.currentIndex() == 0
    assert place.empty_text.isVisible()
    assert "alliance" in place.empty_text.text()
    assert "share in the result" in place.empty_text.text()
    assert place.empty_button.text() == "Add a coalition"
    qtbot.mouseClick(place.empty_button, Qt.MouseButton.LeftButton)
    assert isinstance(place.dialog, CoalitionDialog)


def test_a_name_that_looks_like_html_shows_literally(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    coalition(journal, "<b>Bold</b>", issue="<i>rent</i> & <script>")
    place = make_place(qtbot, journal, bus)
    assert column(place.proxy, 0) == ["<b>Bold</b>"]
    assert place.page.title.text() == "<b>Bold</b>"
    assert place.page.title.textFormat() == Qt.TextFormat.PlainText
    issue = place.page.values["issue"]
    assert issue.text() == "<i>rent</i> & <script>"
    assert issue.textFormat() == Qt.TextFormat.PlainText


def test_the_list_sorts_by_name_either_way(qtbot: Any, journal: Journal, bus: ChangeBus) -> None:
    for name in ("beekeepers", "Allotment society", "Choir"):
        coalition(journal, name)
    place = make_place(qtbot, journal, bus)
    assert column(place.proxy, 0) == ["Allotment society", "beekeepers", "Choir"]
    place.list.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert column(place.proxy, 0) == ["Choir", "beekeepers", "Allotment society"]


def test_the_models_pass_the_model_tester(
    qtbot: Any, qtmodeltester: Any, journal: Journal, bus: ChangeBus
) -> None:
    ada = person(journal, "Ada Lovelace")
    elm = coalition(journal, "Tenants of Elm Street", status="active")
    coalition(journal, "Choir")
    coalitions.add_member(journal, MemberFields(elm, ada, commitment=4, knows_goal=True))
    place = make_place(qtbot, journal, bus)
    place.select_coalition(elm)
    place.log_joint_action()
    dialog = place.dialog
    assert isinstance(dialog, JointActionDialog)
    dialog.participants.add(ada, "Ada Lovelace")
    qtbot.keyClicks(dialog.description, "Petition")
    save(qtbot, dialog)

    models: list[RowsModel[Any]] = [
        place.model,
        place.page.members_model,
        place.page.actions_model,
    ]
    for model in models:
        assert model.rowCount() > 0
        assert model.rowCount(model.index(0, 0)) == 0
        assert model.index(0, 0).parent() == QModelIndex()
        qtmodeltester.check(model)
    qtmodeltester.check(place.proxy)


def test_editing_a_coalition_starts_from_what_is_recorded(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    coalition(journal, "Choir", issue="No place to rehearse", my_commitment=3)
    place = make_place(qtbot, journal, bus)
    qtbot.mouseClick(place.page.edit_button, Qt.MouseButton.LeftButton)
    dialog = place.dialog
    assert isinstance(dialog, CoalitionDialog)
    assert dialog.name.text() == "Choir"
    assert dialog.issue.toPlainText() == "No place to rehearse"
    assert dialog.my_commitment.currentData() == 3
    qtbot.keyClicks(dialog.differences, "We vote")
    save(qtbot, dialog)
    assert place.page.values["differences"].text() == "We vote"
    assert place.page.values["my_commitment"].text() == "3 of 5"


def test_the_filter_narrows_the_list_and_survives_a_refresh(
    qtbot: Any, journal: Journal, bus: ChangeBus
) -> None:
    coalition(journal, "Allotment society")
    choir = coalition(journal, "Choir")
    place = make_place(qtbot, journal, bus)
    place.activateWindow()
    qtbot.waitActive(place)
    place.focus_search()
    qtbot.waitUntil(place.filter.hasFocus)
    qtbot.keyClicks(place.filter, "cho")
    assert column(place.proxy, 0) == ["Choir"]
    bus.publish(coalitions.add_coalition(journal, CoalitionFields("Zoo volunteers")))
    assert column(place.proxy, 0) == ["Choir"]
    assert place.count() == 3
    place.select_coalition(choir)
    assert place.page.title.text() == "Choir"
