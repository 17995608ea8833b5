"""The main window: first run, sidebar counts, shortcuts, undo, settings and start-up errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.core.records import CoalitionFields, ContactFields, EntryFields
from app.core.services import coalitions, contacts, journal_entries, trash
from app.core.store import Journal, create_journal, open_journal
from app.ui.people.person_dialog import ContactDialog
from app.ui.shell import app as ui_main
from app.ui.shell.journal_files import Choice
from app.ui.shell.main_window import MainWindow, unsaved_question


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
    assert sidebar_texts(window) == ["People   1", "Coalitions", "Journal", "Reflections", "Map"]


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
    window.act_move_to_trash.trigger()
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


# ---- the Delete key -----------------------------------------------------------------------


def coalition(journal: Journal, name: str) -> int:
    new_id = coalitions.add_coalition(journal, CoalitionFields(name)).new_id
    assert new_id is not None
    return new_id


def reflection(journal: Journal, text: str) -> int:
    new_id = journal_entries.write_entry(journal, EntryFields("2024-05-01", text)).new_id
    assert new_id is not None
    return new_id


def press_delete(qtbot: QtBot, widget: QWidget) -> None:
    """Delete with `widget` focused, as a person presses it: shortcuts get their say."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def test_move_to_trash_is_in_the_edit_menu_for_whatever_is_selected(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = make_window(qtbot, journal, settings)
    assert window.act_move_to_trash.text() == "Move to &trash"
    assert window.act_move_to_trash.shortcut() == QKeySequence(Qt.Key.Key_Delete)
    menus = {menu.title(): menu for menu in window.menuBar().findChildren(QMenu)}
    assert window.act_move_to_trash in menus["&Edit"].actions()


def test_delete_in_the_people_list_moves_the_person_to_the_trash(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    window = make_window(qtbot, journal, settings)
    window.go_to(0)
    window.people.select_person(ana)

    press_delete(qtbot, window.people.table)

    assert window.people.count() == 0
    assert "Moved Ana to the trash" in window.notice.text()


def test_delete_in_the_coalitions_place_moves_the_coalition_to_the_trash(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    coalition(journal, "Tenants of Elm Street")
    choir = coalition(journal, "Choir")
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.coalitions))
    assert window.coalitions.select_coalition(choir)

    press_delete(qtbot, window.coalitions.list)

    assert window.coalitions.count() == 1
    assert [row.name for row in coalitions.list_coalitions(journal)] == ["Tenants of Elm Street"]
    assert "Moved Choir to the trash" in window.notice.text()
    window.act_undo.trigger()
    assert window.coalitions.count() == 2


def test_delete_in_the_journal_list_moves_the_reflection_to_the_trash(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    reflection(journal, "Keep this one")
    gone = reflection(journal, "Let this one go")
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.journal_place))
    assert window.journal_place.select_entry(gone)

    press_delete(qtbot, window.journal_place.view)

    assert [entry.text for entry in journal_entries.list_entries(journal)] == ["Keep this one"]
    assert window.journal_place.count() == 1
    assert "Moved the reflection to the trash" in window.notice.text()


def test_delete_while_typing_a_reflection_deletes_a_character_not_the_reflection(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    entry = reflection(journal, "Xmas with Ana")
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.journal_place))
    place = window.journal_place
    assert place.current_entry_id() == entry
    place.editor.moveCursor(QTextCursor.MoveOperation.Start)

    press_delete(qtbot, place.editor)

    assert place.editor.toPlainText() == "mas with Ana"
    assert place.flush()
    assert [e.text for e in journal_entries.list_entries(journal)] == ["mas with Ana"]
    assert trash.list_trash(journal) == []
    assert "trash" not in window.notice.text()


def test_delete_in_a_filter_box_edits_the_filter_not_the_coalition(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    coalition(journal, "Choir")
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.coalitions))
    box = window.coalitions.filter
    box.setText("Ch")
    box.setCursorPosition(0)

    press_delete(qtbot, box)

    assert box.text() == "h"
    assert window.coalitions.count() == 1
    assert trash.list_trash(journal) == []


