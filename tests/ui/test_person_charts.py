"""The balance chart and the index over time on a person's page, driven through the People place."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.reflection.history import month_ends
from app.core.services import contacts, moments
from app.core.services.balance import BalanceSeries
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.people.balance_chart import EMPTY, WAITING, summary
from app.ui.people.charts import PersonCharts
from app.ui.people.place import PeoplePlace

TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def make_place(qtbot: QtBot, journal: Journal) -> PeoplePlace:
    place = PeoplePlace(journal, ChangeBus())
    # Reads off the UI thread end before the place (and then the journal) goes.
    qtbot.addWidget(place, before_close_func=lambda _w: place.wait_for_work())
    place.resize(1100, 760)
    place.show()
    return place


def charts_of(place: PeoplePlace) -> PersonCharts:
    assert place.page.charts is not None
    return place.page.charts


def drawn(qtbot: QtBot, charts: PersonCharts, contact_id: int) -> BalanceSeries:
    """The person's balance series, once it has come back from its thread."""
    qtbot.waitUntil(
        lambda: charts.balance.series is not None and charts.balance.series.contact_id == contact_id
    )
    assert charts.balance.series is not None
    return charts.balance.series


def with_history(journal: Journal, name: str = "Sam") -> int:
    """Moments in three months about a hundred days apart, and a favor in the first one."""
    sam = contacts.add_contact(journal, ContactFields(name)).new_id or 0
    for days, warmth in ((400, 5), (300, 4), (200, 2)):
        moments.log_moment(journal, MomentFields(ago(days), (sam,), warmth=warmth))
    moments.log_favor(journal, FavorFields(sam, "given", ago(401), "a lift", 3))
    return sam


def test_the_page_draws_the_balance_and_the_index_by_month(qtbot: QtBot, journal: Journal) -> None:
    sam = with_history(journal)
    place = make_place(qtbot, journal)
    place.select_person(sam)
    charts = charts_of(place)
    # Until the series comes back from its thread, the chart says it is reading.
    assert charts.balance.waiting and charts.balance.accessibleDescription() == WAITING
    series = drawn(qtbot, charts, sam)
    assert not charts.balance.waiting
    assert charts.balance.isVisible()
    assert series.bucket == "month"
    assert len(series.points) == 3  # one bucket per month with something logged
    assert len(series.favor_points()) == 1 and len(series.warmth_points()) == 3
    assert charts.balance.accessibleDescription() == summary(series)
    assert "the balance is +3" in summary(series)

    # The index history arrives from its thread: one point per month end since the first entry.
    qtbot.waitUntil(lambda: charts.index_chart.history is not None)
    history = charts.index_chart.history
    assert history is not None and history.contact_id == sam
    first = min(ago(401), ago(400))
    expected = [day for day in month_ends(TODAY, 36) if day >= first]
    assert [p.on for p in history.points] == expected
    assert len(charts.index_chart.points()) == len(expected)
    assert charts.index_caption.text().startswith("Transactional index by month: 0 now")
    assert not charts.balance.grab().isNull() and not charts.index_chart.grab().isNull()


def test_the_bar_under_the_pointer_is_the_month_it_draws(qtbot: QtBot, journal: Journal) -> None:
    sam = with_history(journal)
    place = make_place(qtbot, journal)
    place.select_person(sam)
    chart = charts_of(place).balance
    series = drawn(qtbot, charts_of(place), sam)
    favored = series.favor_points()[0]
    left, right = chart._bucket_rect(favored)
    assert chart.point_at((left + right) / 2) == favored
    assert chart.point_at(chart.width() - 12) is None  # the silent weeks up to today


def test_a_person_with_no_entries_gets_a_sentence_not_empty_axes(
    qtbot: QtBot, journal: Journal
) -> None:
    new = contacts.add_contact(journal, ContactFields("New friend")).new_id or 0
    place = make_place(qtbot, journal)
    place.select_person(new)
    charts = charts_of(place)
    assert drawn(qtbot, charts, new).empty
    assert charts.balance.accessibleDescription() == EMPTY
    # One friendly sentence (room for three wrapped lines), not an empty pair of axes.
    assert charts.balance.height() < 3 * charts.balance.fontMetrics().lineSpacing() + 20
    assert not charts.index_chart.isVisible() and not charts.index_caption.isVisible()


def test_logging_a_favor_redraws_the_chart(qtbot: QtBot, journal: Journal) -> None:
    sam = with_history(journal)
    place = make_place(qtbot, journal)
    place.select_person(sam)
    charts = charts_of(place)
    before = len(drawn(qtbot, charts, sam).favor_points())
    place.bus.publish(
        moments.log_favor(journal, FavorFields(sam, "received", TODAY, "soup when ill", 4))
    )
    qtbot.waitUntil(lambda: len(drawn(qtbot, charts, sam).favor_points()) == before + 1)
    series = drawn(qtbot, charts, sam)
    assert series.points[-1].balance == 3 - 4


def test_folding_the_section_reads_nothing_until_it_opens(qtbot: QtBot, journal: Journal) -> None:
    sam = with_history(journal)
    new = contacts.add_contact(journal, ContactFields("Noor")).new_id or 0
    place = make_place(qtbot, journal)
    place.select_person(sam)
    charts = charts_of(place)
    drawn(qtbot, charts, sam)
    qtbot.waitUntil(lambda: not charts.busy())
    qtbot.mouseClick(charts.toggle, Qt.MouseButton.LeftButton)
    assert not charts.is_open() and not charts.body.isVisible()
    place.select_person(new)
    assert not charts.busy()  # nothing read while folded
    series = charts.balance.series
    assert series is not None and series.contact_id == sam
    qtbot.mouseClick(charts.toggle, Qt.MouseButton.LeftButton)
    assert charts.body.isVisible() and drawn(qtbot, charts, new).empty


def test_the_page_opens_first_and_the_chart_follows(qtbot: QtBot, journal: Journal) -> None:
    sam = with_history(journal)
    kim = with_history(journal, "Kim")
    place = make_place(qtbot, journal)
    place.select_person(sam)
    charts = charts_of(place)
    drawn(qtbot, charts, sam)
    place.select_person(kim)
    # No event loop turn yet: the page shows Kim, and no one else's chart stands in.
    assert place.page.name.text() == "Kim"
    assert charts.balance.series is None and not charts.index_chart.isVisible()
    assert drawn(qtbot, charts, kim).contact_id == kim
