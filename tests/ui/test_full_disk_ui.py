"""A full disk in the window: the save is refused with a sentence, nothing typed is lost.

The disk "fills up" through SQLite's `max_page_count`: the journal may grow no
further, exactly as when the disk has no room left. What is being written is
long enough to need new pages.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.core.records import ContactFields, EntryFields, FavorFields, MomentFields
from app.core.services import contacts, journal_entries, moments, overview
from app.core.store import Journal, create_journal, integrity_check
from app.ui.bus import ChangeBus
from app.ui.entries.place import KEPT_SENTENCE, JournalPlace
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.person_dialog import ContactDialog
from app.ui.shell.main_window import MainWindow

Dialog = ContactDialog | MomentDialog | FavorDialog
LONG = "I keep turning over what Ana said at the station, and what I did not say. " * 800


@contextmanager
def disk_full(journal: Journal) -> Iterator[None]:
    """While inside, the journal file cannot grow by a single page."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(journal.engine, "connect", cap)
    journal.engine.dispose()
    try:
        yield
    finally:
        event.remove(journal.engine, "connect", cap)
        journal.engine.dispose()  # space freed: new connections may grow the file again


def texts(journal: Journal) -> list[str]:
    return [entry.text for entry in journal_entries.list_entries(journal)]


def says_disk_full(sentence: str) -> bool:
    return all(
        words in sentence
        for words in ("disk is full", "not saved", "nothing already saved was lost", "Free some")
    )


def test_a_full_disk_keeps_the_reflection_in_the_editor_until_it_can_be_saved(
    qtbot: QtBot, journal: Journal
) -> None:
    journal_entries.write_entry(journal, EntryFields("2024-05-01", "Earlier words"))
    place = JournalPlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.show()
    place.new_entry()

    with disk_full(journal):
        place.editor.insertPlainText(LONG)  # pasted in: one edit, one save
        qtbot.waitUntil(lambda: says_disk_full(place.status.text()))
        assert place.status.text().endswith(KEPT_SENTENCE)
        assert place.editor.toPlainText() == LONG
        assert integrity_check(journal) == "ok"
        assert sorted(texts(journal)) == ["", "Earlier words"]

    qtbot.keyClicks(place.editor, " Later.")
    qtbot.waitUntil(lambda: place.status.text() == "Saved")
    assert sorted(texts(journal)) == sorted([(LONG + " Later.").strip(), "Earlier words"])
    assert integrity_check(journal) == "ok"


def person_dialog(journal: Journal, _ana: int) -> Dialog:
    dialog = ContactDialog(journal, ChangeBus())
    dialog.name.setText("Dana Ortiz")
    dialog.notes.setPlainText(LONG)
    return dialog


def moment_dialog(journal: Journal, ana: int) -> Dialog:
    dialog = MomentDialog(journal, ChangeBus(), with_people=[(ana, "Ana")])
    dialog.note.setPlainText(LONG)
    return dialog


def favor_dialog(journal: Journal, ana: int) -> Dialog:
    dialog = FavorDialog(journal, ChangeBus(), ana, "Ana")
    # A favor's words are short in life; long here so that saving needs new pages.
    dialog.description.setText(LONG[:30_000])
    return dialog


@pytest.mark.parametrize("make", [person_dialog, moment_dialog, favor_dialog])
def test_a_full_disk_keeps_the_dialog_open_and_filled_until_save_works(
    qtbot: QtBot, journal: Journal, make: Callable[[Journal, int], Dialog]
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    moments.log_moment(journal, MomentFields("2024-05-01", (ana,), note="Tea"))
    moments.log_favor(journal, FavorFields(ana, "given", "2024-05-02", "Lent a ladder", 2))
    before = overview.record_counts(journal)
    dialog = make(journal, ana)
    qtbot.addWidget(dialog)
    dialog.open()
    typed = dialog.fields()

    with disk_full(journal):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert says_disk_full(dialog.general_error.text())
        assert not dialog.general_error.isHidden()
        assert dialog.fields() == typed
        assert integrity_check(journal) == "ok"
        assert overview.record_counts(journal) == before

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    after = overview.record_counts(journal)
    assert sum(after.live.values()) == sum(before.live.values()) + 1
    assert integrity_check(journal) == "ok"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 2 MB (tmpfs), to be filled to the last byte."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root and a system that allows it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Write a file until the disk has no room left."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, bytes(4096))
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(descriptor)


def test_moving_a_person_to_the_trash_on_a_full_disk_says_so_on_the_status_line(
    qtbot: QtBot, small_disk: Path, tmp_path: Path
) -> None:
    journal = create_journal(small_disk / "journal.kith")
    try:
        ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(journal, settings)
        qtbot.addWidget(window)
        window.show()
        window.people.select_person(ana)
        fill(small_disk)

        qtbot.mouseClick(window.people.page.buttons["trash"], Qt.MouseButton.LeftButton)

        assert says_disk_full(window.notice.text())
        assert not window.undo_button.isVisible()
        assert window.people.selected_id() == ana  # still there, still shown
        (small_disk / "filler").unlink()
        assert [c.name for c in contacts.list_contacts(journal)] == ["Ana"]
    finally:
        journal.close()
