"""The keyboard alone: where the cursor starts, where Tab goes, what Enter, Escape and
the underlined letters do, in every form and in the window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.records import CoalitionFields, ContactFields
from app.core.services import coalitions, contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.coalitions.coalition_dialog import CoalitionDialog
from app.ui.coalitions.joint_action_dialog import JointActionDialog
from app.ui.coalitions.member_dialog import MemberDialog
from app.ui.kit.forms import FormDialog
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.person_dialog import ContactDialog
from app.ui.shell.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def opened(qtbot: QtBot, dialog: FormDialog) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def every_form(journal: Journal) -> list[FormDialog]:
    bus = ChangeBus()
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    group = coalitions.add_coalition(journal, CoalitionFields("Tenants")).new_id or 0
    return [
        ContactDialog(journal, bus),
        ContactDialog(journal, bus, contacts.get_contact(journal, ana)),
        MomentDialog(journal, bus),
        MomentDialog(journal, bus, [(ana, "Ana")]),
        FavorDialog(journal, bus, ana, "Ana"),
        CoalitionDialog(journal, bus),
        MemberDialog(journal, bus, group),
        JointActionDialog(journal, bus, group),
    ]


def test_typing_a_name_in_add_person_goes_into_the_name_and_enter_saves(
    qtbot: QtBot, journal: Journal
) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    assert focused() is dialog.name
    qtbot.keyClicks(focused(), "Maya Lindqvist")  # the space presses nothing
    assert dialog.isVisible() and dialog.name.text() == "Maya Lindqvist"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [row.name for row in contacts.list_contacts(journal)] == ["Maya Lindqvist"]


def test_enter_does_nothing_while_the_form_is_refused(qtbot: QtBot, journal: Journal) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible() and contacts.list_contacts(journal) == []


def test_no_form_opens_with_the_focus_on_a_button_and_tab_reads_top_down(
    qtbot: QtBot, journal: Journal
) -> None:
    for dialog in every_form(journal):
        opened(qtbot, dialog)
        start = focused()
        assert start is not None and not isinstance(start, QPushButton), dialog.windowTitle()
        assert all(not b.autoDefault() for b in dialog.findChildren(QPushButton))
        # Tab from the first field walks down the form and ends on Save and Cancel.
        qtbot.keyClick(start, Qt.Key.Key_Tab)
        tops = [start.mapTo(dialog, start.rect().topLeft()).y()]
        for _ in range(40):
            widget = focused()
            assert widget is not None
            if widget in dialog.buttons.buttons():
                break
            tops.append(widget.mapTo(dialog, widget.rect().topLeft()).y())
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert focused() in dialog.buttons.buttons(), dialog.windowTitle()
        assert tops == sorted(tops), dialog.windowTitle()
        dialog.done(0)


def test_edit_person_starts_in_the_name_and_tab_never_visits_the_buttons_first(
    qtbot: QtBot, journal: Journal
) -> None:
    sam = contacts.add_contact(journal, ContactFields("Sam")).new_id or 0
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus(), contacts.get_contact(journal, sam)))
    assert isinstance(dialog, ContactDialog)
    assert focused() is dialog.name
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert focused() is dialog.tie


def test_a_moment_with_someone_filled_in_starts_where_names_are_typed(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    dialog = opened(qtbot, MomentDialog(journal, ChangeBus(), [(ana, "Ana")]))
    assert isinstance(dialog, MomentDialog)
    day = dialog.occurred_on.date()
    qtbot.keyClicks(focused(), "2024")
    assert dialog.occurred_on.date() == day  # typing never lands in the date


def test_underlined_letters_focus_their_fields_and_never_type_into_notes(
    qtbot: QtBot, journal: Journal
) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Maya")
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "met at the wall")
    for letter, field in (("M", dialog.email), ("B", dialog.birthday), ("N", dialog.name)):
        qtbot.keyClick(focused(), getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
        assert focused() is field
    assert dialog.notes.toPlainText() == "met at the wall"


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_every_label_of_every_form_has_its_own_letter_that_reaches_a_field(
    qtbot: QtBot, journal: Journal
) -> None:
    for dialog in every_form(journal):
        opened(qtbot, dialog)
        letters: list[str] = []
        for label in dialog.findChildren(QLabel):
            letter = mnemonic(label.text())
            if letter is None or not label.isVisibleTo(dialog):
                continue
            letters.append(letter)
            buddy = label.buddy()
            assert buddy is not None, label.text()
            target = buddy.focusProxy() or buddy
            assert target.focusPolicy() & Qt.FocusPolicy.TabFocus, label.text()
        letters += [m for b in dialog.findChildren(QPushButton) if (m := mnemonic(b.text()))]
        assert len(letters) == len(set(letters)), (dialog.windowTitle(), sorted(letters))
        dialog.done(0)


def test_escape_on_a_fresh_form_closes_it(qtbot: QtBot, journal: Journal) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.discard_box is None


def test_escape_after_typing_asks_before_throwing_it_away(qtbot: QtBot, journal: Journal) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Maya Lindqvist")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and "Throw away" in box.text()
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # "Keep editing"
    qtbot.waitUntil(lambda: dialog.discard_box is None)
    assert dialog.isVisible() and dialog.name.text() == "Maya Lindqvist"

    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None
    discard = next(b for b in box.buttons() if "Discard" in b.text())
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert contacts.list_contacts(journal) == []


def make_window(qtbot: QtBot, journal: Journal, settings: QSettings) -> MainWindow:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_tab_leaves_the_people_table_without_changing_the_person(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    for name in ("Ana", "Bea", "Cem"):
        contacts.add_contact(journal, ContactFields(name))
    window = make_window(qtbot, journal, settings)
    table = window.people.table
    table.setFocus()
    assert focused() is table
    qtbot.keyClick(table, Qt.Key.Key_Down)
    shown = window.people.selected_id()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused() is not table and window.people.selected_id() == shown
    views = window.findChildren(QAbstractItemView)
    assert views and not [v.accessibleName() for v in views if v.tabKeyNavigation()]


def test_person_actions_are_greyed_with_a_reason_until_someone_is_selected(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    window = make_window(qtbot, journal, settings)
    for action in (window.act_edit_person, window.act_given, window.act_move_to_trash):
        assert not action.isEnabled()
        assert "Select a person" in action.toolTip()
    window.people.select_person(ana)
    for action in (window.act_edit_person, window.act_given, window.act_move_to_trash):
        assert action.isEnabled() and "Select" not in action.toolTip()


def test_every_menu_and_menu_item_has_its_own_underlined_letter(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    window = make_window(qtbot, journal, settings)
    titles = [a.text() for a in window.menuBar().actions()]
    assert all(mnemonic(t) for t in titles), titles
    assert len({mnemonic(t) for t in titles}) == len(titles)
    for menu in window.menuBar().findChildren(QMenu):
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.text()]
        letters = [mnemonic(t) for t in texts]
        assert all(letters), (menu.title(), texts)
        assert len(set(letters)) == len(letters), (menu.title(), texts)


def test_a_line_edit_in_a_form_never_loses_enter_to_a_button(
    qtbot: QtBot, journal: Journal
) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    dialog = opened(qtbot, FavorDialog(journal, ChangeBus(), ana, "Ana"))
    assert isinstance(dialog, FavorDialog)
    assert focused() is dialog.description
    qtbot.keyClicks(dialog.description, "lent me a ladder")
    assert isinstance(focused(), QLineEdit)
    qtbot.keyClick(focused(), Qt.Key.Key_Enter)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_or_down_in_the_people_search_goes_to_the_first_person_found(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    for name in ("Ana", "Bea", "Beatriz"):
        contacts.add_contact(journal, ContactFields(name))
    window = make_window(qtbot, journal, settings)
    window.act_find.trigger()
    qtbot.keyClicks(window.people.search, "bea")
    qtbot.keyClick(window.people.search, Qt.Key.Key_Down)
    assert focused() is window.people.table
    assert window.people.page.name.text() == "Bea"
    qtbot.keyClick(window.people.table, Qt.Key.Key_Down)
    assert window.people.page.name.text() == "Beatriz"
    window.act_find.trigger()
    qtbot.keyClick(window.people.search, Qt.Key.Key_Return)
    assert focused() is window.people.table and window.people.page.name.text() == "Beatriz"


def test_view_theme_switches_to_dark_and_back_and_keeps_selections_visible(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    from PySide6.QtGui import QPalette

    from app import __version__
    from app.ui.kit.theme import DARK, SYSTEM

    window = make_window(qtbot, journal, settings)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Theme")
    texts = [a.text() for a in view.actions()]
    assert texts == ["&System", "&Light", "&Dark"]
    try:
        window.theme_actions[DARK].trigger()
        palette = app.palette()
        assert palette.color(QPalette.ColorRole.Window).lightness() < 80
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            inactive = palette.color(QPalette.ColorGroup.Inactive, role)
            assert inactive == palette.color(QPalette.ColorGroup.Active, role)
        assert settings.value("view/theme") == DARK
    finally:
        window.theme_actions[SYSTEM].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 120
    box = window._about()
    assert __version__ in box.text() and "MIT" in box.text() and "Help" in box.text()
    box.close()


def test_a_fresh_form_says_nothing_wrong_and_the_error_keeps_its_room_when_it_goes(
    qtbot: QtBot, journal: Journal
) -> None:
    dialog = opened(qtbot, ContactDialog(journal, ChangeBus()))
    assert isinstance(dialog, ContactDialog)
    assert dialog.error_text("name") == "" and not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.name, "M")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert "cannot be empty" in dialog.error_text("name")
    error = next(
        label
        for label in dialog.findChildren(QLabel)
        if label.objectName() == "fieldError" and label.isVisible()
    )
    assert "palette(link)" not in error.styleSheet()
    height = dialog.name.parentWidget().sizeHint().height()
    qtbot.keyClicks(dialog.name, "Maya")
    assert dialog.error_text("name") == ""
    assert dialog.name.parentWidget().sizeHint().height() == height  # no jump
