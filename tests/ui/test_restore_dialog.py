"""File > Restore from backup…, the daily backup at open, and the synced-folder banner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core import backup
from app.core.backup_restore import Restored
from app.core.backup_rotation import BackupKind, backup_files, list_backups, rotate
from app.core.errors import JournalAccessError
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal, create_journal
from app.ui.dialogs.restore_dialog import NO_BACKUPS, RestoreDialog, restore_question, tell_restored
from app.ui.shell import app as ui_main
from app.ui.shell import daily_backup
from app.ui.shell.main_window import MainWindow
from app.ui.shell.synced_notice import SyncedBanner, synced_help, warn_if_synced

START = dt.datetime(2025, 1, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def kith(settings: QSettings) -> ui_main.KithApp:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    kith.backup_delay_ms = 0
    return kith


def add(journal: Journal, *people: str) -> None:
    for name in people:
        contacts.add_contact(journal, ContactFields(name))


def open_dialog(qtbot: QtBot, window: MainWindow) -> RestoreDialog:
    window.act_restore.trigger()
    dialog = window.act_restore.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.loader.busy())
    return dialog


def texts(dialog: RestoreDialog, row: int) -> list[str]:
    model = dialog.model
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def test_the_dialog_lists_backups_with_kind_size_and_counts(
    qtbot: QtBot, journal: Journal, settings: QSettings, qtmodeltester: object
) -> None:
    add(journal, "Ana")
    rotate(journal, now=START)
    add(journal, "Bo")
    backup.backup_file(
        journal.path, backup.default_backup_path(journal.path, "", START + dt.timedelta(days=1))
    )
    damaged = backup.default_backup_path(journal.path, "daily", START - dt.timedelta(days=1))
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x01" * 3000)
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)

    dialog = open_dialog(qtbot, window)

    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert dialog.model.rowCount() == 3
    assert dialog.pages.currentWidget() is dialog.view
    newest, older, broken = texts(dialog, 0), texts(dialog, 1), texts(dialog, 2)
    assert newest[1] == "manual" and newest[3] == "people 2"
    assert older[1] == "daily" and older[3] == "people 1"
    assert newest[2].endswith(" KB")
    assert broken[3].startswith(("damaged", "not a Kith journal"))
    assert dialog.model.flags(dialog.model.index(2, 0)) == Qt.ItemFlag.NoItemFlags
    # The newest sound backup is chosen; a damaged one can never be.
    assert dialog.selected() is not None and dialog.selected().kind is BackupKind.MANUAL  # type: ignore[union-attr]
    assert dialog.restore_button.isEnabled()
    dialog.reject()


def test_a_journal_without_backups_says_so(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    dialog = open_dialog(qtbot, window)
    assert dialog.pages.currentWidget() is dialog.message
    assert dialog.message.text() == NO_BACKUPS
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


def test_the_question_names_the_date_and_the_copy_kept_first(journal: Journal) -> None:
    add(journal, "Ana")
    rotate(journal, now=START)
    (info,) = list_backups(journal.path)
    question = restore_question("test", info)
    local = START.astimezone()
    assert f"{local:%A} {local.day} {local:%B %Y}" in question
    assert "people 1" in question and "copy" in question


def test_restoring_reopens_the_journal_with_the_backup_s_data(
    qtbot: QtBot, journal_path: Path, kith: ui_main.KithApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[QMessageBox] = []

    def tell(parent: QWidget, restored: Restored) -> QMessageBox:
        told.append(tell_restored(parent, restored))
        return told[-1]

    monkeypatch.setattr(ui_main, "tell_restored", tell)
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
    try:
        assert kith.open(journal_path, create=False)
        first_window, first_journal = kith.window, kith.journal
        assert first_window is not None and first_journal is not None
        # The daily backup is taken off the UI thread once the window is up.
        qtbot.waitUntil(lambda: len(backup_files(journal_path)) == 1)
        add(first_journal, "Bo")
        dialog = open_dialog(qtbot, first_window)
        asked: list[str] = []

        def yes(info: object) -> bool:
            asked.append(str(info))
            return True

        dialog.confirm = yes  # type: ignore[method-assign,assignment]
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: kith.window is not first_window)
        window = kith.window
        assert window is not None and window is not first_window
        qtbot.addWidget(window)
        assert asked
        assert window.sidebar.item(0).text() == "People   1"
        assert [r.name for r in contacts.list_contacts(window.journal)] == ["Ana"]
        (box,) = told
        assert box.isVisible() and box.parent() is window
        (safety,) = [b for b in backup_files(journal_path) if b.kind is BackupKind.BEFORE_RESTORE]
        assert str(safety.path) in box.text()
        box.close()
    finally:
        kith.close()


def test_a_failed_daily_backup_is_one_sentence_in_the_status_bar(
    qtbot: QtBot, journal_path: Path, kith: ui_main.KithApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")

    def full_disk(*args: object, **kwargs: object) -> object:
        raise JournalAccessError("The disk is full.")

    monkeypatch.setattr(daily_backup, "rotate", full_disk)
    try:
        assert kith.open(journal_path, create=False)
        window = kith.window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "backup was not taken" in window.notice.text())
        assert window.notice.text() == daily_backup.failure_notice("The disk is full.")
        assert window.isVisible()
    finally:
        kith.close()


def test_a_window_closed_before_the_daily_backup_starts_takes_it_on_close(
    qtbot: QtBot, journal_path: Path, kith: ui_main.KithApp
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
    kith.backup_delay_ms = 60_000  # start-up comes first; the window closes before
    assert kith.open(journal_path, create=False)
    assert kith.window is not None
    qtbot.addWidget(kith.window)
    assert backup_files(journal_path) == []
    kith.close()
    assert [b.kind for b in backup_files(journal_path)] == [BackupKind.DAILY]


# ---- the synced-folder banner ------------------------------------------------------------------


def test_a_synced_journal_is_warned_about_once(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    folder = tmp_path / "Dropbox" / "kith"
    with create_journal(folder / "synced.kith") as journal:
        window = MainWindow(journal, settings)
        qtbot.addWidget(window)
        banner = warn_if_synced(window, journal.path, settings)
        assert isinstance(banner, SyncedBanner)
        window.show()
        assert banner.isVisible() and "Dropbox folder" in banner.text.text()
        banner.why.linkActivated.emit("why")
        assert banner.why_box is not None and "backup" in banner.why_box.text()
        banner.why_box.close()
        qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
        assert not banner.isVisible()

        assert warn_if_synced(window, journal.path, settings) is None  # never again
        window.close()


def test_an_ordinary_folder_gets_no_banner(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    assert warn_if_synced(window, journal.path, settings) is None
    assert window.findChildren(SyncedBanner) == []


def test_why_reads_the_synced_help() -> None:
    text = synced_help()
    assert "Dropbox" in text and "backup" in text


def test_a_full_disk_at_quit_never_stops_kith_from_closing_the_journal(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from app.ui.shell import daily_backup

    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(daily_backup, "rotate", full)
    daily_backup.back_up_on_close(journal)  # says nothing, raises nothing


def test_a_journal_that_cannot_be_reopened_takes_its_window_away_when_the_person_quits(
    qtbot: QtBot, kith: ui_main.KithApp, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restore or a conversion closed it, the old window must not stay on a
    closed journal (its writes would bypass the lock)."""
    with create_journal(journal_path) as made:
        add(made, "Ana")
    assert kith.open(journal_path, create=False)
    window, journal = kith.window, kith.journal
    assert window is not None and journal is not None
    journal.close()
    journal_path.write_bytes(b"not a journal any more")
    monkeypatch.setattr(ui_main, "ask_after_failure", lambda *_args: ui_main.Choice.QUIT)
    kith._reopen(journal_path, None, None)
    assert kith.journal is None
    qtbot.waitUntil(lambda: not window.isVisible())
    kith.close()  # lets the daily backup's thread end
