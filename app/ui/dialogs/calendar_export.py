"""File > Export calendar…: birthdays and keep-in-touch days as an `.ics` file.

The save dialog asks where (and asks before replacing a file: a calendar app that
subscribes to the file then sees it change, with the same event UIDs). Writing it
takes well under a second, even for 10,000 people, so it runs on the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.core.errors import KithError
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus

TITLE = "Export calendar"


def ask_save_path(window: QWidget, title: str, suggested: Path, kind_of_file: str) -> Path | None:
    """Where to write a file, from the save dialog (which asks before replacing one);
    a name typed without an ending gets `suggested`'s. None if the person cancels."""
    ending = suggested.suffix
    chosen, _ = QFileDialog.getSaveFileName(
        window, title, str(suggested), f"{kind_of_file} (*{ending});;All files (*)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(ending)


def ask_path(window: QWidget, journal: Journal) -> Path | None:
    """Where to write the calendar; None if the person cancels."""
    suggested = Path.home() / f"{journal.path.stem}-calendar.ics"
    return ask_save_path(window, TITLE, suggested, "iCalendar files")


def export_to(window: QWidget, journal: Journal, bus: ChangeBus, path: Path) -> bool:
    """Write the calendar to `path`; a sentence in the status bar, or one in a dialog."""
    # Loaded when first used: icalendar is not needed to start the window.
    from app.core.exchange.calendar import export_calendar

    try:
        summary = export_calendar(journal, path, replace=True)  # the dialog asked first
    except KithError as error:
        QMessageBox.warning(window, TITLE, str(error))
        return False
    bus.say(f"Calendar written to {summary.path}: {summary.counts()}.")
    return True


def add_calendar_action(window: QWidget, menu: QMenu, journal: Journal, bus: ChangeBus) -> QAction:
    """File > Export calendar… (after the CSV export)."""
    action = make_action(window, "export_calendar")
    action.setToolTip("Birthdays and keep-in-touch days, for your calendar app (.ics)")

    def run(_checked: bool = False) -> None:
        path = ask_path(window, journal)
        if path is not None:
            export_to(window, journal, bus, path)

    action.triggered.connect(run)
    menu.addAction(action)
    return action
