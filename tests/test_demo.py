"""The demo journal: rich enough to explore, true to the record's rules, reproducible."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.core import store
from app.core.demo import DemoSummary, generate_demo
from app.core.enums import CoalitionStatus, InteractionKind, Tie
from app.core.errors import JournalExistsError
from app.core.models import Contact

TODAY = dt.date(2026, 11, 24)

# Every table, with an order that makes its dump unique.
TABLES = {
    "contacts": "id",
    "interactions": "id",
    "interaction_participants": "interaction_id, contact_id",
    "favors": "id",
    "coalitions": "id",
    "memberships": "id",
    "joint_actions": "id",
    "joint_action_participants": "joint_action_id, contact_id",
    "journal_entries": "id",
}


@pytest.fixture(scope="module")
def default_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    """The demo a person gets from "Explore a demo journal", made once for these tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.kith"
    return path, generate_demo(path, today=TODAY)


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        return db.execute(sql).fetchall()


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: _rows(path, f"SELECT * FROM {table} ORDER BY {key}") for table, key in TABLES.items()
    }


def test_the_default_demo_opens_and_has_a_bit_of_everything(
    default_demo: tuple[Path, DemoSummary],
) -> None:
    path, summary = default_demo
    with store.open_journal(path) as journal:
        assert store.integrity_check(journal) == "ok"
    assert summary.path == path
    assert (summary.contacts, summary.events) == (40, 1200)
    assert str(summary).startswith(f"demo journal {path}: 40 people, 1200 entries in ")

    ties = {tie for (tie,) in _rows(path, "SELECT tie FROM contacts")}
    assert ties == {t.value for t in Tie}
    kinds = {kind for (kind,) in _rows(path, "SELECT kind FROM interactions")}
    assert kinds == {k.value for k in InteractionKind}
    directions = {d for (d,) in _rows(path, "SELECT direction FROM favors")}
    assert directions == {"given", "received"}
    expectations = {e for (e,) in _rows(path, "SELECT expectation FROM favors")}
    assert expectations == {"none", "implicit", "explicit"}
    warmths = {w for (w,) in _rows(path, "SELECT warmth FROM interactions")}
    assert warmths == {None, 1, 2, 3, 4, 5}

    group_sizes = Counter(
        n
        for (n,) in _rows(
            path, "SELECT count(*) FROM interaction_participants GROUP BY interaction_id"
        )
    )
    assert group_sizes[1] > 0
    assert set(group_sizes) - {1} and set(group_sizes) <= {1, 2, 3, 4}

    statuses = {s for (s,) in _rows(path, "SELECT status FROM coalitions")}
    assert len(statuses) == 4 and statuses == {s.value for s in CoalitionStatus}
    coalitions = _rows(
        path,
        "SELECT c.id, c.issue, c.desired_outcome,"
        " (SELECT count(*) FROM memberships m WHERE m.coalition_id = c.id),"
        " (SELECT count(*) FROM joint_actions a WHERE a.coalition_id = c.id)"
        " FROM coalitions c",
    )
    assert len(coalitions) >= 3
    assert all(members >= 2 for _id, _i, _o, members, _a in coalitions)
    assert sum(actions for *_rest, actions in coalitions) > 0
    assert any(issue == "" or outcome == "" for _id, issue, outcome, _m, _a in coalitions)
    unattended = _rows(
        path,
        "SELECT count(*) FROM joint_actions"
        " WHERE id NOT IN (SELECT joint_action_id FROM joint_action_participants)",
    )
    assert unattended == [(0,)]

    subjects = _rows(
        path,
        "SELECT contact_id IS NOT NULL, coalition_id IS NOT NULL, count(*), count(prompt_rule)"
        " FROM journal_entries GROUP BY 1, 2",
    )
    assert {(person, coalition) for person, coalition, _n, _p in subjects} == {
        (1, 0),
        (0, 1),
        (0, 0),
    }
    assert all(prompted == 0 for *_rest, prompted in subjects)


