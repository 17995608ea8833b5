"""File menu actions that take the journal's data in or out: CSV export and imports."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.export_dialog import ExportDialog
from app.ui.import_dialog import ImportDialog
from app.ui.people_import_dialog import PeopleImportDialog


def add_data_actions(
    window: QWidget, menu: QMenu, journal: Journal, bus: ChangeBus
) -> dict[str, QAction]:
    """Export to CSV…, Import… and Import people…, added to `menu`; returns them by name.

    The dialogs run modally: an import reads the journal first and writes it
    later, so nothing else may save in between.
    """
    actions: dict[str, QAction] = {}
    for key, text, shortcut, dialog in (
        ("export", "&Export to CSV…", "Ctrl+Shift+E", ExportDialog),
        ("import", "&Import Kith CSV…", "Ctrl+Shift+I", ImportDialog),
        ("people", "Import &people…", None, PeopleImportDialog),
    ):
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(
            lambda _checked=False, make=dialog: make(journal, bus, window).exec()
        )
        window.addAction(action)
        menu.addAction(action)
        actions[key] = action
    return actions
