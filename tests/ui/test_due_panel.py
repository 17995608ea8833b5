"""Staying in touch in the window: the Due list in Reflections, its badge, and the tray message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.records import ContactFields, MomentFields
from app.core.services import contacts, moments
from app.core.services.due import Birthday, Due, Overdue
from app.core.store import Journal
from app.ui.prompts.due_panel import DuePanel
from app.ui.shell.main_window import MainWindow
from app.ui.shell.tray import SETTING, TITLE, notifications_on, notify_due_at_start, tray_message

TODAY = dt.date.today()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def overdue_sam(journal: Journal) -> int:
    """Sam, to be seen every 30 days, last seen 95 days ago."""
    fields = ContactFields("Sam", keep_in_touch_days=30)
    sam = contacts.add_contact(journal, fields).new_id or 0
    moments.log_moment(journal, MomentFields(TODAY - dt.timedelta(days=95), (sam,), warmth=4))
    return sam


def birthday_in_three_days(journal: Journal) -> int:
    soon = TODAY + dt.timedelta(days=3)
    fields = ContactFields("Lee", birthday=soon.strftime("--%m-%d"))
    return contacts.add_contact(journal, fields).new_id or 0


def make_window(qtbot: QtBot, journal: Journal, settings: QSettings) -> MainWindow:
    window = MainWindow(journal, settings)

    def settle(_window: object) -> None:
        for place in window.places:
            place.wait_for_work()

    qtbot.addWidget(window, before_close_func=settle)
    window.show()
    return window


def panel_of(window: MainWindow) -> DuePanel:
    return window.reflections.due_panel


def reflections_badge(window: MainWindow) -> str:
    return window.sidebar.item(window.places.index(window.reflections)).text()


def test_the_due_list_speaks_gently_and_is_counted_apart_from_questions(
    qtbot: QtBot, journal: Journal, settings: QSettings, qtmodeltester: ModelTester
) -> None:
    overdue_sam(journal)
    lee = birthday_in_three_days(journal)
    window = make_window(qtbot, journal, settings)
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.count() == 2)
    qtmodeltester.check(panel.model)
    lines = [str(panel.model.index(r, 0).data()) for r in range(panel.model.rowCount())]
    assert lines[0].startswith("Lee's birthday is in 3 days, on ")
    assert lines[1] == "It's been 95 days since you last saw Sam. No reason needed."
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole) == lee
    window.go_to(window.places.index(window.reflections))
    assert panel.isVisible() and panel.title.text() == "Staying in touch · 2"
    # Counted apart from the questions: the badge counts questions only (none here).
    assert reflections_badge(window) == "Reflections"


def test_clicking_someone_due_opens_their_page(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    sam = overdue_sam(journal)
    contacts.add_contact(journal, ContactFields("Ana"))
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.reflections))
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.count() == 1)
    rect = panel.list.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_place() is window.people
    assert window.people.selected_id() == sam
    assert window.people.page.name.text() == "Sam"


def test_seeing_someone_takes_them_off_the_list(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    sam = overdue_sam(journal)
    window = make_window(qtbot, journal, settings)
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.count() == 1)
    window.bus.publish(moments.log_moment(journal, MomentFields(TODAY, (sam,), warmth=5)))
    qtbot.waitUntil(lambda: panel.count() == 0)
    assert panel.isHidden()
    qtbot.waitUntil(lambda: reflections_badge(window) == "Reflections")


def test_nothing_due_shows_no_section(qtbot: QtBot, journal: Journal, settings: QSettings) -> None:
    contacts.add_contact(journal, ContactFields("Ana", keep_in_touch_days=30))  # added today
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.reflections))
    qtbot.waitUntil(lambda: not panel_of(window).busy())
    assert panel_of(window).count() == 0 and not panel_of(window).isVisible()


# ---- the tray message at start-up ------------------------------------------------------------


def test_the_tray_message_is_off_by_default(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    overdue_sam(journal)
    window = make_window(qtbot, journal, settings)
    assert not notifications_on(settings)
    assert notify_due_at_start(settings, journal, window) is None
    settings.setValue(SETTING, False)
    assert notify_due_at_start(settings, journal, window) is None


def test_when_turned_on_it_says_what_is_due_today(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    overdue_sam(journal)
    birthday_in_three_days(journal)  # not today: not in the message
    window = make_window(qtbot, journal, settings)
    settings.setValue(SETTING, True)
    settings.sync()
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # "true" as text
    notice = notify_due_at_start(reread, journal, window)
    assert notice is not None
    qtbot.waitUntil(lambda: not notice.busy())
    assert notice.message == (
        TITLE,
        "It's been 95 days since you last saw Sam. No reason needed.",
    )
    # Offscreen there is no tray: nothing is shown, and nothing fails.
    assert (notice.icon is not None) == QSystemTrayIcon.isSystemTrayAvailable()


def test_the_message_puts_birthdays_first_and_stays_short() -> None:
    day = dt.date(2026, 5, 7)
    found = Due(
        day,
        tuple(
            Overdue(n, f"Friend {n}", 40 + n, 30, day - dt.timedelta(days=40 + n)) for n in range(4)
        ),
        (Birthday(9, "Kim", day, 0, 30), Birthday(10, "Lou", day + dt.timedelta(days=2), 2, None)),
    )
    title, body = tray_message(found) or ("", "")
    assert title == TITLE
    assert body.splitlines() == [
        "Kim turns 30 today.",
        "It's been 40 days since you last saw Friend 0. No reason needed.",
        "It's been 41 days since you last saw Friend 1. No reason needed.",
        "…and 2 more in Reflections.",
    ]
    only_later = Due(day, (), (Birthday(10, "Lou", day + dt.timedelta(days=2), 2, None),))
    assert tray_message(only_later) is None
