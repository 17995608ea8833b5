"""The Journal place: writing reflections that save themselves, filtering, trash and undo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from app.core.changes import Changed
from app.core.records import CoalitionFields, ContactFields, Entry, EntryFields
from app.core.services import coalitions, contacts, journal_entries
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.entries.models import BATCH, EntryListModel, subject_key
from app.ui.entries.place import EMPTY_SENTENCE, JournalPlace


def person(journal: Journal, name: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name)).new_id
    assert new_id is not None
    return new_id


def write(journal: Journal, text: str, on: str = "2024-05-01", **about: int) -> int:
    new_id = journal_entries.write_entry(journal, EntryFields(on, text, **about)).new_id
    assert new_id is not None
    return new_id


def texts(journal: Journal) -> list[str]:
    return [entry.text for entry in journal_entries.list_entries(journal)]


def shown(place: JournalPlace, column: int = 1) -> list[str]:
    model = place.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def make_place(qtbot: Any, journal: Journal, bus: ChangeBus | None = None) -> JournalPlace:
    place = JournalPlace(journal, bus or ChangeBus())
    qtbot.addWidget(place)
    place.show()  # a place reads the journal when it is first shown
    return place


def test_empty_journal_invites_a_first_reflection(qtbot: Any, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    assert place.count() == 0
    assert place.pages.currentIndex() == 0
    assert place.empty_label.text() == EMPTY_SENTENCE

    qtbot.mouseClick(place.first_button, Qt.MouseButton.LeftButton)

    assert place.count() == 1
    assert place.pages.currentIndex() == 1
    assert place.current_entry_id() == journal_entries.list_entries(journal)[0].id


def test_typed_reflection_saves_itself_and_shows_in_the_list(qtbot: Any, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    place.new_entry()

    qtbot.keyClicks(place.editor, "Lunch with Ana")
    qtbot.keyClick(place.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(place.editor, "She paid again.")

    qtbot.waitUntil(lambda: texts(journal) == ["Lunch with Ana\nShe paid again."])
    assert shown(place) == ["Lunch with Ana"]
    assert place.status.text() == "Saved"
    assert place.count() == 1


def test_flush_saves_text_typed_a_moment_ago(qtbot: Any, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    place.new_entry()
    place._timer.setInterval(60_000)  # the pause never ends: only flush() can save

    qtbot.keyClicks(place.editor, "Half a thought")
    assert texts(journal) == [""]
    assert place.status.text() == "Saving…"

    assert place.flush() is True
    assert texts(journal) == ["Half a thought"]
    assert place.status.text() == "Saved"


def test_own_saves_leave_the_editor_and_cursor_alone(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    place = make_place(qtbot, journal, bus)
    place.new_entry()
    with qtbot.waitSignal(bus.changed) as published:
        qtbot.keyClicks(place.editor, "First words")
    assert "journal_entry" in published.args[0].kinds

    assert place.editor.textCursor().position() == len("First words")
    qtbot.keyClicks(place.editor, ", then more")
    assert place.flush()
    assert texts(journal) == ["First words, then more"]


def test_leaving_the_editor_saves_at_once(qtbot: Any, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    place.show()
    qtbot.waitExposed(place)
    place.activateWindow()
    place.new_entry()
    qtbot.waitUntil(place.editor.hasFocus)
    place._timer.setInterval(60_000)
    qtbot.keyClicks(place.editor, "Before the pause")

    place.filter.setFocus()

    qtbot.waitUntil(lambda: texts(journal) == ["Before the pause"])


def test_choosing_another_entry_saves_the_one_being_written(qtbot: Any, journal: Journal) -> None:
    older = write(journal, "Older", on="2024-01-01")
    newer = write(journal, "Newer", on="2024-02-01")
    place = make_place(qtbot, journal)
    place._timer.setInterval(60_000)
    assert place.current_entry_id() == newer

    qtbot.keyClicks(place.editor, " and edited")
    assert place.select_entry(older)

    assert journal_entries.get_entry(journal, newer).text == "Newer and edited"
    assert place.editor.toPlainText() == "Older"


def test_refused_save_keeps_the_text_and_says_why(qtbot: Any, journal: Journal) -> None:
    other = write(journal, "Another day", on="2024-01-01")
    place = make_place(qtbot, journal)
    place.new_entry()
    too_long = "x" * 100_001

    place.editor.setPlainText(too_long)

    assert place.flush() is False
    assert place.status.text() == "The text is longer than 100000 characters."
    assert place.editor.toPlainText() == too_long
    assert place.select_entry(other) is False  # leaving would lose the text
    assert place.editor.toPlainText() == too_long

    place.editor.setPlainText("Shorter now")
    assert place.flush() is True
    assert "Shorter now" in texts(journal)


def test_filter_by_person_shows_only_their_reflections(qtbot: Any, journal: Journal) -> None:
    ana, bob = person(journal, "Ana"), person(journal, "Bob")
    write(journal, "About Ana", contact_id=ana)
    write(journal, "About Bob", contact_id=bob)
    write(journal, "About nobody")
    place = make_place(qtbot, journal)
    assert sorted(shown(place)) == ["About Ana", "About Bob", "About nobody"]

    place.filter.setCurrentIndex(place.filter.findData(subject_key(ana, None)))

    assert shown(place) == ["About Ana"]
    assert place.editor.toPlainText() == "About Ana"
    assert place.count() == 3


def test_filter_by_coalition(qtbot: Any, journal: Journal) -> None:
    garden = coalitions.add_coalition(journal, CoalitionFields("Garden")).new_id
    assert garden is not None
    write(journal, "Seed swap went well", coalition_id=garden)
    write(journal, "Something else")
    place = make_place(qtbot, journal)

    place.filter.setCurrentIndex(place.filter.findText("Garden (coalition)"))

    assert shown(place) == ["Seed swap went well"]
    assert shown(place, column=2) == ["Garden"]


def test_markup_in_names_and_text_shows_literally(qtbot: Any, journal: Journal) -> None:
    bob = person(journal, "<b>Bob</b>")
    write(journal, "<i>not italic</i>\nsecond line", contact_id=bob)
    place = make_place(qtbot, journal)

    assert shown(place, column=1) == ["<i>not italic</i>"]
    assert shown(place, column=2) == ["<b>Bob</b>"]
    assert place.filter.findText("<b>Bob</b>") > 0
    assert place.subject.currentText() == "<b>Bob</b>"


def test_new_entry_about_someone_opens_with_the_quote(qtbot: Any, journal: Journal) -> None:
    ana = person(journal, "Ana")
    place = make_place(qtbot, journal)

    new_id = place.new_entry(contact_id=ana, quote="Is this friendship\nbecoming a ledger?")

    assert place.current_entry_id() == new_id
    assert place.subject.currentText() == "Ana"
    start = "> Is this friendship\n> becoming a ledger?\n\n"
    assert place.editor.toPlainText() == start
    assert place.editor.textCursor().position() == len(start)
    qtbot.keyClicks(place.editor, "Maybe not.")
    assert place.flush()
    assert journal_entries.get_entry(journal, new_id).text == start + "Maybe not."
    assert journal_entries.get_entry(journal, new_id).contact_id == ana


def test_changing_the_subject_saves_at_once(qtbot: Any, journal: Journal) -> None:
    ana = person(journal, "Ana")
    entry_id = write(journal, "Thinking")
    place = make_place(qtbot, journal)

    place.subject.setCurrentIndex(place.subject.findData(subject_key(ana, None)))

    assert journal_entries.get_entry(journal, entry_id).contact_id == ana
    assert shown(place, column=2) == ["Ana"]
    assert place.filter.findText("Ana") > 0
    assert place.editor.toPlainText() == "Thinking"


def test_renaming_a_person_elsewhere_refreshes_their_rows(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    ana = person(journal, "Ana")
    write(journal, "About Ana", contact_id=ana)
    place = make_place(qtbot, journal, bus)

    old = contacts.get_contact(journal, ana)
    from dataclasses import replace

    bus.publish(contacts.update_contact(journal, ana, replace(old.fields(), name="Ana B.")))

    assert shown(place, column=2) == ["Ana B."]
    assert place.subject.currentText() == "Ana B."


def test_trashed_reflection_comes_back_with_undo(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    keep = write(journal, "Keep me", on="2024-01-01")
    doomed = write(journal, "Trash me", on="2024-02-01")
    place = make_place(qtbot, journal, bus)
    assert place.current_entry_id() == doomed

    with qtbot.waitSignal(bus.notice) as notice:
        qtbot.mouseClick(place.trash_button, Qt.MouseButton.LeftButton)

    message, undo = notice.args
    assert "trash" in message
    assert texts(journal) == ["Keep me"]
    assert place.count() == 1
    assert place.current_entry_id() == keep

    undo()

    assert texts(journal) == ["Trash me", "Keep me"]
    assert place.count() == 2
    assert place.current_entry_id() == doomed


def test_select_entry_shows_everything_when_the_filter_hides_it(
    qtbot: Any, journal: Journal
) -> None:
    ana = person(journal, "Ana")
    write(journal, "About Ana", contact_id=ana)
    other = write(journal, "About nobody")
    place = make_place(qtbot, journal)
    place.filter.setCurrentIndex(place.filter.findData(subject_key(ana, None)))

    assert place.select_entry(other)
    assert place.filter.currentText() == "Everything"
    assert place.editor.toPlainText() == "About nobody"


def test_focus_search_puts_the_cursor_in_the_filter(qtbot: Any, journal: Journal) -> None:
    write(journal, "Something")
    place = make_place(qtbot, journal)
    place.show()
    qtbot.waitExposed(place)
    place.activateWindow()

    place.focus_search()

    qtbot.waitUntil(place.filter.hasFocus)


def test_every_control_has_an_accessible_name(qtbot: Any, journal: Journal) -> None:
    place = make_place(qtbot, journal)
    controls = [
        place.filter,
        place.view,
        place.new_button,
        place.date_edit,
        place.subject,
        place.trash_button,
        place.editor,
        place.first_button,
    ]
    assert all(control.accessibleName() for control in controls)


def test_entry_list_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, journal: Journal
) -> None:
    ana = person(journal, "Ana")
    write(journal, "One", contact_id=ana)
    write(journal, "")
    place = make_place(qtbot, journal)
    qtmodeltester.check(place.model)

    many = [
        Entry(n, dt.date(2024, 1, 1), f"Entry {n}", None, None, None, None, None)
        for n in range(1, BATCH * 2 + 10)
    ]
    model = EntryListModel()
    model.set_rows(many)
    assert model.rowCount() == BATCH
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    assert model.row_of(BATCH * 2 + 5) == BATCH * 2 + 4  # fetches up to the row asked for
    assert model.data(model.index(0, 1)) == "Entry 1"


def test_empty_text_gets_a_placeholder_title(qtbot: Any, journal: Journal) -> None:
    write(journal, "")
    place = make_place(qtbot, journal)
    assert shown(place) == ["Untitled reflection"]


def test_a_write_elsewhere_appears_without_touching_the_open_editor(
    qtbot: Any, journal: Journal
) -> None:
    bus = ChangeBus()
    write(journal, "Open one", on="2024-01-01")
    place = make_place(qtbot, journal, bus)
    place._timer.setInterval(60_000)
    qtbot.keyClicks(place.editor, " typing")

    result: Changed = journal_entries.write_entry(journal, EntryFields("2023-01-01", "Elsewhere"))
    bus.publish(result)

    assert place.count() == 2
    assert place.editor.toPlainText() == "Open one typing"
    assert texts(journal) == ["Open one typing", "Elsewhere"]
