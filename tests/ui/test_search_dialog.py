"""Find everywhere (Ctrl+K) and Find duplicates…, driven with keys like a user would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from app.core.enums import Direction, Tie
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments, search
from app.core.store import Journal
from app.ui.dialogs.search_dialog import SearchDialog, SearchResultsModel
from app.ui.people.duplicates_dialog import DuplicatesDialog
from app.ui.people.merge_dialog import MergeDialog
from app.ui.shell.main_window import MainWindow

D = dt.date


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ids(journal: Journal) -> dict[str, int]:
    made: dict[str, int] = {}

    def keep(key: str, result: object) -> int:
        new_id = getattr(result, "new_id")  # noqa: B009
        assert new_id is not None
        made[key] = new_id
        return int(new_id)

    jose = keep("jose", contacts.add_contact(journal, ContactFields("José García", Tie.FRIEND)))
    keep("jose2", contacts.add_contact(journal, ContactFields("Jose Garcia", Tie.FRIEND)))
    sam = keep("sam", contacts.add_contact(journal, ContactFields("Sam Okafor", Tie.FRIEND)))
    for day in range(1, 30):  # enough moments that the one found must be scrolled to
        moments.log_moment(journal, MomentFields(D(2026, 1, day), (sam,), note=f"walk {day}"))
    keep(
        "moment",
        moments.log_moment(
            journal, MomentFields(D(2025, 6, 1), (sam,), note="Sam mentioned the new job")
        ),
    )
    keep(
        "favor",
        moments.log_favor(
            journal, FavorFields(jose, Direction.GIVEN, D(2026, 2, 2), "Lent a ladder", 2)
        ),
    )
    keep(
        "coalition",
        coalitions.add_coalition(journal, CoalitionFields("Tenants", issue="garcia street rent")),
    )
    keep(
        "entry",
        journal_entries.write_entry(
            journal,
            EntryFields(D(2026, 3, 1), "Line one.\n" * 40 + "Does Sam resent the ladder?", sam),
        ),
    )
    return made


def make_window(qtbot: QtBot, journal: Journal, settings: QSettings) -> MainWindow:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def open_search(qtbot: QtBot, window: MainWindow) -> SearchDialog:
    """Ctrl+K typed in the People filter (a text field, which has its own Ctrl+K)."""
    window.people.search.setFocus()
    qtbot.waitUntil(window.people.search.hasFocus)
    qtbot.keyClick(window.people.search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_actions.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.box)
    return dialog


def type_and_wait(qtbot: QtBot, dialog: SearchDialog, text: str) -> None:
    dialog.box.clear()
    qtbot.keyClicks(dialog.box, text)
    qtbot.waitUntil(lambda: not dialog._timer.isActive())


def test_the_results_model_passes_the_model_tester(
    qtmodeltester: object, journal: Journal, ids: dict[str, int]
) -> None:
    model = SearchResultsModel()
    model.set_hits(search.search(journal, "garcia"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.headings() == ["People", "Coalitions"]


def test_ctrl_k_and_the_edit_menu_open_one_search_with_focus_in_its_box(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    assert window.search_actions.find_everywhere.shortcut().toString() == "Ctrl+K"
    edit = window.menuBar().actions()[1].menu()
    assert "Find &everywhere…" in [a.text() for a in edit.actions()]  # type: ignore[union-attr]
    dialog = open_search(qtbot, window)
    assert dialog.isVisible()
    dialog.reject()
    window.search_actions.find_everywhere.trigger()
    assert window.search_actions.dialog is dialog and dialog.isVisible()


def test_typing_without_accents_groups_results_and_enter_opens_the_person(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    dialog = open_search(qtbot, window)
    type_and_wait(qtbot, dialog, "garc")
    assert dialog.model.headings() == ["People", "Coalitions"]
    assert dialog.model.hit_count() == 3
    first = dialog.current_hit()
    assert first is not None and first.record == "contact"
    # Down moves past the group heading to the coalition; Up comes back.
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    hit = dialog.current_hit()
    assert hit is not None and hit.record == "coalition"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    chosen = dialog.current_hit()
    assert chosen is not None and chosen.record == "contact"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_place() is window.people
    assert window.people.selected_id() == chosen.record_id


def test_enter_on_a_moment_opens_the_person_with_that_moment_chosen(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    dialog = open_search(qtbot, window)
    type_and_wait(qtbot, dialog, '"new job"')
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert window.people.selected_id() == ids["sam"]
    timeline = window.people.page.timeline
    current = timeline.currentIndex()
    assert current.isValid() and "new job" in str(current.data())
    assert timeline.visualRect(current).intersects(timeline.viewport().rect())


def test_enter_on_a_reflection_opens_it_with_the_match_selected(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    dialog = open_search(qtbot, window)
    type_and_wait(qtbot, dialog, "resent")
    assert dialog.model.headings() == ["Reflections"]
    qtbot.keyClick(dialog.box, Qt.Key.Key_Enter)
    assert window.current_place() is window.journal_place
    assert window.journal_place.current_entry_id() == ids["entry"]
    assert window.journal_place.editor.textCursor().selectedText() == "resent"


def test_nothing_found_says_so_and_enter_does_nothing(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    dialog = open_search(qtbot, window)
    type_and_wait(qtbot, dialog, "zebra")
    assert dialog.status.text() == "Nothing matches “zebra”."
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.box, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_find_duplicates_then_merge_then_undo(
    qtbot: QtBot, journal: Journal, settings: QSettings, ids: dict[str, int]
) -> None:
    window = make_window(qtbot, journal, settings)
    assert window.search_actions.find_duplicates.text() == "Find &duplicates…"
    found = window.search_actions.open_duplicates()
    assert isinstance(found, DuplicatesDialog)
    qtbot.waitUntil(lambda: found.model.rowCount() == 1)
    assert found.model.index(0, 0).data() == "same name"
    assert found.side.cells[0][0].text() == "José García"  # more history: kept
    assert found.side.cells[0][1].text() == "Jose Garcia"
    qtbot.keyClick(found.table, Qt.Key.Key_Return)
    merging = found.findChild(MergeDialog)
    assert isinstance(merging, MergeDialog)
    names = [b for b in merging.findChildren(QRadioButton) if b.accessibleName().startswith("Name")]
    assert [b.accessibleName() for b in names if b.isChecked()] == ["Name: both"]
    qtbot.mouseClick(names[0], Qt.MouseButton.LeftButton)  # keep José's name only
    assert merging.choices() == {"name": "keep"}
    qtbot.mouseClick(merging.merge_button, Qt.MouseButton.LeftButton)
    assert window.notice.text() == "Merged Jose Garcia into José García."
    assert found.isVisible()  # Enter merged; it did not close the list
    qtbot.waitUntil(lambda: found.model.rowCount() == 0)
    assert found.state.text() == "No likely duplicates."
    assert window.sidebar.item(0).text() == "People   2"

    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert window.sidebar.item(0).text() == "People   3"
    qtbot.waitUntil(lambda: found.model.rowCount() == 1)
    found.reject()