def test_the_default_demo_has_diverse_names_and_details(
    default_demo: tuple[Path, DemoSummary],
) -> None:
    path, _summary = default_demo
    names = [name for (name,) in _rows(path, "SELECT name FROM contacts")]
    assert len(set(names)) >= 35
    assert any("\u0600" <= c <= "\u06ff" for name in names for c in name)  # Arabic
    assert any("\u4e00" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for n in names for c in n)
    assert any(c in "áéíóúñçüöäåøèêëï" for name in names for c in name.lower())
    assert any(ord(c) >= 0x1F300 for name in names for c in name)  # an emoji nickname

    birthdays = [b for (b,) in _rows(path, "SELECT birthday FROM contacts")]
    assert None in birthdays
    assert any(b and b.startswith("--") for b in birthdays)
    assert any(b and len(b) == 10 and not b.startswith("--") for b in birthdays)
    for column in ("email", "phone", "organization", "how_met"):
        filled = _rows(path, f"SELECT count(*) FROM contacts WHERE {column} != ''")
        assert 0 < filled[0][0] < 40, column
    reminders = _rows(path, "SELECT count(keep_in_touch_days) FROM contacts")
    assert 0 < reminders[0][0] < 40


def test_every_date_is_in_the_six_years_up_to_today(
    default_demo: tuple[Path, DemoSummary],
) -> None:
    path, _summary = default_demo
    earliest = (TODAY - dt.timedelta(days=6 * 366)).isoformat()
    for table, column in [
        ("interactions", "occurred_on"),
        ("favors", "occurred_on"),
        ("joint_actions", "occurred_on"),
        ("journal_entries", "written_on"),
        ("coalitions", "started_on"),
        ("coalitions", "ended_on"),
        ("memberships", "joined_on"),
        ("memberships", "left_on"),
    ]:
        [(low, high)] = _rows(path, f"SELECT min({column}), max({column}) FROM {table}")
        assert earliest <= low <= high <= TODAY.isoformat(), (table, column)
    stamps = [s for (s,) in _rows(path, "SELECT created_at FROM contacts")]
    assert all(earliest <= s[:10] <= TODAY.isoformat() for s in stamps)
    with store.open_journal(path) as journal, journal.session() as session:
        created = session.scalars(select(Contact.created_at)).all()
    assert all(c.tzinfo == dt.UTC for c in created)


def test_every_return_repays_an_earlier_favor_the_other_way_with_the_same_person(
    default_demo: tuple[Path, DemoSummary],
) -> None:
    path, _summary = default_demo
    pairs = _rows(
        path,
        "SELECT f.id, f.contact_id, f.direction, f.occurred_on,"
        " o.id, o.contact_id, o.direction, o.occurred_on"
        " FROM favors f JOIN favors o ON o.id = f.returns_favor_id",
    )
    assert len(pairs) >= 10
    for fid, person, direction, day, oid, other_person, other_direction, other_day in pairs:
        assert person == other_person
        assert direction != other_direction
        assert other_day < day and oid < fid
    dangling = _rows(
        path,
        "SELECT count(*) FROM favors WHERE returns_favor_id IS NOT NULL"
        " AND returns_favor_id NOT IN (SELECT id FROM favors)",
    )
    assert dangling == [(0,)]


