"""The Map place: the network drawn around me, the ranked list, filters, zoom and clicks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.core import clock
from app.core.changes import changed
from app.core.enums import Tie
from app.core.records import CoalitionFields, ContactFields, MemberFields, MomentFields
from app.core.services import coalitions, contacts, moments
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.map.place import NO_PEOPLE, NOBODY_MATCHES, MapPlace
from app.ui.map.scene import TIE_COLOURS
from app.ui.shell.main_window import MainWindow


def person(journal: Journal, name: str, tie: Tie = Tie.FRIEND) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, tie)).new_id
    assert new_id is not None
    return new_id


def moment(journal: Journal, *ids: int, warmth: int = 4) -> None:
    moments.log_moment(
        journal, MomentFields(clock.today() - dt.timedelta(days=3), ids, warmth=warmth)
    )


@pytest.fixture
def three(journal: Journal) -> dict[str, int]:
    """Ana (warmest), Ben and Cy, who share a moment; Ben is a colleague."""
    ids = {
        "Ana": person(journal, "Ana"),
        "Ben": person(journal, "Ben", Tie.COLLEAGUE),
        "Cy": person(journal, "Cy"),
    }
    for _ in range(3):
        moment(journal, ids["Ana"], warmth=5)
    moment(journal, ids["Ben"], ids["Cy"], warmth=3)
    return ids


def shown(qtbot: QtBot, journal: Journal) -> MapPlace:
    place = MapPlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.resize(1000, 640)
    place.show()
    wait_drawn(qtbot, place)
    return place


def wait_drawn(qtbot: QtBot, place: MapPlace) -> None:
    qtbot.waitUntil(lambda: place.drawn is not None and not place.busy(), timeout=10000)


def names_on_map(place: MapPlace) -> set[str]:
    return {item.person.name for item in place.scene.people.values()}


def test_the_map_shows_everyone_around_me_and_ranks_them(
    qtbot: QtBot, journal: Journal, three: dict[str, int], qtmodeltester: object
) -> None:
    place = shown(qtbot, journal)

    assert place.pages.currentWidget() is place.view
    assert names_on_map(place) == {"Ana", "Ben", "Cy"}
    ranked = [place.rank_model.index(r, 1).data() for r in range(place.rank_model.rowCount())]
    assert ranked[0] == "Ana"
    assert place.rank_model.index(0, 2).data() == "100"
    assert place.status.text() == "3 people"
    qtmodeltester.check(place.rank_model)  # type: ignore[attr-defined]


def test_clicking_a_person_opens_their_page(
    qtbot: QtBot, journal: Journal, three: dict[str, int], tmp_path: Path
) -> None:
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.go_to(window.places.index(window.map_place))
    place = window.map_place
    wait_drawn(qtbot, place)
    item = place.scene.people[three["Cy"]]
    spot = place.view.mapFromScene(item.scenePos())

    qtbot.mouseClick(place.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    assert window.current_place() is window.people
    assert window.people.page.name.text() == "Cy"
    assert window.people.selected_id() == three["Cy"]


def test_clicking_a_coalition_hub_opens_the_coalition(
    qtbot: QtBot, journal: Journal, three: dict[str, int], tmp_path: Path
) -> None:
    club = coalitions.add_coalition(journal, CoalitionFields("Chess club")).new_id
    assert club is not None
    for name in ("Ana", "Cy"):
        coalitions.add_member(journal, MemberFields(club, three[name]))
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.go_to(window.places.index(window.map_place))
    wait_drawn(qtbot, window.map_place)
    hub = window.map_place.scene.hubs[club]
    spot = window.map_place.view.mapFromScene(hub.scenePos())

    qtbot.mouseClick(window.map_place.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    assert window.current_place() is window.coalitions


def test_dragging_pans_and_does_not_open_anyone(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)
    opened: list[int] = []
    place.person_requested.connect(opened.append)
    spot = place.view.mapFromScene(place.scene.people[three["Ana"]].scenePos())
    viewport = place.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseMove(viewport, spot + spot.__class__(60, 40))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=spot + spot.__class__(60, 40))
    assert opened == []


def test_an_empty_journal_gets_a_sentence_not_an_empty_canvas(
    qtbot: QtBot, journal: Journal
) -> None:
    place = shown(qtbot, journal)
    assert place.pages.currentWidget() is not place.view
    assert place.message.text() == NO_PEOPLE
    assert place.message.isVisible()


def test_zoom_actions_change_the_scale_and_fit_shows_everything(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)
    place.act_fit.trigger()
    fitted = place.view.scale_factor()

    place.act_zoom_in.trigger()
    assert place.view.scale_factor() == pytest.approx(fitted * 1.25)
    place.act_zoom_out.trigger()
    place.act_zoom_out.trigger()
    assert place.view.scale_factor() == pytest.approx(fitted / 1.25)
    place.act_fit.trigger()
    assert place.view.scale_factor() == pytest.approx(fitted)
    assert [a.toString() for a in place.act_zoom_in.shortcuts()] == ["Ctrl+=", "Ctrl++"]
    assert place.act_zoom_out.shortcut().toString() == "Ctrl+-"


def test_tie_filter_and_window_redraw_the_map(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)

    place.tie_combo.setCurrentIndex(place.tie_combo.findData(Tie.COLLEAGUE.value))
    qtbot.waitUntil(lambda: names_on_map(place) == {"Ben"})
    place.tie_combo.setCurrentIndex(place.tie_combo.findData(Tie.KIN.value))
    qtbot.waitUntil(lambda: place.message.text() == NOBODY_MATCHES)
    assert place.pages.currentWidget() is not place.view
    place.tie_combo.setCurrentIndex(0)
    place.window_combo.setCurrentIndex(place.window_combo.findData(None))
    qtbot.waitUntil(lambda: names_on_map(place) == {"Ana", "Ben", "Cy"})


def test_colour_by_tie_uses_the_tie_colours(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)
    place.colour_combo.setCurrentIndex(1)
    brush = place.scene.people[three["Ben"]].brush().color()
    assert brush == QColor(TIE_COLOURS[Tie.COLLEAGUE])
    assert "Colleague" in place.legend.text()


def test_a_change_on_the_bus_redraws_the_map(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)
    dee = person(journal, "Dee")
    place.bus.publish(changed("contact", contacts={dee}, new_id=dee))
    qtbot.waitUntil(lambda: "Dee" in names_on_map(place))


def test_choosing_in_the_ranked_list_rings_the_person_and_enter_opens_them(
    qtbot: QtBot, journal: Journal, three: dict[str, int]
) -> None:
    place = shown(qtbot, journal)
    opened: list[int] = []
    place.person_requested.connect(opened.append)
    second = place.rank_model.index(1, 1)
    place.ranked.setCurrentIndex(second)
    place.ranked.setFocus()
    qtbot.keyClick(place.ranked, Qt.Key.Key_Return)
    assert opened == [place.rank_model.record(1).id]
    assert place.scene.people[opened[0]].pen().widthF() == 3


def test_a_name_on_the_map_shows_as_typed_in_its_tooltip(qtbot: QtBot, journal: Journal) -> None:
    odd = person(journal, "<b>bold</b><img src=x>")
    moment(journal, odd, warmth=4)
    place = shown(qtbot, journal)
    tip = place.scene.people[odd].toolTip()
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;img src=x&gt;" in tip and "<b>bold" not in tip
