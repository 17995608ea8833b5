"""Person > Quick log… (Ctrl+Shift+L): the action only; the popup loads when first used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.core.store import Journal
from app.ui.actions import ACTIONS, make_action
from app.ui.bus import ChangeBus

SHORTCUT = ACTIONS["quick_log"].keys[0]


def add_quick_log_action(window: QWidget, menu: QMenu, journal: Journal, bus: ChangeBus) -> QAction:
    """Person > Quick log… (Ctrl+Shift+L), on the window so that it works from every place."""
    action = make_action(window, "quick_log")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"Log a moment or a favor in one line ({SHORTCUT})")

    def open_popup(_checked: bool = False) -> None:
        # Imported here: the grammar and its word lists are not needed at start-up.
        from app.ui.people.quick_log import QuickLogPopup

        popup = QuickLogPopup(journal, bus, window)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.open()

    action.triggered.connect(open_popup)
    actions = menu.actions()
    if actions:
        menu.insertAction(actions[0], action)
    else:
        menu.addAction(action)
    return action
