"""Preferences, driven as a person would: Edit > Preferences…, change a threshold, Save,
and the Reflections place asks differently at once; restore the defaults; a refused value
keeps Save disabled with a sentence; the per-user choices land in QSettings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from app.core.records import MomentFields
from app.core.reflection.thresholds import DEFAULTS, Thresholds
from app.core.services import moments, settings
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.preferences_dialog import NOTIFY_KEY, PreferencesDialog
from app.ui.kit import dates, forms
from app.ui.shell.main_window import MainWindow
from tests.histories import History

TODAY = dt.date.today()  # the window judges as of today: histories are built back from it


_history = History(TODAY)
ago, warm_years, favor, turned = (
    _history.ago,
    _history.warm_years,
    _history.favor,
    _history.turned,
)


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not any(place.busy() for place in window.places))


def make_window(qtbot: QtBot, journal: Journal, qsettings: QSettings) -> MainWindow:
    window = MainWindow(journal, qsettings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    settle(qtbot, window)
    return window


def open_preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    """Edit > Preferences…, as the menu offers it."""
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "&Preferences…"]
    assert "Ctrl+," in [key.toString() for key in action.shortcuts()]
    edit_menu = next(m for m in window.menuBar().actions() if m.text() == "&Edit").menu()
    assert action in edit_menu.actions()
    action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert isinstance(dialog, PreferencesDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def retype(qtbot: QtBot, box: QAbstractSpinBox, text: str) -> None:
    """Select what the box says and type over it, as a person does."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(box, text)


def save(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def asked_about(window: MainWindow) -> set[str]:
    return {view.subject_name for view in window.reflections.prompts()}


# ---- thresholds change the prompts at once ----------------------------------------------


def test_raising_the_least_index_above_every_index_empties_reflections(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    turned(journal, "Dana")
    window = make_window(qtbot, journal, qsettings)
    assert asked_about(window) == {"Dana"}

    dialog = open_preferences(qtbot, window)
    assert dialog.boxes["prompt_min_index"].text() == "35"
    retype(qtbot, dialog.boxes["prompt_min_index"], "100")
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: window.reflections.prompts() == [])
    settle(qtbot, window)
    assert window.reflections.prompts() == []
    assert window.sidebar.item(window.places.index(window.reflections)).text() == "Reflections"
    assert settings.thresholds(journal).prompt_min_index == 100  # `kith prompts` agrees


def test_lowering_a_minimum_raises_a_question_the_defaults_kept_back(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    sam = warm_years(journal, "Sam")
    favor(journal, sam, 150, "given")
    favor(journal, sam, 120, "given")
    moments.log_moment(journal, MomentFields(ago(140), (sam,), warmth=4))
    window = make_window(qtbot, journal, qsettings)
    assert window.reflections.prompts() == []  # three recent entries are too few to speak

    dialog = open_preferences(qtbot, window)
    retype(qtbot, dialog.boxes["min_recent_entries"], "3")
    retype(qtbot, dialog.boxes["turn_z"], "1")  # ...and too few to be sure of a change
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: asked_about(window) == {"Sam"})
    settle(qtbot, window)
    row = window.people.model.row_of(sam)
    assert int(window.people.model.index(row, window.people.model.INDEX).data()) >= 35


def test_restore_defaults_puts_back_every_threshold_and_the_questions(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    turned(journal, "Dana")
    settings.save_thresholds(journal, Thresholds(prompt_min_index=100, favor_share=0.45))
    window = make_window(qtbot, journal, qsettings)
    assert window.reflections.prompts() == []
    dialog = open_preferences(qtbot, window)
    assert dialog.boxes["favor_share"].text() == "45%"

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.boxes["favor_share"].text() == "60%"
    assert dialog.thresholds() == DEFAULTS
    save(qtbot, dialog)

    assert settings.stored_settings(journal) == {}
    qtbot.waitUntil(lambda: asked_about(window) == {"Dana"})


# ---- refused values ---------------------------------------------------------------------


def test_an_emptied_value_disables_save_with_a_sentence_beside_it(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    dialog = PreferencesDialog(journal, ChangeBus(), qsettings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.isEnabled()

    retype(qtbot, dialog.boxes["favor_share"], "")
    assert not dialog.save_button.isEnabled()
    assert dialog.error_text("favor_share") == "Favor share must be a number from 0% to 100%."

    qtbot.keyClicks(dialog.boxes["favor_share"], "45")
    assert dialog.save_button.isEnabled() and dialog.error_text("favor_share") == ""

    dialog.tabs.setCurrentIndex(1)
    retype(qtbot, dialog.retention[0], "")
    assert not dialog.save_button.isEnabled()
    assert dialog.error_text("backups.daily") == "Daily backups must be a whole number."
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and settings.stored_settings(journal) == {}  # nothing written


def test_every_threshold_has_a_box_with_its_default_and_meaning_in_the_tooltip(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    dialog = PreferencesDialog(journal, ChangeBus(), qsettings)
    qtbot.addWidget(dialog)
    assert dialog.thresholds() == DEFAULTS
    tip = dialog.boxes["weekly_prompt_budget"].toolTip()
    assert "New questions in any seven days" in tip and "Default: 3." in tip
    assert "Default: 60%." in dialog.boxes["favor_share"].toolTip()


# ---- per-user choices -------------------------------------------------------------------


def test_the_notification_toggle_and_date_choices_are_written_to_qsettings(
    qtbot: QtBot, journal: Journal, qsettings: QSettings, tmp_path: Path
) -> None:
    dialog = PreferencesDialog(journal, ChangeBus(), qsettings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    assert not dialog.notify.isChecked()  # off by default
    box = dialog.notify  # on its box, not on the empty end of a wide row
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    forms.select_data(dialog.week_start, "sunday")
    forms.select_data(dialog.date_format, dates.LONG)
    save(qtbot, dialog)

    reread = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert reread.value(NOTIFY_KEY, False, type=bool) is True
    prefs = dates.load(reread)
    assert prefs == dates.DatePrefs("sunday", dates.LONG)
    edit = dates.apply(forms.date_edit(dt.date(2026, 11, 24)), prefs)
    assert edit.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Sunday
    assert "2026" in edit.text() and edit.text() != "2026-11-24"


def test_date_editors_show_iso_dates_and_a_locale_week_by_default(
    qtbot: QtBot, tmp_path: Path
) -> None:
    prefs = dates.load(QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat))
    assert prefs.date_format == dates.ISO and prefs.week_start == dates.locale_week_start()
    edit = dates.apply(forms.date_edit(dt.date(2026, 11, 24)), prefs)
    qtbot.addWidget(edit)
    assert edit.text() == "2026-11-24"


def test_leaving_an_emptied_box_puts_its_number_back_and_clears_the_error(
    qtbot: QtBot, journal: Journal, qsettings: QSettings
) -> None:
    dialog = PreferencesDialog(journal, ChangeBus(), qsettings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    box = dialog.boxes["recent_days"]
    shown = box.text()
    retype(qtbot, box, "")
    assert not dialog.save_button.isEnabled() and dialog.error_text("recent_days")
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # the box puts its last number back
    assert box.text() == shown
    assert dialog.error_text("recent_days") == "" and dialog.save_button.isEnabled()