def test_some_friendships_turn_into_favor_trading_in_the_last_months(
    default_demo: tuple[Path, DemoSummary],
) -> None:
    """The "turning" pattern shows in the record itself, not only in the generator."""
    path, _summary = default_demo
    turn = (TODAY - dt.timedelta(days=182)).isoformat()
    counts: dict[int, Counter[str]] = {}
    for person, day, what in _rows(
        path,
        "SELECT contact_id, occurred_on, 'favor' FROM favors"
        " UNION ALL SELECT p.contact_id, i.occurred_on, 'moment'"
        " FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id",
    ):
        when = "recent" if day >= turn else "before"
        counts.setdefault(person, Counter())[f"{when} {what}"] += 1
    explicit = Counter(
        person
        for (person,) in _rows(
            path,
            "SELECT contact_id FROM favors"
            f" WHERE expectation = 'explicit' AND occurred_on >= '{turn}'",
        )
    )

    def share(c: Counter[str], when: str) -> float:
        favors, moments = c[f"{when} favor"], c[f"{when} moment"]
        return favors / ((favors + moments) or 1)

    turned = [
        person
        for person, c in counts.items()
        if c["recent favor"] >= 6
        and share(c, "recent") >= 0.6
        and share(c, "before") <= 0.3
        and explicit[person] >= 3
    ]
    assert len(turned) >= 2


def test_same_seed_gives_the_same_journal_and_another_seed_another(tmp_path: Path) -> None:
    sizes: dict[str, Any] = {"contacts": 12, "events": 250, "today": TODAY}
    first = tmp_path / "first.kith"
    again = tmp_path / "again.kith"
    other = tmp_path / "other.kith"
    generate_demo(first, seed=7, **sizes)
    generate_demo(again, seed=7, **sizes)
    generate_demo(other, seed=8, **sizes)
    assert _dump(first) == _dump(again)
    assert _dump(first) != _dump(other)
    assert _dump(first)["contacts"] != _dump(other)["contacts"]


@pytest.mark.parametrize(("contacts", "events"), [(1, 0), (1, 1), (3, 7), (9, None), (60, 90)])
def test_any_size_gives_exactly_the_entries_asked_for(
    tmp_path: Path, contacts: int, events: int | None
) -> None:
    path = tmp_path / "sized.kith"
    summary = generate_demo(path, contacts=contacts, events=events, today=TODAY)
    wanted = 30 * contacts if events is None else events
    [(people, written)] = _rows(
        path,
        "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM interactions)"
        " + (SELECT count(*) FROM favors) + (SELECT count(*) FROM joint_actions)"
        " + (SELECT count(*) FROM journal_entries)",
    )
    assert (summary.contacts, summary.events) == (contacts, wanted)
    assert (people, written) == (contacts, wanted)
    with store.open_journal(path) as journal:
        assert store.integrity_check(journal) == "ok"


def test_progress_runs_from_zero_to_one(tmp_path: Path) -> None:
    seen: list[float] = []
    generate_demo(tmp_path / "p.kith", contacts=5, events=60, today=TODAY, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_an_existing_file_is_refused_and_left_as_it_was(journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(b"my own notes, not a journal\n")
    before = journal_path.read_bytes(), journal_path.stat().st_mtime_ns
    with pytest.raises(JournalExistsError):
        generate_demo(journal_path, today=TODAY)
    assert (journal_path.read_bytes(), journal_path.stat().st_mtime_ns) == before


def test_a_demo_that_fails_half_way_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "broken.kith"

    def interrupt(fraction: float) -> None:
        if fraction > 0.6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_demo(path, contacts=5, events=50, today=TODAY, progress=interrupt)
    assert not path.exists()
    assert not path.with_name(path.name + "-wal").exists()
    generate_demo(path, contacts=5, events=50, today=TODAY)  # and the name is free again


def test_the_demo_command_writes_a_demo_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli" / "demo.kith"
    assert main(["--journal", str(path), "demo"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote demo journal {path}: 40 people, ")
    assert _rows(path, "SELECT count(*) FROM contacts") == [(40,)]

    sized = tmp_path / "cli" / "sized.kith"
    argv = ["--journal", str(sized), "demo", "--contacts", "6", "--events", "70", "--seed", "3"]
    assert main(argv) == 0
    assert "6 people, 70 entries" in capsys.readouterr().out

    assert main(["--journal", str(path), "demo"]) == 7  # JournalExistsError's exit code
    assert "already exists" in capsys.readouterr().err
