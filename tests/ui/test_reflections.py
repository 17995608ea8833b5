"""Reflective prompts in the window: the banner after a tipping log, the Reflections place,
the index column, and coalition prompts, driven as a user would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.core.changes import Changed
from app.core.enums import Direction, PromptState
from app.core.models import Prompt
from app.core.records import CoalitionFields, ContactFields, FavorFields, MomentFields
from app.core.services import coalitions, contacts, journal_entries, moments, prompts, trash
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import select_data
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.place import PeoplePlace
from app.ui.prompts.actions import DismissDialog, SnoozeDialog
from app.ui.prompts.place import EMPTY_SENTENCE
from app.ui.shell.main_window import MainWindow

# The engine counts entries up to the window's "today": histories are built back from it.
TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def person(journal: Journal, name: str) -> int:
    return contacts.add_contact(journal, ContactFields(name)).new_id or 0


def warm_years(journal: Journal, name: str = "Dana", until_days_ago: int = 100) -> int:
    """A friend seen every month for four years, warmly, the last time a few months ago."""
    who = person(journal, name)
    for ago in range(1500, until_days_ago - 1, -30):
        moments.log_moment(journal, MomentFields(days_ago(ago), (who,), warmth=5))
    return who


def favor(journal: Journal, who: int, ago: int, direction: str, repays: int | None = None) -> int:
    fields = FavorFields(who, direction, days_ago(ago), "a favor", 2, "explicit", repays)
    return moments.log_favor(journal, fields).new_id or 0


def turned(journal: Journal, name: str) -> int:
    """Warm years, then half a year of tit for tat: turning and scorekeeping."""
    who = warm_years(journal, name, until_days_ago=200)
    for ago in range(150, 10, -20):
        favor(journal, who, ago - 4, "given", favor(journal, who, ago, "received"))
    return who


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the evaluation and the index column, which run off the UI thread."""
    qtbot.waitUntil(lambda: not any(place.busy() for place in window.places))


def make_window(qtbot: QtBot, journal: Journal, settings: QSettings) -> MainWindow:
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    settle(qtbot, window)
    return window


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def log_favor(
    qtbot: QtBot, place: PeoplePlace, way: Direction, ago: int, what: str, repays: str = ""
) -> None:
    """Through the person page's button and the real dialog, as the user logs it."""
    click(qtbot, place.page.buttons[way.value])
    dialog = place.dialog
    assert isinstance(dialog, FavorDialog)
    day = days_ago(ago)
    dialog.occurred_on.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClicks(dialog.description, what)
    select_data(dialog.expectation, "explicit")
    if repays:
        texts = [dialog.repays.itemText(i) for i in range(dialog.repays.count())]
        dialog.repays.setCurrentIndex(next(i for i, t in enumerate(texts) if repays in t))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()  # the log went through; nothing stood in its way


def sidebar(window: MainWindow) -> str:
    return window.sidebar.item(window.places.index(window.reflections)).text()


def stored(journal: Journal, prompt_id: int) -> Prompt:
    with journal.session() as session:
        found = session.scalars(select(Prompt).where(Prompt.id == prompt_id)).one()
        session.expunge(found)
        return found


