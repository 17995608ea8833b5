"""File menu actions that take the journal's data in or out: CSV export and imports."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus

DialogFactory = Callable[[Journal, ChangeBus, QWidget], QDialog]


# The dialogs' modules (and the CSV and vCard readers behind them) load when
# first used: 6 MB and some start-up time that most sessions never need.
def _export(journal: Journal, bus: ChangeBus, parent: QWidget) -> QDialog:
    from app.ui.dialogs.export_dialog import ExportDialog

    return ExportDialog(journal, bus, parent)


def _import(journal: Journal, bus: ChangeBus, parent: QWidget) -> QDialog:
    from app.ui.dialogs.import_dialog import ImportDialog

    return ImportDialog(journal, bus, parent)


def _import_people(journal: Journal, bus: ChangeBus, parent: QWidget) -> QDialog:
    from app.ui.dialogs.people_import_dialog import PeopleImportDialog

    return PeopleImportDialog(journal, bus, parent)


def _import_moments(journal: Journal, bus: ChangeBus, parent: QWidget) -> QDialog:
    from app.ui.dialogs.moments_import import MomentsImportDialog

    return MomentsImportDialog(journal, bus, parent)


DATA_ACTIONS: tuple[tuple[str, str, DialogFactory], ...] = (
    ("export", "export_csv", _export),
    ("import", "import_csv", _import),
    ("people", "import_people", _import_people),
    ("moments", "import_moments", _import_moments),
)


def add_data_actions(
    window: QWidget,
    menu: QMenu,
    journal: Journal,
    bus: ChangeBus,
    shown_person: Callable[[], int | None] = lambda: None,
) -> dict[str, QAction]:
    """Export to CSV…, Import… and Import people…, added to `menu`; returns them by name.

    The dialogs run modally: an import reads the journal first and writes it
    later, so nothing else may save in between.
    """
    actions: dict[str, QAction] = {}
    for key, name, make in DATA_ACTIONS:

        def open_dialog(make: DialogFactory = make) -> None:
            make(journal, bus, window).exec()

        action = make_action(window, name, open_dialog)
        menu.addAction(action)
        actions[key] = action
        if key == "export":
            from app.ui.dialogs.calendar_export import add_calendar_action

            actions["calendar"] = add_calendar_action(window, menu, journal, bus)
            from app.ui.dialogs.vcard_export import add_vcard_action

            actions["vcard"] = add_vcard_action(window, menu, journal, bus, shown_person)
    return actions
