"""File > Import moments…: read an export, review the drafts by person, import, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.backup_rotation import newest_backup
from app.core.capture.drafts import ADD
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.services.overview import record_counts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.moments_import import MomentsImportDialog

DATA = Path(__file__).resolve().parents[1] / "data" / "capture"


def _dialog(qtbot: QtBot, journal: Journal, bus: ChangeBus | None = None) -> MomentsImportDialog:
    dialog = MomentsImportDialog(journal, bus or ChangeBus())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _read(qtbot: QtBot, dialog: MomentsImportDialog, source: str, name: str) -> None:
    dialog.source.setCurrentIndex(dialog.source.findData(source))
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(DATA / name))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy())


def test_the_review_groups_drafts_by_person_and_asks_which_sender_is_me(
    qtbot: QtBot, journal: Journal, qtmodeltester: object
) -> None:
    contacts.add_contact(journal, ContactFields("Priya Shah"))
    dialog = _dialog(qtbot, journal)
    asked: list[list[str]] = []
    dialog.ask_me = lambda senders: asked.append(senders) or "Alex Doe"  # type: ignore[method-assign]
    _read(qtbot, dialog, "chat", "whatsapp-group.txt")
    assert asked == [["Alex Doe", "Jonas Berg", "Léa Martin", "Priya Shah"]]
    people = [dialog.model.item(r).text() for r in range(dialog.model.rowCount())]
    assert people == ["Priya Shah", "Jonas Berg", "Léa Martin"]
    assert dialog.model.item(0, 1).text() == "Priya Shah (matched)"
    assert dialog.model.item(1, 1).text() == "skip (not matched)"
    assert dialog.summary.text() == "2 moments with 1 person; 2 names not matched"
    # A day's row says who else wrote that day, under the person's match.
    days = dialog.model.item(0)
    others = [days.child(r, 1).text() for r in range(days.rowCount())]
    assert any(text.startswith("with ") and "Jonas Berg" in text for text in others), others
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]


def test_accept_skip_match_import_and_undo(qtbot: QtBot, journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Priya Shah"))
    bus = ChangeBus()
    notices: list[tuple[str, object]] = []
    bus.notice.connect(lambda text, undo: notices.append((text, undo)))
    dialog = _dialog(qtbot, journal, bus)
    dialog.ask_me = lambda senders: "Alex Doe"  # type: ignore[method-assign]
    _read(qtbot, dialog, "chat", "whatsapp-group.txt")
    # Léa: chosen in the match box as a new person, with the keyboard.
    dialog.tree.setFocus()
    dialog.tree.setCurrentIndex(dialog.model.index(2, 0))
    dialog.match.setFocus()
    while dialog.match.currentData() != ADD:
        qtbot.keyClick(dialog.match, Qt.Key.Key_Up)
    assert dialog.model.item(2, 1).text() == "add as new"
    # Priya's first day skipped, with a click on its box.
    first_day = dialog.model.item(0).child(0)
    first_day.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.model.item(0).checkState() == Qt.CheckState.PartiallyChecked
    assert dialog.summary.text() == "1 moment with 2 people; 1 name not matched"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None)
    assert record_counts(journal).live["interaction"] == 1
    assert sorted(r.name for r in contacts.list_contacts(journal)) == ["Léa Martin", "Priya Shah"]
    assert newest_backup(journal.path) is not None  # "Take a backup first" was ticked
    text, undo = notices[-1]
    assert text == "Imported 1 moment with 2 people (1 new person)."
    assert callable(undo)
    undo()
    assert record_counts(journal).live["interaction"] == 0


def test_a_bad_file_gets_its_sentence_and_nothing_to_import(qtbot: QtBot, journal: Journal) -> None:
    dialog = _dialog(qtbot, journal)
    _read(qtbot, dialog, "mail", "not-mail.mbox")
    assert "not-mail.mbox line 1 does not start with" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.model.rowCount() == 0


def test_typing_starts_in_the_file_box_and_the_kind_follows_the_file_name(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, journal)
    qtbot.waitUntil(dialog.path_edit.hasFocus)
    for name, kind in (("events.ics", "calendar"), ("Inbox.mbox", "mail"), ("chat.txt", "chat")):
        dialog.path_edit.clear()
        qtbot.keyClicks(dialog.path_edit, str(tmp_path / name))
        assert dialog.source.currentData() == kind
    # A name that says nothing leaves the user's own choice alone.
    dialog.source.setCurrentIndex(dialog.source.findData("mail"))
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "export"))
    assert dialog.source.currentData() == "mail"