def test_one_save_is_delivered_once_then_its_question_once_never_one_inside_the_other(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    dana = warm_years(journal)
    window = make_window(qtbot, journal, settings)
    people = window.people
    people.select_person(dana)
    log_favor(qtbot, people, Direction.RECEIVED, 20, "Helped me move the sofa")
    log_favor(qtbot, people, Direction.GIVEN, 16, "Drove her to the airport", "Helped me move")
    deliveries: list[tuple[int, frozenset[str], frozenset[int]]] = []
    depth = [0]

    def heard(result: Changed) -> None:
        depth[0] += 1
        deliveries.append((depth[0], result.kinds, result.prompt_ids))
        qtbot.wait(0)  # let anything a view does while it handles this happen now
        depth[0] -= 1

    window.bus.changed.connect(heard)
    log_favor(qtbot, people, Direction.RECEIVED, 9, "Lent me her car")
    (card,) = people.page.banner.cards
    assert [(d, set(kinds)) for d, kinds, _ids in deliveries] == [
        (1, {"favor"}),
        (1, {"prompt"}),
    ]
    assert deliveries[1][2] == {card.view.id}  # the question it raised, by id


def test_three_quick_tit_for_tat_favors_raise_a_banner_at_once(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    dana = warm_years(journal)
    window = make_window(qtbot, journal, settings)
    people = window.people
    people.select_person(dana)
    banner = people.page.banner
    assert not banner.isVisible() and sidebar(window) == "Reflections"

    log_favor(qtbot, people, Direction.RECEIVED, 20, "Helped me move the sofa")
    log_favor(qtbot, people, Direction.GIVEN, 16, "Drove her to the airport", "Helped me move")
    assert not banner.isVisible()  # two favors among years of moments say nothing yet
    log_favor(qtbot, people, Direction.RECEIVED, 9, "Lent me her car")

    assert banner.isVisible()  # at once: no waiting for anything
    (card,) = banner.cards
    assert "Dana" in card.question.text()
    assert "3 of 6 entries with Dana were favors" in card.evidence.text()
    assert "before that, 0 of" in card.evidence.text()
    assert sidebar(window) == "Reflections   1"
    assert [v.id for v in window.reflections.prompts()] == [card.view.id]
    assert people.page.index_line.text().startswith("Transactional index ")
    assert "a turn from time together toward favors" in people.page.index_line.text()
    row = people.model.row_of(dana)
    assert int(people.model.index(row, people.model.INDEX).data()) >= 35

    click(qtbot, card.write_button)  # the banner's "Write a reflection"
    entry_id = window.journal_place.current_entry_id()
    assert window.current_place() is window.journal_place and entry_id is not None
    assert window.journal_place.editor.toPlainText().startswith("> " + card.view.question)
    assert journal_entries.get_entry(journal, entry_id).contact_id == dana
    # Nothing written yet: the question still waits.
    assert sidebar(window) == "Reflections   1"
    window.go_to(0)
    # Left with nothing but the quote: the empty reflection is gone, the question stays.
    assert journal_entries.list_entries(journal) == []
    assert trash.list_trash(journal) == []  # not even in the trash
    assert sidebar(window) == "Reflections   1"
    assert banner.isVisible()


def test_a_moment_or_favor_that_tips_nothing_raises_no_banner(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    sam = warm_years(journal, "Sam", until_days_ago=0)
    window = make_window(qtbot, journal, settings)
    window.people.select_person(sam)
    log_favor(qtbot, window.people, Direction.GIVEN, 2, "Fed the cat")
    assert not window.people.page.banner.isVisible()
    assert window.reflections.prompts() == []


def test_reflections_lists_prompts_most_important_first_with_a_badge(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    turned(journal, "Dana")
    lee = warm_years(journal, "Lee", until_days_ago=0)
    for ago in range(330, 0, -30):
        moments.log_favor(journal, FavorFields(lee, "given", days_ago(ago), "x", 3, "implicit"))
    coalitions.add_coalition(journal, CoalitionFields("Garden group"))
    expected = prompts.reflections(journal, persist=False)
    assert len(expected) == 3  # one about each, most important first

    window = make_window(qtbot, journal, settings)

    shown = window.reflections.prompts()
    assert [v.question for v in shown] == [v.question for v in expected]
    assert [v.importance for v in shown] == sorted((v.importance for v in shown), reverse=True)
    assert sidebar(window) == "Reflections   3"
    card = window.reflections.cards[0]
    assert card.about.text().startswith(f"About {shown[0].subject_name} · transactional index")
    assert card.evidence.text() == shown[0].evidence
    assert card.question.textFormat() == Qt.TextFormat.PlainText


def test_snooze_for_a_week_and_until_a_picked_day(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    for name in ("Dana", "Ben", "Cy"):
        turned(journal, name)
    window = make_window(qtbot, journal, settings)
    first, second, third = window.reflections.cards  # one question about each

    first.snooze_week.trigger()
    assert stored(journal, first.view.id or 0).snoozed_until == TODAY + dt.timedelta(days=7)
    assert first.view.id not in {v.id for v in window.reflections.prompts()}

    second.snooze_pick.trigger()
    dialog = window.reflections.prompt_actions.dialog
    assert isinstance(dialog, SnoozeDialog)
    assert dialog.day.minimumDate() == QDate(TODAY.year, TODAY.month, TODAY.day).addDays(1)
    dialog.day.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(40))
    click(qtbot, dialog.ok_button)
    assert stored(journal, second.view.id or 0).snoozed_until == TODAY + dt.timedelta(days=40)
    assert [v.id for v in window.reflections.prompts()] == [third.view.id]
    assert sidebar(window) == "Reflections   1"


def test_not_transactional_with_a_reason(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    turned(journal, "Dana")
    window = make_window(qtbot, journal, settings)
    card = window.reflections.cards[0]
    assert card.dismiss_button.text() == "Not transactional…"

    click(qtbot, card.dismiss_button)
    dialog = window.reflections.prompt_actions.dialog
    assert isinstance(dialog, DismissDialog)
    qtbot.keyClicks(dialog.reason, "We always help each other")
    click(qtbot, dialog.ok_button)

    prompt = stored(journal, card.view.id or 0)
    assert prompt.state is PromptState.DISMISSED
    assert prompt.dismissed_reason == "We always help each other"
    assert card.view.id not in {v.id for v in window.reflections.prompts()}


def test_write_a_reflection_quotes_the_question_and_links_the_entry(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    dana = turned(journal, "Dana")
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.reflections))
    card = window.reflections.cards[0]

    click(qtbot, card.write_button)

    place = window.journal_place
    assert window.current_place() is place
    assert place.count() == 1
    assert place.editor.toPlainText() == f"> {card.view.question}\n\n"
    assert card.view.id in {v.id for v in window.reflections.prompts()}  # not yet answered
    qtbot.keyClicks(place.editor, "We used to just talk.")
    assert place.flush()
    entry = journal_entries.get_entry(journal, place.current_entry_id() or 0)
    assert entry.prompt_rule == card.view.rule and entry.contact_id == dana
    assert entry.text.endswith("We used to just talk.")
    assert stored(journal, card.view.id or 0).journal_entry_id == entry.id
    assert card.view.id not in {v.id for v in window.reflections.prompts()}


def test_coalition_prompts_show_on_its_page_and_can_be_dismissed(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    garden = coalitions.add_coalition(journal, CoalitionFields("Garden group")).new_id or 0
    window = make_window(qtbot, journal, settings)
    window.go_to(window.places.index(window.coalitions))
    window.coalitions.select_coalition(garden)
    banner = window.coalitions.page.banner
    assert banner.isVisible()
    (card,) = banner.cards
    assert "Garden group has no issue and no desired result" in card.evidence.text()
    assert card.dismiss_button.text() == "Dismiss…"
    assert [v.subject_type for v in window.reflections.prompts()] == ["coalition"]

    click(qtbot, card.dismiss_button)
    dialog = window.coalitions.prompt_actions.dialog
    assert isinstance(dialog, DismissDialog)
    click(qtbot, dialog.ok_button)
    assert not banner.isVisible()
    assert window.reflections.prompts() == []


def test_closing_the_banner_keeps_the_prompt_in_reflections(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    dana = warm_years(journal)
    asked = favor(journal, dana, 20, "received")
    favor(journal, dana, 16, "given", asked)
    window = make_window(qtbot, journal, settings)
    window.people.select_person(dana)
    log_favor(qtbot, window.people, Direction.RECEIVED, 3, "Watered my plants")
    banner = window.people.page.banner
    assert banner.isVisible()
    banner.close_button.setFocus()
    qtbot.keyClick(banner.close_button, Qt.Key.Key_Space)  # keyboard, not only the mouse
    assert not banner.isVisible()
    assert len(window.reflections.prompts()) == 1


def test_a_prompt_about_someone_in_the_trash_leaves_reflections(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    dana = turned(journal, "Dana")
    window = make_window(qtbot, journal, settings)
    assert window.reflections.prompts()
    window.bus.publish(trash.move_to_trash(journal, "contact", dana))
    assert window.reflections.prompts() == [] and sidebar(window) == "Reflections"
    window.bus.publish(trash.restore(journal, "contact", dana))
    assert window.reflections.prompts()
    settle(qtbot, window)


def test_empty_reflections_say_so_kindly(
    qtbot: QtBot, journal: Journal, settings: QSettings
) -> None:
    person(journal, "Ana")
    window = make_window(qtbot, journal, settings)
    assert window.reflections.cards == []
    assert window.reflections.empty_label.text() == EMPTY_SENTENCE


def test_the_index_column_fills_after_the_list_and_sorts(
    qtbot: QtBot,
    qtmodeltester,
    journal: Journal,  # type: ignore[no-untyped-def]
) -> None:
    dana = turned(journal, "Dana")
    sam = warm_years(journal, "Sam", until_days_ago=0)
    person(journal, "Ana")
    place = PeoplePlace(journal, ChangeBus())
    qtbot.addWidget(place)
    model, column = place.model, place.model.INDEX
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Index"
    # The list is there at once; the indexes come from a worker thread.
    assert {model.index(r, column).data() for r in range(model.rowCount())} == {"…"}

    qtbot.waitUntil(lambda: not place.busy())
    index_of = {
        int(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): model.index(r, column).data()
        for r in range(model.rowCount())
    }
    assert int(index_of[dana]) >= 60 and int(index_of[sam]) < 35
    place.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Dana"
    assert "Transactional index" in model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)

    place.select_person(sam)  # a favor re-reads only Sam, at once
    moments.log_moment(journal, MomentFields(TODAY, (sam,), warmth=1))
    place.bus.publish(moments.log_favor(journal, FavorFields(sam, "given", TODAY, "x", 2)))
    assert place.busy() is False
    assert place.page.index_line.text().startswith("Transactional index ")
