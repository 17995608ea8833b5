"""File > Export people (vCard)…: everyone, or the person shown, as one `.vcf` file.

The phone's contacts app, Thunderbird or khard reads the file; each card carries a
stable UID, so a card edited there and imported again updates the person instead
of adding a second one. Writing it takes well under a second for 10,000 people,
so it runs on the UI thread. A folder kept in step (a vdir) is the command line's
`kith export vcard --vdir` (see README, "Beyond the window").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.core.errors import KithError
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus
from app.ui.dialogs.calendar_export import ask_save_path

TITLE = "Export people"


def ask_who(window: QWidget, journal: Journal, shown: int | None) -> list[int] | None:
    """Everyone (None) or only the person shown ([id]); the question is asked only when
    a person is shown. Cancel gives [] (nothing to export)."""
    if shown is None:
        return None
    from app.core.exchange.vcards import card_people

    found = card_people(journal, [shown])
    if not found:
        return None
    question = QMessageBox(window)
    question.setWindowTitle(TITLE)
    question.setIcon(QMessageBox.Icon.Question)
    question.setText(f"Export everyone, or only {found[0].name}?")
    everyone = question.addButton("&Everyone", QMessageBox.ButtonRole.AcceptRole)
    one = question.addButton(f"Only {found[0].name}", QMessageBox.ButtonRole.AcceptRole)
    question.addButton(QMessageBox.StandardButton.Cancel)
    question.setDefaultButton(everyone)
    question.exec()
    clicked = question.clickedButton()
    if clicked is everyone:
        return None
    if clicked is one:
        return [shown]
    return []


def ask_path(window: QWidget, journal: Journal) -> Path | None:
    """Where to write the cards; None if the person cancels."""
    suggested = Path.home() / f"{journal.path.stem}-people.vcf"
    return ask_save_path(window, TITLE, suggested, "vCard files")


def export_to(
    window: QWidget, journal: Journal, bus: ChangeBus, path: Path, ids: list[int] | None
) -> bool:
    """Write the cards to `path`; a sentence in the status bar, or one in a dialog."""
    from app.core.exchange.vcards import export_vcards

    try:
        summary = export_vcards(journal, path, ids, replace=True)  # the dialog asked first
    except KithError as error:
        QMessageBox.warning(window, TITLE, str(error))
        return False
    bus.say(f"{summary}.")
    return True


def add_vcard_action(
    window: QWidget,
    menu: QMenu,
    journal: Journal,
    bus: ChangeBus,
    shown_person: Callable[[], int | None],
) -> QAction:
    """File > Export people (vCard)… (after the calendar)."""
    action = make_action(window, "export_vcard")
    action.setToolTip("Your people as contact cards, for a phone or an address book (.vcf)")

    def run(_checked: bool = False) -> None:
        ids = ask_who(window, journal, shown_person())
        if ids == []:
            return
        path = ask_path(window, journal)
        if path is not None:
            export_to(window, journal, bus, path, ids)

    action.triggered.connect(run)
    menu.addAction(action)
    return action