# ---- closing with words that could not be saved --------------------------------------------


def fail_to_save(window: MainWindow) -> None:
    """Leave text in the journal editor that the journal refuses to store."""
    window.go_to(window.places.index(window.journal_place))
    window.journal_place.new_entry()
    window.journal_place.editor.setPlainText("x" * 100_001)


def test_the_question_names_the_reason_once() -> None:
    assert unsaved_question("The text is longer than 100000 characters.") == (
        "Your last words could not be saved: The text is longer than 100000 characters. "
        "Close anyway?"
    )


def test_closing_when_the_last_words_cannot_be_saved_asks_and_can_stay_open(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = make_window(qtbot, journal, settings)
    fail_to_save(window)
    asked: list[str] = []

    def stay(reason: str) -> bool:
        asked.append(reason)
        return False

    window.ask_close_anyway = stay  # type: ignore[method-assign]

    assert window.close() is False

    assert asked == ["The text is longer than 100000 characters."]
    assert window.isVisible()
    assert window.journal_place.editor.toPlainText() == "x" * 100_001
    assert settings.value("journals/last") is None  # nothing of a close happened


def test_closing_anyway_closes_and_a_good_save_does_not_ask(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = make_window(qtbot, journal, settings)
    fail_to_save(window)
    asked: list[str] = []

    def close_anyway(reason: str) -> bool:
        asked.append(reason)
        return True

    window.ask_close_anyway = close_anyway  # type: ignore[method-assign]
    assert window.close() is True
    assert not window.isVisible()
    assert len(asked) == 1
    assert settings.value("journals/last") == str(journal.path)

    again = make_window(qtbot, journal, settings)
    again.ask_close_anyway = close_anyway  # type: ignore[method-assign]
    again.journal_place.new_entry()
    again.journal_place.editor.setPlainText("Saved as it should be")
    assert again.close() is True
    assert len(asked) == 1
    assert "Saved as it should be" in [e.text for e in journal_entries.list_entries(journal)]


def test_switching_journals_with_unsaved_words_asks_and_can_stay(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    first, second = tmp_path / "first.kith", tmp_path / "second.kith"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    try:
        assert kith.open(first)
        window, opened = kith.window, kith.journal
        assert window is not None and opened is not None
        qtbot.addWidget(window)
        fail_to_save(window)
        asked: list[str] = []

        def stay(reason: str) -> bool:
            asked.append(reason)
            return False

        window.ask_close_anyway = stay  # type: ignore[method-assign]

        assert kith.open(second)

        assert asked == ["The text is longer than 100000 characters."]
        assert kith.window is window and kith.journal is opened
        assert window.isVisible()
        assert window.journal_place.editor.toPlainText() == "x" * 100_001
        open_journal(second).close()  # not left locked by the switch that did not happen

        window.ask_close_anyway = lambda reason: True  # type: ignore[method-assign]
        assert kith.open(second)
        assert kith.window is not window and kith.journal is not None
        assert kith.window is not None
        qtbot.addWidget(kith.window)
        assert kith.journal.path == second
    finally:
        kith.close()


def test_delete_on_a_member_row_removes_the_member_not_the_coalition(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    from app.core.records import MemberFields

    choir = coalition(journal, "Choir")
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    coalitions.add_member(journal, MemberFields(choir, ana, role="alto"))
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.coalitions))
    assert window.coalitions.select_coalition(choir)
    members = window.coalitions.page.member_table
    members.setCurrentIndex(members.model().index(0, 0))

    press_delete(qtbot, members)

    assert [row.name for row in coalitions.list_coalitions(journal)] == ["Choir"]
    assert coalitions.get_coalition(journal, choir).members == ()


def test_the_file_menu_offers_export_and_both_imports(
    qtbot: QtBot, journal: Journal, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.dialogs import export_dialog

    window = make_window(qtbot, journal, settings)
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]  # type: ignore[union-attr]
    assert {"&Export to CSV…", "&Import Kith CSV…", "Import &people…"} <= set(texts)
    assert window.data_actions["export"].shortcut().toString() == "Ctrl+Shift+E"
    opened: list[object] = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(self))
    window.data_actions["export"].trigger()
    assert len(opened) == 1 and isinstance(opened[0], export_dialog.ExportDialog)


def test_exit_when_ready_opens_the_window_reports_and_quits(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    journal_file = tmp_path / "smoke.kith"
    with create_journal(journal_file) as made:  # with a record: worth a daily backup
        contacts.add_contact(made, ContactFields("Ana"))
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_CONFIG_HOME", None)
    env.pop("XDG_DATA_HOME", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "--journal", str(journal_file), "--exit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready in ") and done.stdout.strip().endswith(" s")
    assert journal_file.exists()
    # Qt's settings file names the journals used: for its owner's eyes only.
    conf = tmp_path / ".config" / "Kith" / "Kith.conf"
    assert conf.exists()
    assert conf.stat().st_mode & 0o077 == 0
    assert conf.parent.stat().st_mode & 0o077 == 0
    # A smoke test leaves no backup behind.
    assert not (tmp_path / "backups").exists()


def test_places_not_shown_yet_count_their_records_and_fill_when_first_shown(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    """The window opens on People; the other lists are read only when first visited."""
    contacts.add_contact(journal, ContactFields("Ana"))
    coalitions.add_coalition(journal, CoalitionFields("Allotment"))
    journal_entries.write_entry(journal, EntryFields("2026-01-02", "A thought"))
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.people))
    assert not window.journal_place.loaded and not window.coalitions.loaded
    assert window.sidebar.item(window.places.index(window.journal_place)).text().endswith("1")
    assert window.sidebar.item(window.places.index(window.coalitions)).text().endswith("1")
    journal_entries.write_entry(journal, EntryFields("2026-01-03", "Another"))
    window.bus.publish(journal_entries.write_entry(journal, EntryFields("2026-01-04", "More")))
    assert window.sidebar.item(window.places.index(window.journal_place)).text().endswith("3")
    window.go_to(window.places.index(window.journal_place))
    assert window.journal_place.loaded and window.journal_place.model.rowCount() == 3


def test_a_journal_with_a_bad_date_and_a_removed_leftover_opens_and_says_so(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    """Issue 20, items 6 and 8: the window never stops on a bad stored value, and
    what the open cleaned up is said in the status bar."""
    import sqlite3

    path = tmp_path / "odd.kith"
    with create_journal(path) as journal:
        contacts.add_contact(journal, ContactFields("Ana"))
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE contacts SET created_at = 'garbage'")
    raw.close()
    scratch = path.with_name(path.name + ".converting")
    scratch.write_bytes(path.read_bytes())
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    try:
        assert kith.open(path, create=False)
        assert kith.window is not None
        qtbot.addWidget(kith.window)
        assert "removed odd.kith.converting" in kith.window.notice.text()
        assert not scratch.exists()
        assert sidebar_texts(kith.window)[0] == "People   1"
    finally:
        kith.close()


def test_the_demo_journal_says_so_and_leads_back_to_my_journal(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.shell import main_window

    demo, mine = tmp_path / "data" / "demo.kith", tmp_path / "data" / "journal.kith"
    monkeypatch.setattr(main_window, "demo_journal_path", lambda: demo)
    monkeypatch.setattr(main_window, "default_journal_path", lambda: mine)
    with create_journal(demo) as journal:
        window = make_window(qtbot, journal, settings)
        assert window.demo_bar.isVisible()
        with qtbot.waitSignal(window.journal_requested) as asked:
            qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
        assert asked.args == [mine, True]
    with create_journal(mine) as journal:
        assert not make_window(qtbot, journal, settings).demo_bar.isVisible()
