"""Every action of the window, its words and its shortcut, in one table (Picard's MainAction).

Menus, the toolbar and the places build their `QAction`s from here with
`make_action`, so that a shortcut is decided once and two actions can never
claim the same keys (tests/ui/test_actions.py checks it, and checks the
README's table of shortcuts against this one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Keys = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    text: str  # with its mnemonic
    keys: tuple[Keys, ...] = ()

    def shortcuts(self) -> list[QKeySequence]:
        """The shortcuts, the platform's standard ones first, without repeats."""
        found: dict[str, QKeySequence] = {}
        for key in self.keys:
            for sequence in (
                QKeySequence.keyBindings(key)
                if isinstance(key, QKeySequence.StandardKey)
                else [QKeySequence(key)]
            ):
                if not sequence.isEmpty():
                    found.setdefault(sequence.toString(), sequence)
        return list(found.values())


STD = QKeySequence.StandardKey

ACTIONS: dict[str, ActionSpec] = {
    # File
    "new_journal": ActionSpec("&New journal…", ("Ctrl+Shift+N",)),
    "open_journal": ActionSpec("&Open journal…", (STD.Open,)),
    "export_csv": ActionSpec("&Export to CSV…", ("Ctrl+Shift+E",)),
    "import_csv": ActionSpec("&Import Kith CSV…", ("Ctrl+Shift+I",)),
    "import_people": ActionSpec("Import &people…"),
    "import_moments": ActionSpec("Import &moments…"),
    "export_calendar": ActionSpec("Export ca&lendar…"),
    "export_vcard": ActionSpec("Export people (&vCard)…"),
    "restore": ActionSpec("Restore from &backup…"),
    "encrypt": ActionSpec("Encrypt &journal…"),
    "rekey": ActionSpec("Change pa&ssphrase…"),
    "decrypt": ActionSpec("Remove encr&yption…"),
    "trash": ActionSpec("&Trash…", ("Ctrl+Shift+T",)),
    "quit": ActionSpec("&Quit", (STD.Quit, "Ctrl+Q")),
    # Edit
    "undo": ActionSpec("&Undo", (STD.Undo,)),
    "find": ActionSpec("&Find", (STD.Find,)),
    "find_everywhere": ActionSpec("Find &everywhere…", ("Ctrl+K",)),
    "move_to_trash": ActionSpec("Move to &trash", ("Del",)),
    "preferences": ActionSpec("&Preferences…", (STD.Preferences, "Ctrl+,")),
    # Person
    # Not Ctrl+K: a focused line edit takes that for "delete to the end of the line".
    "quick_log": ActionSpec("&Quick log…", ("Ctrl+Shift+L",)),
    "find_duplicates": ActionSpec("Find &duplicates…"),
    "new_person": ActionSpec("&New person…", ("Ctrl+N",)),
    "log_moment": ActionSpec("Log a &moment…", ("Ctrl+L",)),
    "favor_given": ActionSpec("Log a favor I &gave…", ("Ctrl+G",)),
    "favor_received": ActionSpec("Log a favor I &received…", ("Ctrl+R",)),
    "new_reflection": ActionSpec("New re&flection", ("Ctrl+J",)),
    "edit_person": ActionSpec("&Edit person…", ("Ctrl+E",)),
    # Coalition
    "new_coalition": ActionSpec("New &coalition…", ("Ctrl+Shift+C",)),
    # View: the places, Ctrl+1 to Ctrl+5, in the sidebar's order
    "place_1": ActionSpec("&People", ("Ctrl+1",)),
    "place_2": ActionSpec("&Coalitions", ("Ctrl+2",)),
    "place_3": ActionSpec("&Journal", ("Ctrl+3",)),
    "place_4": ActionSpec("&Reflections", ("Ctrl+4",)),
    "place_5": ActionSpec("&Map", ("Ctrl+5",)),
    # Help
    "about": ActionSpec("&About Kith"),
    # Inside the map
    "zoom_in": ActionSpec("Zoom in", ("Ctrl+=", "Ctrl++")),
    "zoom_out": ActionSpec("Zoom out", ("Ctrl+-",)),
    "zoom_fit": ActionSpec("Fit the map", ("Ctrl+0",)),
}


def make_action(parent: QWidget, key: str, slot: Callable[[], object] | None = None) -> QAction:
    """The action `key` of the table, owned by `parent` (whose window then hears
    its shortcut), calling `slot` when triggered."""
    spec = ACTIONS[key]
    action = QAction(spec.text, parent)
    action.setObjectName(key)
    action.setShortcuts(spec.shortcuts())
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
