"""The quick log in the window: Ctrl+Shift+L from any place, a live reading, Enter saves, Undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from app.core.records import ContactFields
from app.core.services import contacts, moments, timeline
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import date_of
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.quick_log import QuickLogPopup
from app.ui.shell.main_window import MainWindow

TODAY = dt.date(2026, 12, 2)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _person(journal: Journal, name: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name)).new_id
    assert new_id is not None
    return new_id


def _popup(qtbot: QtBot, journal: Journal, bus: ChangeBus | None = None) -> QuickLogPopup:
    popup = QuickLogPopup(journal, bus or ChangeBus(), today=TODAY)
    qtbot.addWidget(popup)
    popup.show()
    return popup


def test_ctrl_k_opens_the_quick_log_from_every_place_and_the_menu_shows_it(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    _person(journal, "Ana Lima")
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    person_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Person")
    first = person_menu.actions()[0]
    assert first.text() == "&Quick log…" and first.shortcut().toString() == "Ctrl+Shift+L"
    for place in range(len(window.places)):
        window.go_to(place)
        window.activateWindow()
        window.sidebar.setFocus()
        qtbot.waitUntil(window.sidebar.hasFocus)
        qtbot.keyClick(window.sidebar, Qt.Key.Key_L, CTRL_SHIFT)
        popup = window.findChild(QuickLogPopup)
        assert popup is not None and popup.isVisible(), place
        qtbot.waitUntil(lambda popup=popup: QApplication.focusWidget() is popup.line)
        qtbot.keyClick(popup.line, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: window.findChild(QuickLogPopup) is None)


def test_the_reading_follows_each_keystroke(qtbot: QtBot, journal: Journal) -> None:
    _person(journal, "Sam Okafor")
    _person(journal, "Ana Lima")
    popup = _popup(qtbot, journal)
    qtbot.keyClicks(popup.line, "coffee with Sam")
    assert popup.understood.text() == "Moment · shared time · Wed 2 Dec 2026"
    qtbot.keyClicks(popup.line, " and Ana yesterday, warm")
    assert popup.understood.text() == "Moment · shared time · Tue 1 Dec 2026 · warmth 4"
    assert popup.people_box.rowCount() == 2
    assert popup.note.text() == "Note: coffee with Sam and Ana"
    assert popup.save_button.isEnabled()


def test_enter_saves_the_line_and_undo_takes_it_back(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    sam = _person(journal, "Sam Okafor")
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    popup = QuickLogPopup(journal, window.bus, window, today=TODAY)
    qtbot.addWidget(popup)
    popup.show()
    qtbot.keyClicks(popup.line, "Sam helped me move last Saturday, big favor, I owe her")
    assert popup.understood.text() == (
        "Favor I received · Sat 28 Nov 2026 · weight 4 · expectation: explicit"
    )
    qtbot.keyClick(popup.line, Qt.Key.Key_Return)
    assert not popup.isVisible()
    [item] = timeline.person_timeline(journal, sam)
    assert item.kind == "favor" and item.text == "Sam helped me move" and item.weight == 4
    assert window.notice.text() == "Logged a favor received on 2026-11-28."
    assert window.undo_button.isVisibleTo(window)
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert timeline.person_timeline(journal, sam) == []


def test_an_ambiguous_name_waits_for_a_choice(qtbot: QtBot, journal: Journal) -> None:
    _person(journal, "Sam Okafor")
    reyes = _person(journal, "Sam Reyes")
    popup = _popup(qtbot, journal)
    qtbot.keyClicks(popup.line, "texted Sam")
    assert "could be Sam Okafor (#1) or Sam Reyes (#2)" in popup.problem.text()
    qtbot.keyClick(popup.line, Qt.Key.Key_Return)
    assert popup.isVisible()  # nothing saved, nothing guessed
    combo = popup.findChild(QComboBox, "")
    combos = [c for c in popup.findChildren(QComboBox) if c.accessibleName() == "Who is Sam"]
    assert combos and combo is not None
    combos[0].setFocus()
    qtbot.keyClick(combos[0], Qt.Key.Key_Down)
    qtbot.keyClick(combos[0], Qt.Key.Key_Down)
    assert combos[0].currentData() == reyes
    assert popup.problem.text() == ""
    qtbot.keyClick(popup.line, Qt.Key.Key_Return)
    [item] = timeline.person_timeline(journal, reyes)
    assert moments.get_moment(journal, item.id).kind.value == "message"


def test_a_new_name_is_offered_as_a_new_person(qtbot: QtBot, journal: Journal) -> None:
    popup = _popup(qtbot, journal)
    qtbot.keyClicks(popup.line, "walk with Bob last week")
    [combo] = [c for c in popup.findChildren(QComboBox) if c.accessibleName() == "Who is Bob"]
    assert combo.currentText() == "Add “Bob” as a new person"
    qtbot.keyClick(popup.line, Qt.Key.Key_Return)
    assert [row.name for row in contacts.list_contacts(journal)] == ["Bob"]


def test_full_dialog_opens_prefilled(qtbot: QtBot, journal: Journal) -> None:
    _person(journal, "Mum")
    jonas = _person(journal, "Jonas")
    popup = _popup(qtbot, journal)
    qtbot.keyClicks(popup.line, "call with Mum 2026-11-30, lovely")
    dialog = popup.open_full_dialog()
    assert isinstance(dialog, MomentDialog)
    qtbot.addWidget(dialog)
    assert date_of(dialog.occurred_on) == dt.date(2026, 11, 30)
    assert dialog.kind.currentData() == "call" and dialog.warmth.currentData() == 5
    assert dialog.people.names() == ["Mum"]
    popup = _popup(qtbot, journal)
    qtbot.keyClicks(popup.line, "lent Jonas my drill, small favor")
    qtbot.mouseClick(popup.full_button, Qt.MouseButton.LeftButton)
    favor = popup.full_dialog
    qtbot.addWidget(favor)
    assert isinstance(favor, FavorDialog)
    assert favor.contact_id == jonas and favor.description.text() == "lent Jonas my drill"
    assert favor.weight.currentData() == 2 and favor.direction.currentData() == "given"
