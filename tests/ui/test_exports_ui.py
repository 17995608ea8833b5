"""File > Export calendar… and Preferences' daily notification, driven as a person would."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.core.notifier import schedule
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal
from app.ui.dialogs.preferences_dialog import PreferencesDialog
from app.ui.shell.main_window import MainWindow


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The person's home and config folders, in the test's own folder."""
    folder = tmp_path / "home"
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))  # no systemd here
    return folder


def make_window(qtbot: QtBot, journal: Journal, tmp_path: Path) -> MainWindow:
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))

    def settle(_window: object) -> None:
        for place in window.places:
            place.wait_for_work()

    qtbot.addWidget(window, before_close_func=settle)
    window.show()
    return window


def file_action(window: MainWindow, text: str) -> QAction:
    file_menu = next(m for m in window.menuBar().actions() if m.text() == "&File").menu()
    (action,) = [a for a in file_menu.actions() if a.text() == text]
    return action


def test_file_export_calendar_writes_the_birthdays_and_says_so(
    qtbot: QtBot, journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts.add_contact(journal, ContactFields("Ana", birthday="1990-05-04"))
    window = make_window(qtbot, journal, tmp_path)
    chosen = tmp_path / "my calendar"  # typed without .ics
    asked: list[str] = []

    def save_dialog(_parent: object, title: str, start: str, _filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), ""

    # The platform's own save dialog is modal; what it hands back is what matters.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    file_action(window, "Export ca&lendar…").trigger()
    written = chosen.with_suffix(".ics")
    parsed = icalendar.Calendar.from_ical(written.read_bytes())
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["Ana's birthday"]
    assert asked[0].endswith(".ics")
    assert window.notice.text().startswith(
        f"Calendar written to {written}: 1 birthday, 0 keep-in-touch days"
    )


def test_the_daily_notification_box_sets_up_and_removes_the_login_entry(
    qtbot: QtBot, journal: Journal, tmp_path: Path, home: Path
) -> None:
    window = make_window(qtbot, journal, tmp_path)
    entry = home / ".config" / "autostart" / schedule.AUTOSTART

    def preferences() -> PreferencesDialog:
        (action,) = [a for a in window.findChildren(QAction) if a.text() == "&Preferences…"]
        action.trigger()
        dialog = window.findChild(PreferencesDialog)
        assert isinstance(dialog, PreferencesDialog)
        qtbot.waitUntil(dialog.isVisible)
        dialog.tabs.setCurrentIndex(2)
        return dialog

    dialog = preferences()
    assert not dialog.daily.isChecked()
    qtbot.mouseClick(dialog.daily, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert entry.exists()
    assert str(journal.path) in entry.read_text("utf-8")
    qtbot.waitUntil(lambda: window.findChild(PreferencesDialog) is None)

    dialog = preferences()
    assert dialog.daily.isChecked()  # what is on the disk
    qtbot.mouseClick(dialog.daily, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not entry.exists()


def test_the_daily_notification_is_turned_on_with_the_keyboard_alone(
    qtbot: QtBot, journal: Journal, tmp_path: Path, home: Path
) -> None:
    """Alt+G for the General tab, Alt+M for the morning reminder, Enter to save (Alt+R
    was both the Reflections tab and this box, so it went to the tab)."""
    window = make_window(qtbot, journal, tmp_path)
    entry = home / ".config" / "autostart" / schedule.AUTOSTART
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "&Preferences…"]
    action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert isinstance(dialog, PreferencesDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    focused = dialog.focusWidget() or dialog
    qtbot.keyClick(focused, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 2
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.daily.isChecked)  # a mnemonic clicks the box a moment later
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(entry.exists)


def _answer_when_asked(qtbot: QtBot, button_text: str) -> None:
    """Press `button_text` in the question box as soon as it is up (it runs modally)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        shown = [box for box in boxes if box.isVisible()]
        if not shown:
            QTimer.singleShot(10, press)
            return
        (button,) = [b for b in shown[0].buttons() if b.text() == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


@pytest.mark.parametrize(
    ("answer", "names"), [("&Everyone", ["Ana", "Ben"]), ("Only Ben", ["Ben"])]
)
def test_file_export_people_writes_everyone_or_the_person_shown(
    qtbot: QtBot,
    journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    names: list[str],
) -> None:
    import vobject

    contacts.add_contact(journal, ContactFields("Ana", email="ana@example.org"))
    ben = contacts.add_contact(journal, ContactFields("Ben", phone="+44 20 7946 0000")).new_id
    assert ben is not None
    window = make_window(qtbot, journal, tmp_path)
    window.people.select_person(ben)
    chosen = tmp_path / "cards"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(chosen), ""))
    _answer_when_asked(qtbot, answer)
    file_action(window, "Export people (&vCard)…").trigger()
    written = chosen.with_suffix(".vcf")
    cards = list(vobject.readComponents(written.read_text("utf-8")))
    assert [card.fn.value for card in cards] == names
    assert written.stat().st_mode & 0o777 == 0o600
    people = "1 person" if len(names) == 1 else f"{len(names)} people"
    assert window.notice.text().startswith(f"{people} written to {written}")
