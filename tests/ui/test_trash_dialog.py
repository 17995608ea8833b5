"""The trash dialog: restore, delete forever (after asking), empty, and keyboard use."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.errors import NotFoundError
from app.core.records import ContactFields, EntryFields
from app.core.services import contacts, journal_entries, trash
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.trash_dialog import EMPTY_SENTENCE, TrashDialog


def trashed_entry(journal: Journal, text: str) -> int:
    new_id = journal_entries.write_entry(journal, EntryFields("2024-05-01", text)).new_id
    assert new_id is not None
    trash.move_to_trash(journal, "journal_entry", new_id)
    return new_id


def trashed_person(journal: Journal, name: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name)).new_id
    assert new_id is not None
    trash.move_to_trash(journal, "contact", new_id)
    return new_id


def make_dialog(qtbot: Any, journal: Journal, bus: ChangeBus | None = None) -> TrashDialog:
    dialog = TrashDialog(journal, bus or ChangeBus())
    qtbot.addWidget(dialog)
    return dialog


def rows(dialog: TrashDialog) -> list[tuple[str, str]]:
    model = dialog.model
    return [
        (model.data(model.index(row, 0)), model.data(model.index(row, 1)))
        for row in range(model.rowCount())
    ]


def select(dialog: TrashDialog, label: str) -> None:
    row = [item for _, item in rows(dialog)].index(label)
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))


class Asked:
    """A stand-in for the confirmation box that remembers the question."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[str] = []

    def __call__(self, text: str) -> bool:
        self.questions.append(text)
        return self.answer


def test_empty_trash_says_so(qtbot: Any, journal: Journal) -> None:
    dialog = make_dialog(qtbot, journal)
    assert dialog.pages.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text() == EMPTY_SENTENCE
    assert not dialog.restore_button.isEnabled()
    assert not dialog.empty_button.isEnabled()


def test_lists_kind_and_label_literally(qtbot: Any, journal: Journal) -> None:
    trashed_person(journal, "<b>Bob</b>")
    trashed_entry(journal, "A thought")
    dialog = make_dialog(qtbot, journal)
    assert sorted(rows(dialog)) == [("Person", "<b>Bob</b>"), ("Reflection", "A thought")]
    assert dialog.model.data(dialog.model.index(0, 2))  # when it was trashed


def test_restore_brings_an_item_back_and_publishes(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    entry_id = trashed_entry(journal, "Bring me back")
    trashed_person(journal, "Ana")
    dialog = make_dialog(qtbot, journal, bus)
    select(dialog, "Bring me back")

    with qtbot.waitSignal(bus.changed) as published:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert "journal_entry" in published.args[0].kinds
    assert [e.id for e in journal_entries.list_entries(journal)] == [entry_id]
    assert rows(dialog) == [("Person", "Ana")]


def test_enter_restores_the_selected_item(qtbot: Any, journal: Journal) -> None:
    ana = trashed_person(journal, "Ana")
    dialog = make_dialog(qtbot, journal)
    select(dialog, "Ana")

    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)

    assert contacts.get_contact(journal, ana).name == "Ana"
    assert dialog.pages.currentWidget() is dialog.empty_label


def test_delete_key_deletes_forever_after_confirmation(qtbot: Any, journal: Journal) -> None:
    entry_id = trashed_entry(journal, "Gone for good")
    trashed_person(journal, "Ana")
    dialog = make_dialog(qtbot, journal)
    asked = Asked(True)
    dialog.confirm = asked  # type: ignore[method-assign]
    select(dialog, "Gone for good")

    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)

    assert asked.questions == [
        "Delete the reflection “Gone for good” forever? This cannot be undone."
    ]
    assert rows(dialog) == [("Person", "Ana")]
    with pytest.raises(NotFoundError):
        trash.restore(journal, "journal_entry", entry_id)


def test_nothing_is_deleted_when_the_user_says_no(qtbot: Any, journal: Journal) -> None:
    trashed_entry(journal, "Still here")
    dialog = make_dialog(qtbot, journal)
    asked = Asked(False)
    dialog.confirm = asked  # type: ignore[method-assign]

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)

    assert len(asked.questions) == 2
    assert [item.label for item in trash.list_trash(journal)] == ["Reflection: Still here"]
    assert rows(dialog) == [("Reflection", "Still here")]


def test_empty_trash_removes_everything_after_confirmation(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    trashed_entry(journal, "One")
    trashed_person(journal, "Ana")
    dialog = make_dialog(qtbot, journal, bus)
    asked = Asked(True)
    dialog.confirm = asked  # type: ignore[method-assign]

    with qtbot.waitSignal(bus.changed):
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)

    assert asked.questions == ["Delete all 2 items in the trash forever? This cannot be undone."]
    assert trash.list_trash(journal) == []
    assert dialog.pages.currentWidget() is dialog.empty_label


def test_list_follows_changes_on_the_bus(qtbot: Any, journal: Journal) -> None:
    bus = ChangeBus()
    dialog = make_dialog(qtbot, journal, bus)
    new_id = contacts.add_contact(journal, ContactFields("Ana")).new_id
    assert new_id is not None

    bus.publish(trash.move_to_trash(journal, "contact", new_id))

    assert rows(dialog) == [("Person", "Ana")]
    assert dialog.restore_button.isEnabled()


def test_trash_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, journal: Journal
) -> None:
    trashed_entry(journal, "One")
    trashed_person(journal, "Ana")
    dialog = make_dialog(qtbot, journal)
    qtmodeltester.check(dialog.model)


def test_every_control_has_an_accessible_name(qtbot: Any, journal: Journal) -> None:
    dialog = make_dialog(qtbot, journal)
    controls = [dialog.view, dialog.restore_button, dialog.delete_button, dialog.empty_button]
    assert all(control.accessibleName() for control in controls)
