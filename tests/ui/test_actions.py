"""One table of every action (app/ui/actions.py): no shortcut claimed twice, the README agrees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.store import Journal
from app.ui.actions import ACTIONS
from app.ui.shell.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


def _table_shortcuts() -> dict[str, str]:
    """Each shortcut of the table (Ctrl+N…), with the action that owns it."""
    owners: dict[str, str] = {}
    for key, spec in ACTIONS.items():
        for sequence in spec.shortcuts():
            text = sequence.toString()
            assert text not in owners, f"{text} is claimed by {owners[text]} and {key}"
            owners[text] = key
    return owners


def _readme_shortcuts() -> set[str]:
    section = README.read_text(encoding="utf-8").split("| shortcut | action |", 1)[1]
    table = section.split("\n\n", 1)[0]
    found: set[str] = set()
    for line in table.splitlines()[2:]:
        keys = line.strip("|").split("|")[0]
        if "…" in keys:  # a range: Ctrl+1 … Ctrl+5
            first, last = (int(k.strip()[-1]) for k in keys.split("…"))
            found.update(f"Ctrl+{n}" for n in range(first, last + 1))
        else:
            found.update(k.strip() for k in keys.split(" / "))
    return {"Del" if key == "Delete" else key for key in found}


def test_no_two_actions_share_a_shortcut(qapp: QApplication) -> None:
    assert _table_shortcuts()


def test_the_readmes_shortcuts_are_the_tables(qapp: QApplication) -> None:
    owners = _table_shortcuts()
    documented = _readme_shortcuts()
    assert documented <= set(owners), documented - set(owners)
    # Every action with a shortcut is documented by one of its keys.
    for key, spec in ACTIONS.items():
        keys = {s.toString() for s in spec.shortcuts()}
        assert not keys or keys & documented, f"{key} ({keys}) is missing from the README"


def test_every_shortcut_of_the_window_comes_from_the_table(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    owners = _table_shortcuts()
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            assert owners.get(sequence.toString()) == action.objectName(), action.text()


def test_no_two_entries_of_a_menu_share_an_underlined_letter(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    """Alt+letter, then a letter: two entries with the same one make the second a
    dead end (the first press only moves to it)."""
    from PySide6.QtWidgets import QMenu

    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    menus = [window.menuBar(), *window.menuBar().findChildren(QMenu)]
    for menu in menus:
        letters: dict[str, str] = {}
        for action in menu.actions():
            text = action.text()
            if action.isSeparator() or "&" not in text.replace("&&", ""):
                continue
            plain = text.replace("&&", "")
            letter = plain[plain.index("&") + 1].lower()
            where = menu.title() if isinstance(menu, QMenu) else "menu bar"
            clash = f"{where}: {letters.get(letter)!r} and {text!r} use {letter!r}"
            assert letter not in letters, clash
            letters[letter] = text
