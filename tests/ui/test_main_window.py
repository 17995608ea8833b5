"""The main window: first run, sidebar counts, shortcuts, undo, settings and start-up errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal, create_journal
from app.ui import main as ui_main
from app.ui.contact_dialog import ContactDialog
from app.ui.journal_files import Choice
from app.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot: QtBot, journal: Journal, settings: QSettings) -> MainWindow:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def sidebar_texts(window: MainWindow) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_first_run_shows_a_friendly_welcome_not_empty_tables(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = make_window(qtbot, journal, settings)
    assert window.outer.currentWidget() is window.welcome
    assert "private journal" in window.welcome.explanation.text()
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)
    dialog = window.people.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Ana")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.outer.currentWidget() is not window.welcome
    assert sidebar_texts(window)[0] == "People   1"


def test_title_names_the_journal_and_sidebar_has_four_places(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    window = make_window(qtbot, journal, settings)
    assert window.windowTitle() == "test — Kith"
    assert sidebar_texts(window) == ["People   1", "Coalitions", "Journal", "Reflections"]


def test_ctrl_n_opens_the_new_person_form_and_ctrl_f_searches(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    window = make_window(qtbot, journal, settings)
    window.act_new_person.trigger()
    assert isinstance(window.people.dialog, ContactDialog)
    window.people.dialog.reject()
    assert window.act_new_person.shortcut().toString() == "Ctrl+N"
    assert window.act_moment.shortcut().toString() == "Ctrl+L"
    assert window.act_given.shortcut().toString() == "Ctrl+G"
    assert window.act_received.shortcut().toString() == "Ctrl+R"
    assert window.act_reflection.shortcut().toString() == "Ctrl+J"


def test_ctrl_f_puts_the_cursor_in_the_search_box(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    window = make_window(qtbot, journal, settings)
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    window.act_find.trigger()
    qtbot.waitUntil(lambda: window.people.search.hasFocus())


def test_edit_undo_restores_what_was_moved_to_trash(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    window = make_window(qtbot, journal, settings)
    window.people.select_person(ana)
    window.act_trash_person.trigger()
    assert window.people.count() == 0
    assert window.undo_button.isVisible()
    assert "Moved Ana to the trash" in window.notice.text()
    window.act_undo.trigger()
    assert window.people.count() == 1
    assert not window.act_undo.isEnabled()


def test_geometry_and_place_are_remembered(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    window = make_window(qtbot, journal, settings)
    window.go_to(2)
    window.close()
    again = make_window(qtbot, journal, settings)
    assert again.sidebar.currentRow() == 2
    assert settings.value("journals/last") == str(journal.path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty file"),
        (b"this is a shopping list, not a journal" * 5, "not a Kith journal"),
    ],
)
def test_a_bad_journal_at_start_up_gets_a_sentence_and_a_choice(
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    words: str,
) -> None:
    bad = tmp_path / "bad.kith"
    bad.write_bytes(content)
    asked: list[str] = []

    def quit_after(message: str, parent: object = None) -> Choice:
        asked.append(message)
        return Choice.QUIT

    monkeypatch.setattr(ui_main, "ask_after_failure", quit_after)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    assert kith.open(bad) is False
    (message,) = asked
    assert words in message and str(bad) in message
    assert bad.read_bytes() == content


def test_choosing_create_new_after_a_failure_opens_the_new_journal(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked_path = tmp_path / "busy.kith"
    holder = create_journal(locked_path)
    fresh = tmp_path / "fresh.kith"
    monkeypatch.setattr(
        ui_main, "ask_after_failure", lambda message, parent=None: Choice.CREATE_NEW
    )
    monkeypatch.setattr(ui_main, "ask_new_journal", lambda parent=None: fresh)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    try:
        assert kith.open(locked_path, create=False)
        assert kith.window is not None and kith.journal is not None
        qtbot.addWidget(kith.window)
        assert kith.journal.path == fresh
        assert kith.window.windowTitle() == "fresh — Kith"
    finally:
        kith.close()
        holder.close()
