"""File menu actions that take the journal's data in or out: CSV export and imports."""

from __future__ import annotations

import importlib

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.core.store import Journal
from app.ui.bus import ChangeBus


def add_data_actions(
    window: QWidget, menu: QMenu, journal: Journal, bus: ChangeBus
) -> dict[str, QAction]:
    """Export to CSV…, Import… and Import people…, added to `menu`; returns them by name.

    The dialogs run modally: an import reads the journal first and writes it
    later, so nothing else may save in between. Their modules (and the CSV and
    vCard readers behind them) load when first used: 6 MB and some start-up
    time that most sessions never need.
    """
    actions: dict[str, QAction] = {}
    for key, text, shortcut, module, dialog in (
        ("export", "&Export to CSV…", "Ctrl+Shift+E", "app.ui.export_dialog", "ExportDialog"),
        ("import", "&Import Kith CSV…", "Ctrl+Shift+I", "app.ui.import_dialog", "ImportDialog"),
        ("people", "Import &people…", None, "app.ui.people_import_dialog", "PeopleImportDialog"),
        ("moments", "Import &moments…", None, "app.ui.moments_import", "MomentsImportDialog"),
    ):
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))

        def open_dialog(_checked: bool = False, module: str = module, name: str = dialog) -> None:
            make = getattr(importlib.import_module(module), name)
            make(journal, bus, window).exec()

        action.triggered.connect(open_dialog)
        window.addAction(action)
        menu.addAction(action)
        actions[key] = action
    return actions
