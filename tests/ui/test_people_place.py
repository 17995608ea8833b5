"""The People place, driven like a user would: type, click, read what the window shows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.core.enums import Direction, Tie
from app.core.records import ContactFields, FavorFields
from app.core.services import contacts, moments, timeline
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import FormDialog
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.models import ContactsModel, TimelineModel
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.person_dialog import ContactDialog
from app.ui.people.place import PeoplePlace


def make_place(qtbot: QtBot, journal: Journal) -> PeoplePlace:
    place = PeoplePlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.resize(1000, 600)
    place.show()
    return place


def add(journal: Journal, name: str, tie: Tie = Tie.FRIEND) -> int:
    return contacts.add_contact(journal, ContactFields(name, tie)).new_id or 0


def table_names(place: PeoplePlace) -> list[str]:
    return [str(place.model.index(r, 0).data()) for r in range(place.model.rowCount())]


def save(qtbot: QtBot, dialog: FormDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_adding_a_person_shows_them_in_the_list_and_their_page(
    qtbot: QtBot, journal: Journal
) -> None:
    place = make_place(qtbot, journal)
    place.new_person()
    dialog = place.dialog
    assert isinstance(dialog, ContactDialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.error_text("name") == ""  # nothing said about a fresh form
    qtbot.keyClicks(dialog.name, "D")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert "cannot be empty" in dialog.error_text("name")

    qtbot.keyClicks(dialog.name, "Dana Ortiz")
    qtbot.keyClicks(dialog.how_met, "at the climbing gym")
    assert dialog.save_button.isEnabled() and dialog.error_text("name") == ""
    save(qtbot, dialog)

    assert table_names(place) == ["Dana Ortiz"]
    assert place.page.name.text() == "Dana Ortiz"
    assert "How we met: at the climbing gym" in place.page.details.text()
    assert place.count() == 1


def test_a_bad_birthday_is_shown_beside_the_field(qtbot: QtBot, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    place.new_person()
    dialog = place.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Sam")
    qtbot.keyClicks(dialog.birthday, "--02-30")
    assert "not a real day of the year" in dialog.error_text("birthday")
    assert not dialog.save_button.isEnabled()


def test_editing_a_person_updates_the_page(qtbot: QtBot, journal: Journal) -> None:
    sam = add(journal, "Sam")
    place = make_place(qtbot, journal)
    place.select_person(sam)
    place.edit_person()
    dialog = place.dialog
    assert isinstance(dialog, ContactDialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Samira")
    save(qtbot, dialog)
    assert table_names(place) == ["Samira"]
    assert place.page.name.text() == "Samira"


def test_trash_then_undo_brings_the_person_back(qtbot: QtBot, journal: Journal) -> None:
    sam = add(journal, "Sam")
    add(journal, "Ana")
    place = make_place(qtbot, journal)
    place.select_person(sam)
    notices: list[tuple[str, object]] = []
    place.bus.notice.connect(lambda text, undo: notices.append((text, undo)))

    place.trash_person()
    assert table_names(place) == ["Ana"]
    ((text, undo),) = notices
    assert text == "Moved Sam to the trash"
    assert callable(undo)
    undo()
    assert table_names(place) == ["Ana", "Sam"]
    assert place.selected_id() == sam


def test_search_as_you_type_filters_the_table(qtbot: QtBot, journal: Journal) -> None:
    for name in ("Alice Martin", "Martina", "Bob", "李雷"):
        add(journal, name)
    place = make_place(qtbot, journal)
    qtbot.keyClicks(place.search, "mart")
    assert table_names(place) == ["Alice Martin", "Martina"]
    place.search.clear()
    place.search.setText("李")  # QTest types ASCII only; an input method sets text like this
    assert table_names(place) == ["李雷"]
    place.search.clear()
    qtbot.keyClicks(place.search, "zzz")
    assert table_names(place) == [] and place.no_match.isVisible()


def test_a_moment_with_several_people_lands_on_every_timeline(
    qtbot: QtBot, journal: Journal
) -> None:
    ana, ben, cy = add(journal, "Ana"), add(journal, "Ben"), add(journal, "Cy")
    place = make_place(qtbot, journal)
    place.select_person(ana)
    place.log_moment()
    dialog = place.dialog
    assert isinstance(dialog, MomentDialog)
    assert dialog.people.names() == ["Ana"]
    for name in ("Ben", "Cy"):
        qtbot.keyClicks(dialog.people.search, name)
        qtbot.keyClick(dialog.people.search, Qt.Key.Key_Return)
    assert dialog.people.names() == ["Ana", "Ben", "Cy"]
    qtbot.keyClicks(dialog.note, "Dinner at Cy's")
    save(qtbot, dialog)

    for who in (ana, ben, cy):
        assert [i.text for i in timeline.person_timeline(journal, who)] == ["Dinner at Cy's"]
    assert "Dinner at Cy's" in str(place.page.timeline_model.index(0).data())


def test_logging_a_favor_updates_the_totals_in_the_list_at_once(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = add(journal, "Ana")
    place = make_place(qtbot, journal)
    place.select_person(ana)
    place.log_favor(Direction.GIVEN)
    dialog = place.dialog
    assert isinstance(dialog, FavorDialog)
    qtbot.keyClicks(dialog.description, "Lent my ladder")
    save(qtbot, dialog)

    row = place.model.row_of(ana)
    assert place.model.index(row, 3).data() == "1"  # favors given
    assert "gave 1 favor" in place.page.totals.text()


def test_a_repayment_is_picked_from_open_favors_the_other_way(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = add(journal, "Ana")
    lent = moments.log_favor(
        journal, FavorFields(ana, "received", dt.date.today(), "Helped me move", 4)
    ).new_id
    place = make_place(qtbot, journal)
    place.select_person(ana)
    place.log_favor(Direction.GIVEN)
    dialog = place.dialog
    assert isinstance(dialog, FavorDialog)
    options = [dialog.repays.itemText(i) for i in range(dialog.repays.count())]
    assert any("Helped me move" in text for text in options)
    dialog.repays.setCurrentIndex(dialog.repays.findData(lent))
    qtbot.keyClicks(dialog.description, "Cooked dinner to say thanks")
    save(qtbot, dialog)
    (repaid,) = [f for f in timeline.person_timeline(journal, ana) if f.returns_favor_id]
    assert repaid.returns_favor_id == lent
    # The timeline names the favor it repays.
    assert str(place.page.timeline_model.index(0).data()).endswith("· repays " + repaid.repays)
    assert repaid.repays.endswith("Helped me move")


def test_names_that_look_like_html_appear_literally(qtbot: QtBot, journal: Journal) -> None:
    bob = add(journal, "<b>Bob</b> <img src=x>")
    place = make_place(qtbot, journal)
    place.select_person(bob)
    assert table_names(place) == ["<b>Bob</b> <img src=x>"]
    assert place.page.name.text() == "<b>Bob</b> <img src=x>"
    assert place.page.name.textFormat() == Qt.TextFormat.PlainText


def test_long_and_foreign_names_lay_out_without_error(qtbot: QtBot, journal: Journal) -> None:
    long_name = "Maximiliana Alexandrovna Wolfeschlegelsteinhausenbergerdorff-Smith III"
    add(journal, long_name)
    add(journal, "فاطمة الزهراء")
    add(journal, "🌻 Sunny")
    place = make_place(qtbot, journal)
    assert sorted(table_names(place)) == sorted([long_name, "فاطمة الزهراء", "🌻 Sunny"])
    place.select_person(place.model.index(0, 0).data(Qt.ItemDataRole.UserRole))
    assert place.page.isVisible()


def test_item_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    ana = add(journal, "Ana")
    moments.log_favor(journal, FavorFields(ana, "given", dt.date(2026, 1, 1), "x", 2))
    people = ContactsModel()
    people.set_rows(contacts.list_contacts(journal))
    qtmodeltester.check(people)
    items = TimelineModel()
    items.set_items(timeline.person_timeline(journal, ana))
    qtmodeltester.check(items)


def test_cancel_writes_nothing(qtbot: QtBot, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    place.new_person()
    dialog = place.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Nobody")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert contacts.list_contacts(journal) == []


def test_an_entry_on_the_timeline_can_be_trashed_and_brought_back(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = add(journal, "Ana")
    moments.log_favor(journal, FavorFields(ana, "given", dt.date(2026, 1, 1), "Lent a drill", 2))
    place = make_place(qtbot, journal)
    place.select_person(ana)
    undos: list[object] = []
    place.bus.notice.connect(lambda _text, undo: undos.append(undo))
    place.page.timeline.setCurrentIndex(place.page.timeline_model.index(0))
    place.trash_timeline_entry()
    assert place.page.timeline_model.rowCount() == 0
    assert place.model.index(place.model.row_of(ana), 3).data() == "0"
    undo = undos[0]
    assert callable(undo)
    undo()
    assert place.page.timeline_model.rowCount() == 1


def test_clicking_a_column_header_sorts_by_it_and_keeps_the_selection(
    qtbot: QtBot, journal: Journal
) -> None:
    ana, ben = add(journal, "Ana"), add(journal, "Ben")
    for _ in range(3):
        moments.log_favor(journal, FavorFields(ben, "given", dt.date(2026, 1, 1), "x", 2))
    place = make_place(qtbot, journal)
    place.select_person(ana)
    place.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # Given, most first
    assert table_names(place) == ["Ben", "Ana"]
    assert place.selected_id() == ana
    assert place.table.selectionModel().currentIndex().row() == 1
    qtbot.keyClicks(place.search, "be")
    assert table_names(place) == ["Ben"]
    assert place.page.name.text() == "Ana"  # the page stays while the search hides her


def test_the_filter_ignores_accents_both_ways(qtbot: QtBot, journal: Journal) -> None:
    for name in ("José García", "Zoë Ørsted", "Jose Gomez", "Bob"):
        add(journal, name)
    place = make_place(qtbot, journal)
    qtbot.keyClicks(place.search, "jose garc")
    assert table_names(place) == ["José García"]
    place.search.clear()
    qtbot.keyClicks(place.search, "zoe ors")
    assert table_names(place) == ["Zoë Ørsted"]
    place.search.clear()
    place.search.setText("GÓMEZ")
    assert table_names(place) == ["Jose Gomez"]
