"""What keeps Kith fast from regressing silently: the main queries use their
indexes (EXPLAIN QUERY PLAN), and loading a list costs the same few statements
however many rows it shows (no N+1).

The figures themselves live in `make bench`; these tests only pin the shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from app.core import store
from app.core.demo import generate_demo
from app.core.reflection import stats
from app.core.services import contacts, prompts, settings, timeline
from app.core.store import Journal

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    path = tmp_path_factory.mktemp("plans") / "demo.kith"
    generate_demo(path, contacts=60, seed=5, today=TODAY)
    with store.open_journal(path) as journal:
        with journal.engine.begin() as connection:
            # What SQLite's planner sees on a journal that has been used a while.
            connection.execute(text("ANALYZE"))
        yield journal


def _plan(journal: Journal, sql: str, params: dict[str, Any]) -> str:
    with journal.engine.connect() as connection:
        rows = connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params).all()
    return "\n".join(str(row[-1]) for row in rows)


_WINDOWS = {
    "as_of": "2026-11-24",
    "b0": "2026-09-24",
    "b1": "2026-07-25",
    "b2": "2026-05-26",
    "year": "2025-11-24",
    "year_margin": "2025-11-21",
    "quick": 14,
}


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (stats._FAVORS, "ix_favors_occurred_on"),
        (stats._NEAR_FAVORS, "ix_favors_occurred_on"),
        (stats._MOMENTS, "ix_interactions_occurred_on"),
    ],
)
def test_the_reflection_pass_reads_only_its_windows_through_the_date_indexes(
    demo: Journal, query: str, index: str
) -> None:
    plan = _plan(demo, query.format(only=""), _WINDOWS)
    assert f"USING INDEX {index}" in plan, plan
    assert not re.search(r"SCAN (f|i)\b", plan), plan


def test_earlier_history_comes_from_the_running_totals_not_a_scan(demo: Journal) -> None:
    plan = _plan(demo, stats._PEOPLE.format(only=""), {})
    assert re.search(r"SEARCH t USING INTEGER PRIMARY KEY", plan), plan
    assert "favors" not in plan and "interactions" not in plan


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (stats._FAVORS, "ix_favors_contact_"),
        (stats._MOMENTS, "ix_interaction_participants_contact_id"),
    ],
)
def test_re_reading_one_person_uses_the_person_indexes(
    demo: Journal, query: str, index: str
) -> None:
    only = "AND f.contact_id IN (3)" if "f.contact_id" in query else "AND ip.contact_id IN (3)"
    plan = _plan(demo, query.format(only=only), _WINDOWS)
    assert index in plan, plan


def test_a_persons_timeline_uses_the_person_indexes(demo: Journal) -> None:
    seen: list[str] = []
    with _statements(demo, seen):
        timeline.person_timeline(demo, 3)
    plans = "\n".join(_plan(demo, sql, {}) for sql in seen if sql.startswith("SELECT"))
    assert "ix_favors_contact_occurred" in plans or "ix_favors_contact_direction" in plans
    assert "ix_interaction_participants_contact_id" in plans
    assert not re.search(r"SCAN (favors|interactions)\b", plans), plans


# ---- no N+1 -------------------------------------------------------------------------------


@contextmanager
def _statements(journal: Journal, seen: list[str]) -> Iterator[None]:
    """Every SQL statement SQLite is asked to run, as SQLite saw it (values bound).

    Traced on the driver's connections, because the reflection pass runs its
    queries on the driver's own cursors, out of SQLAlchemy's sight.
    """

    def trace(statement: str) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")):
            seen.append(statement)

    def checkout(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(trace)

    def checkin(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(None)

    journal.engine.dispose()  # pooled connections are checked out afresh, and traced
    event.listen(journal.engine, "checkout", checkout)
    event.listen(journal.engine, "checkin", checkin)
    try:
        yield
    finally:
        event.remove(journal.engine, "checkout", checkout)
        event.remove(journal.engine, "checkin", checkin)


def _count(journal: Journal, action: Callable[[], object]) -> int:
    seen: list[str] = []
    with _statements(journal, seen):
        action()
    return len(seen)


def test_the_people_list_costs_the_same_statements_for_ten_or_sixty_people(
    demo: Journal, tmp_path: Path
) -> None:
    generate_demo(tmp_path / "small.kith", contacts=10, seed=5, today=TODAY)
    with store.open_journal(tmp_path / "small.kith") as small:
        few = _count(small, lambda: contacts.list_contacts(small))
    many = _count(demo, lambda: contacts.list_contacts(demo))
    assert few == many <= 2


def test_a_persons_page_costs_the_same_statements_however_long_their_timeline(
    demo: Journal,
) -> None:
    people = contacts.list_contacts(demo)
    busiest = max(people, key=lambda p: p.favors_given + p.favors_received).id
    quietest = min(people, key=lambda p: p.favors_given + p.favors_received).id

    def open_page(contact_id: int) -> Callable[[], object]:
        def load() -> None:
            # What the People place loads when a person is selected.
            contacts.get_contact(demo, contact_id)
            contacts.person_totals(demo, contact_id)
            timeline.person_timeline(demo, contact_id)
            prompts.readings(demo, TODAY, contact_ids=[contact_id])

        return load

    assert _count(demo, open_page(busiest)) == _count(demo, open_page(quietest)) <= 20


def test_the_whole_journal_reflection_pass_is_a_fixed_handful_of_statements(
    demo: Journal,
) -> None:
    statements = _count(demo, lambda: prompts.readings(demo, TODAY))
    assert 4 <= statements <= 7


def test_the_whole_journal_read_and_the_one_person_read_give_the_same_figures(
    demo: Journal,
) -> None:
    # The whole journal reads its favors' sums on a second thread, as JSON; one
    # person is read row by row on one connection. Same journal, same figures.
    thresholds = settings.thresholds(demo)
    everyone = stats.person_stats(demo, TODAY, thresholds)
    some = sorted(everyone)[::7]
    assert stats.person_stats(demo, TODAY, thresholds, some) == {c: everyone[c] for c in some}
    assert any(figures.favors[0] and figures.repays[0] for figures in everyone.values())


def test_without_sqlites_json_functions_the_pass_reads_on_one_thread_alike(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    thresholds = settings.thresholds(demo)
    beside = stats.person_stats(demo, TODAY, thresholds)
    monkeypatch.setattr(stats, "has_json", lambda _connection: False)
    assert stats.person_stats(demo, TODAY, thresholds) == beside
