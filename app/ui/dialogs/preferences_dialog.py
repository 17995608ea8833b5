"""Preferences: what Kith lets its user tune (Edit > Preferences…, Ctrl+,).

Three tabs. *Reflections*: the thresholds of "How Kith decides", stored in the
journal so that `kith prompts` judges alike; saving them looks over the record again
at once. *Backups*: how many daily, weekly and monthly copies to keep (also in the
journal). *General*: the start-up notification, the first day of the week and the
date format, which belong to the person and live in QSettings; and the daily
notification while Kith is closed, which is the timer or autostart file itself
(`core.notifier.schedule`): the box shows whether it is there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QMenu,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.changes import Changed
from app.core.notifier import schedule
from app.core.reflection import tuning
from app.core.reflection.thresholds import DEFAULTS, Thresholds
from app.core.services import settings as journal_settings
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus
from app.ui.dialogs.preferences_fields import (
    align_labels,
    editor,
    set_value,
    value_of,
    with_default,
)
from app.ui.kit import dates
from app.ui.kit.forms import FormDialog, button, plain_label, row, select_data
from app.ui.prompts.reflector import Reflector

# Read by the tray's start-up notice: a bool, off unless the person turns it on.
NOTIFY_KEY = "notifications/due_at_start"

THRESHOLDS_INTRO = (
    "When Kith asks about a relationship, and how sure it must be. README, “How Kith "
    "decides”, explains every number; hover over one to see its default. Changes apply "
    "to this journal, at once; a question you set aside stays set aside."
)
BACKUPS_INTRO = (
    "Kith copies the journal into the backups folder beside it, keeping the latest "
    "copy of each recent day, week and month."
)
_FORMAT_NAMES = {dates.ISO: "ISO", dates.SHORT: "Short", dates.LONG: "Long"}


class PreferencesDialog(FormDialog):
    """Every preference in one dialog; Save stays disabled while a value is refused."""

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        reflector: Reflector | None = None,
    ) -> None:
        super().__init__("Preferences", parent)
        self.journal, self.bus, self.settings, self.reflector = journal, bus, settings, reflector
        self.setMinimumSize(620, 600)
        self.boxes: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self.retention: list[QSpinBox] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._reflections_tab(), "&Reflections")
        self.tabs.addTab(self._backups_tab(), "&Backups")
        self.tabs.addTab(self._general_tab(), "&General")
        self.form.addRow(self.tabs)
        self._stored = journal_settings.thresholds(journal)
        self._stored_retention = journal_settings.retention_numbers(journal)
        self.show_thresholds(self._stored)
        for box, number in zip(self.retention, self._stored_retention, strict=True):
            box.setValue(number)
        # The line edit's signal: the spin box's own stays silent while its text is no number.
        boxes = [*self.boxes.values(), *self.retention]
        self.watch(*[box.lineEdit().textChanged for box in boxes])
        # Leaving a box emptied puts its last number back without a textChanged: look
        # again then, or its error would stay, and Save stay disabled, for nothing.
        for left in boxes:
            left.editingFinished.connect(self.revalidate)

    # ---- building -----------------------------------------------------------------------

    @contextmanager
    def _rows_into(self, form: QFormLayout) -> Iterator[QFormLayout]:
        """`add_row` (error line under the field included) adds to `form` meanwhile."""
        previous, self.form = self.form, form
        try:
            yield form
        finally:
            self.form = previous

    def _reflections_tab(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        forms: list[QFormLayout] = []
        for section in tuning.SECTIONS:
            group = QGroupBox(section)
            with self._rows_into(QFormLayout(group)) as form:
                for tunable in tuning.TUNABLES:
                    if tunable.section == section:
                        box = editor(tunable)
                        default = tuning.shown(tunable, tunable.default)
                        self.add_row(f"{tunable.label}:", tunable.name, with_default(box, default))
                        box.setAccessibleName(tunable.label)
                        self.boxes[tunable.name] = box
            forms.append(form)
            column.addWidget(group)
        align_labels(forms)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Reflection thresholds")
        self.restore_button = button("Restore &defaults", self.restore_defaults)
        self.restore_button.setToolTip("Put every threshold back to its documented default.")
        bar = row(None, self.restore_button)
        bar.setContentsMargins(0, 0, 0, 0)
        footer = QWidget()
        footer.setLayout(bar)
        return _page(_intro(THRESHOLDS_INTRO), scroll, footer)

    def _backups_tab(self) -> QWidget:
        group = QGroupBox("Backups to keep")
        with self._rows_into(QFormLayout(group)):
            for key, default, least, label in journal_settings.RETENTION:
                box = QSpinBox()
                box.setRange(least, journal_settings.MAX_BACKUPS)
                box.setMinimumWidth(120)
                box.setToolTip(f"Default: {default}.")
                self.add_row(f"{label}:", key, with_default(box, str(default)))
                box.setAccessibleName(label)
                self.retention.append(box)
        return _page(_intro(BACKUPS_INTRO), group, None)

    def _general_tab(self) -> QWidget:
        note = QGroupBox("Notifications")
        with self._rows_into(QFormLayout(note)):
            self.notify = QCheckBox("Show who is &due when Kith starts")
            self.notify.setToolTip("A desktop notification, once, at start-up. Off by default.")
            self.add_row("Start-up:", NOTIFY_KEY, self.notify)
            self.daily = QCheckBox("Remind me each &morning, even when Kith is closed")
            self.daily.setToolTip(
                "A desktop notification of who is due, at 9:00 (`kith notify` changes the "
                "hour), by a systemd user timer or a login entry. An encrypted journal is "
                "never opened for it: it only says the journal is locked. Off by default."
            )
            self.add_row("Daily:", "notifications/daily", self.daily)
        self.notify.setChecked(bool(self.settings.value(NOTIFY_KEY, False, type=bool)))
        self._daily_on = bool(schedule.installed().files)
        self.daily.setChecked(self._daily_on)
        shown = QGroupBox("Dates")
        prefs = dates.load(self.settings)
        today = clock.today()
        with self._rows_into(QFormLayout(shown)):
            self.week_start = self.add_row("&Week starts on:", dates.WEEK_START_KEY, QComboBox())
            for key in dates.WEEK_STARTS:
                self.week_start.addItem(key.capitalize(), key)
            select_data(self.week_start, prefs.week_start)
            self.date_format = self.add_row("Date &format:", dates.FORMAT_KEY, QComboBox())
            for shape in dates.FORMATS:
                example = dates.shown(today, shape)
                self.date_format.addItem(f"{_FORMAT_NAMES[shape]} ({example})", shape)
            select_data(self.date_format, prefs.date_format)
        return _page(note, shown, None)

    # ---- values -------------------------------------------------------------------------

    def show_thresholds(self, values: Thresholds) -> None:
        for tunable in tuning.TUNABLES:
            set_value(self.boxes[tunable.name], tunable, getattr(values, tunable.name))

    def thresholds(self) -> Thresholds:
        """The thresholds the form holds (ValidationError for a box being typed in)."""
        chosen: dict[str, Any] = {t.name: value_of(self.boxes[t.name], t) for t in tuning.TUNABLES}
        return tuning.check(Thresholds(**chosen))

    def restore_defaults(self) -> None:
        """The documented defaults into the form; Save stores them."""
        self.show_thresholds(DEFAULTS)
        self.revalidate()

    def _retention_numbers(self) -> tuple[int, int, int]:
        # A box being typed in (emptied) holds no number: the core's sentence says so.
        daily, weekly, monthly = (
            box.value() if box.hasAcceptableInput() else None for box in self.retention
        )
        return journal_settings.check_retention(daily, weekly, monthly)

    def check(self) -> None:
        self.thresholds()
        self._retention_numbers()

    def write(self) -> Changed:
        values, kept = self.thresholds(), self._retention_numbers()
        # First: a timer that cannot be set up keeps the dialog open, nothing saved yet.
        if self.daily.isChecked() != self._daily_on:
            if self.daily.isChecked():
                schedule.install(self.journal.path)
            else:
                schedule.uninstall()
            self._daily_on = self.daily.isChecked()
        result = Changed()
        if values != self._stored:
            result |= journal_settings.save_thresholds(self.journal, values)
            self._stored = values
        if kept != self._stored_retention:
            result |= journal_settings.save_retention(self.journal, *kept)
            self._stored_retention = kept
        self.settings.setValue(NOTIFY_KEY, self.notify.isChecked())
        prefs = dates.DatePrefs(
            str(self.week_start.currentData()), str(self.date_format.currentData())
        )
        dates.save(self.settings, prefs)
        self.settings.sync()
        return result

    def saved(self, result: Changed) -> None:
        # New thresholds: the follow-on coordinator looks over the whole journal again.
        self.bus.say("Preferences saved.")


def _intro(text: str) -> QWidget:
    label = plain_label(text)
    label.setWordWrap(True)
    return label


def _page(*parts: QWidget | None) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    for part in parts:
        if part is None:
            column.addStretch(1)
        else:
            column.addWidget(part, 1 if isinstance(part, QScrollArea) else 0)
    return page


def open_preferences(
    window: QWidget,
    journal: Journal,
    bus: ChangeBus,
    settings: QSettings,
    reflector: Reflector | None = None,
) -> PreferencesDialog:
    """Open Preferences over `window` (window-modal; it deletes itself when closed)."""
    dialog = PreferencesDialog(journal, bus, settings, window, reflector=reflector)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def add_preferences_action(
    window: QWidget, menu: QMenu, bus: ChangeBus, settings: QSettings, reflector: Reflector
) -> QAction:
    """Edit > Preferences… (the platform's shortcut, and Ctrl+, everywhere), for the
    journal the window's `reflector` looks over."""
    action = make_action(
        window,
        "preferences",
        lambda: open_preferences(window, reflector.journal, bus, settings, reflector),
    )
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    menu.addAction(action)
    return action
