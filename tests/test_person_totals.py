"""The running totals per person stay equal to their entries, whatever writes them."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core import store, totals
from app.core.enums import Direction, Expectation
from app.core.errors import KithError
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments, trash
from app.core.store import Journal


def _stored(journal: Journal, contact_id: int) -> tuple[object, ...]:
    with journal.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT favors_given, favors_received, weight_given, weight_received, ledger, "
                "moments, warmth_total, warmth_rated, last_moment_on "
                "FROM person_totals WHERE contact_id = :id"
            ),
            {"id": contact_id},
        ).one()
    return tuple(row)


def test_a_favor_and_a_moment_show_in_the_totals_at_once(journal: Journal) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    assert ana is not None
    assert _stored(journal, ana) == (0, 0, 0, 0, 0, 0, 0, 0, None)
    moments.log_favor(journal, FavorFields(ana, Direction.GIVEN, "2026-03-01", "moved a sofa", 4))
    moments.log_moment(journal, MomentFields("2026-03-02", (ana,), warmth=5))
    moments.log_moment(journal, MomentFields("2026-02-01", (ana,)))
    assert _stored(journal, ana) == (1, 0, 4, 0, 0, 2, 5, 1, "2026-03-02")


def test_trash_restore_and_delete_forever_keep_the_totals_right(journal: Journal) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    bo = contacts.add_contact(journal, ContactFields("Bo")).new_id
    assert ana is not None and bo is not None
    together = moments.log_moment(journal, MomentFields("2026-05-01", (ana, bo), warmth=4)).new_id
    assert together is not None
    moments.log_moment(journal, MomentFields("2026-04-01", (ana,), warmth=2))
    trash.move_to_trash(journal, "interaction", together)
    assert _stored(journal, ana)[5:] == (1, 2, 1, "2026-04-01")
    assert _stored(journal, bo)[5:] == (0, 0, 0, None)
    trash.restore(journal, "interaction", together)
    assert _stored(journal, bo)[5:] == (1, 4, 1, "2026-05-01")
    trash.move_to_trash(journal, "interaction", together)
    trash.delete_forever(journal, "interaction", together)
    assert _stored(journal, ana)[5:] == (1, 2, 1, "2026-04-01")
    assert totals.mismatched(journal) == []


def test_random_writes_never_leave_the_totals_behind(journal: Journal) -> None:
    """Three hundred random logs, edits, trashings, restores and deletions."""
    rng = random.Random(7)
    people: list[int] = []
    favors: list[int] = []
    moment_ids: list[int] = []
    trashed: list[tuple[str, int]] = []

    def day() -> str:
        return (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))).isoformat()

    for step in range(300):
        action = rng.random()
        if not people or action < 0.08:
            new = contacts.add_contact(journal, ContactFields(f"Person {step}")).new_id
            assert new is not None
            people.append(new)
        elif action < 0.35:
            repays = rng.choice(favors) if favors and rng.random() < 0.3 else None
            fields = FavorFields(
                rng.choice(people),
                rng.choice(list(Direction)),
                day(),
                "a favor",
                rng.randint(1, 5),
                rng.choice(list(Expectation)),
                repays,
            )
            try:
                new = moments.log_favor(journal, fields).new_id
            except KithError:
                continue  # e.g. a repayment of one's own direction: refused, fine
            assert new is not None
            favors.append(new)
        elif action < 0.6:
            group = tuple(rng.sample(people, k=min(len(people), rng.randint(1, 3))))
            warmth = rng.choice([None, 1, 2, 3, 4, 5])
            new = moments.log_moment(journal, MomentFields(day(), group, warmth=warmth)).new_id
            assert new is not None
            moment_ids.append(new)
        elif action < 0.7 and moment_ids:
            target = rng.choice(moment_ids)
            group = tuple(rng.sample(people, k=min(len(people), rng.randint(1, 3))))
            try:
                moments.update_moment(
                    journal, target, MomentFields(day(), group, warmth=rng.randint(1, 5))
                )
            except KithError:
                continue  # a trashed moment cannot be edited
        elif action < 0.78 and favors:
            target = rng.choice(favors)
            try:
                old = moments.get_favor(journal, target)
                moments.update_favor(
                    journal,
                    target,
                    FavorFields(
                        rng.choice(people),
                        old.direction,
                        day(),
                        "changed",
                        rng.randint(1, 5),
                        rng.choice(list(Expectation)),
                        None,
                    ),
                )
            except KithError:
                continue
        elif action < 0.88:
            pool = [("favor", f) for f in favors] + [("interaction", m) for m in moment_ids]
            pool += [("contact", p) for p in people[:3]]
            if pool:
                kind, record = rng.choice(pool)
                try:
                    trash.move_to_trash(journal, kind, record)
                    trashed.append((kind, record))
                except KithError:
                    continue
        elif trashed:
            kind, record = trashed.pop(rng.randrange(len(trashed)))
            try:
                if rng.random() < 0.5:
                    trash.restore(journal, kind, record)
                else:
                    trash.delete_forever(journal, kind, record)
                    if kind == "contact":
                        people.remove(record)
            except KithError:
                continue
        if step % 25 == 0:
            assert totals.mismatched(journal) == [], f"after step {step}"
    assert totals.mismatched(journal) == []
    assert len(favors) > 40 and len(moment_ids) > 40


def test_rebuild_puts_damaged_totals_right(journal: Journal) -> None:
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    moments.log_moment(journal, MomentFields("2026-01-05", (ana,), warmth=3))  # type: ignore[arg-type]
    with journal.engine.begin() as connection:
        connection.execute(text("UPDATE person_totals SET moments = 7"))
    assert totals.mismatched(journal) == [ana]
    assert totals.rebuild(journal) == 1
    assert totals.mismatched(journal) == []


def test_a_journal_upgraded_with_entries_gets_their_totals(tmp_path: Path) -> None:
    from tests.test_migrations import build_journal_at

    path = build_journal_at(tmp_path / "old.kith", "0001")
    with store.open_journal(path) as journal:
        assert totals.mismatched(journal) == []
        with journal.engine.connect() as connection:
            filled = connection.execute(
                text("SELECT count(*) FROM person_totals WHERE moments + favors_given > 0")
            ).scalar_one()
        assert filled > 0


def test_the_demo_writer_and_the_csv_import_leave_the_totals_right(tmp_path: Path) -> None:
    """Both write rows in bulk, participants before or after their moments."""
    from app.core.csvio import export_journal, import_kith_csv
    from app.core.demo import generate_demo

    generate_demo(tmp_path / "demo.kith", contacts=30, seed=3)
    with store.open_journal(tmp_path / "demo.kith") as demo:
        assert totals.mismatched(demo) == []
        export_journal(demo, tmp_path / "csv")
    with store.create_journal(tmp_path / "copy.kith") as copy:
        import_kith_csv(copy, tmp_path / "csv")
        assert totals.mismatched(copy) == []
        with copy.engine.connect() as connection:
            counted = connection.execute(text("SELECT sum(moments) FROM person_totals")).scalar()
        assert counted and counted > 100
        # A merge into a journal that has people: the same export once more.
        ana = contacts.add_contact(copy, ContactFields("Ana Outsider")).new_id
        moments.log_moment(copy, MomentFields("2026-01-05", (ana,), warmth=3))  # type: ignore[arg-type]
        import_kith_csv(copy, tmp_path / "csv")
        assert totals.mismatched(copy) == []
        # The triggers are back: a new log still counts.
        moments.log_moment(copy, MomentFields("2026-01-06", (ana,), warmth=5))  # type: ignore[arg-type]
        assert _stored(copy, ana)[5:] == (2, 8, 2, "2026-01-06")  # type: ignore[arg-type]
        assert totals.mismatched(copy) == []


def test_kith_check_reports_wrong_totals_and_repairs_them(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    moments.log_moment(journal, MomentFields("2026-01-05", (ana,), warmth=3))  # type: ignore[arg-type]
    with journal.engine.begin() as connection:
        connection.execute(text("UPDATE person_totals SET moments = 9"))
    path = journal.path
    journal.close()
    assert main(["--journal", str(path), "check"]) == 6
    assert "running totals: 1 people differ" in capsys.readouterr().out
    assert main(["--journal", str(path), "check", "--repair-totals"]) == 0
    assert "recomputed for 1 people" in capsys.readouterr().out
    assert main(["--journal", str(path), "check"]) == 0
    assert "running totals: ok" in capsys.readouterr().out


def test_deleting_a_repaid_favor_forever_and_emptying_the_trash_work(journal: Journal) -> None:
    """Deleting a repaid favor clears its repayment's link (a foreign-key action),
    which runs the totals' triggers under SQLite's abort rules."""
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    bo = contacts.add_contact(journal, ContactFields("Bo")).new_id
    assert ana is not None and bo is not None
    lent = moments.log_favor(
        journal, FavorFields(ana, Direction.GIVEN, "2026-01-02", "lent a ladder", 2)
    ).new_id
    moments.log_favor(
        journal,
        FavorFields(
            ana,
            Direction.RECEIVED,
            "2026-01-09",
            "the ladder back, and a cake",
            2,
            Expectation.NONE,
            lent,
        ),
    )
    assert lent is not None
    trash.move_to_trash(journal, "favor", lent)
    trash.delete_forever(journal, "favor", lent)
    assert totals.mismatched(journal) == []
    # A person with a repaid pair, and a person whose favor repays someone else's.
    first = moments.log_favor(
        journal, FavorFields(bo, Direction.GIVEN, "2026-02-01", "a lift", 1)
    ).new_id
    moments.log_favor(
        journal,
        FavorFields(
            bo, Direction.RECEIVED, "2026-02-03", "a lift back", 1, Expectation.NONE, first
        ),
    )
    trash.move_to_trash(journal, "contact", bo)
    trash.empty_trash(journal)
    assert totals.mismatched(journal) == []
    assert [c.name for c in contacts.list_contacts(journal)] == ["Ana"]


def test_every_totals_trigger_is_in_a_new_journal(journal: Journal) -> None:
    """A batch migration that rebuilds a watched table drops its triggers: this
    notices if one goes missing."""
    with journal.engine.connect() as connection:
        names = set(
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            ).scalars()
        )
    assert {n for n in names if "_totals_" in n} == {
        "tr_contacts_totals_insert",
        "tr_favors_totals_insert",
        "tr_favors_totals_delete",
        "tr_favors_totals_update",
        "tr_interactions_totals_insert",
        "tr_interactions_totals_update",
        "tr_interactions_totals_delete",
        "tr_participants_totals_insert",
        "tr_participants_totals_delete",
        "tr_participants_totals_update",
    }
