"""Importing Kith's own export into the journal it came from doubles nothing, and the
preview says how many records are new, already there, or conflicting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.core.csvio import export_journal, import_kith_csv, preview_kith_csv
from app.core.csvio import format as f
from app.core.demo import generate_demo
from app.core.kinds import BY_KEY
from app.core.models import Interaction, table_of
from app.core.records import MomentFields
from app.core.services import contacts, moments
from app.core.store import Journal, open_journal

TODAY = dt.date(2026, 11, 24)


def counts(journal: Journal) -> dict[str, int]:
    with journal.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table_of(model))).scalar_one()
            for name, model in ((key, kind.model) for key, kind in BY_KEY.items())
        }


def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.kith"
    generate_demo(path, contacts=25, today=TODAY)
    return path


def test_reimporting_the_journal_s_own_export_changes_nothing(tmp_path: Path) -> None:
    with open_journal(demo(tmp_path)) as journal:
        export_journal(journal, tmp_path / "export", as_of=TODAY)
        before = counts(journal)
        balances = {row.id: row.balance for row in contacts.list_contacts(journal)}
        plan = preview_kith_csv(journal, tmp_path / "export")
        assert plan.new_people == 0
        for spec in f.IMPORTED[1:]:
            seen = plan.known[spec.name]
            assert (seen.new, seen.conflicting) == (0, 0), spec.name
            assert seen.there == plan.rows[spec.name], spec.name
        moments_line = next(line for line in plan.lines() if line.startswith("moments:"))
        assert "(0 new, " in moments_line and "already in the journal)" in moments_line
        import_kith_csv(journal, tmp_path / "export", plan=plan)
        assert counts(journal) == before
        assert {row.id: row.balance for row in contacts.list_contacts(journal)} == balances


def test_new_records_go_in_and_changed_ones_are_counted_as_conflicting(tmp_path: Path) -> None:
    with open_journal(demo(tmp_path)) as journal:
        export_journal(journal, tmp_path / "export", as_of=TODAY)
        with journal.session() as session:
            first = session.scalars(select(Interaction).order_by(Interaction.id)).first()
            assert first is not None
            first.warmth = 1 if first.warmth != 1 else 5
            gone = session.scalars(select(Interaction).order_by(Interaction.id.desc())).first()
            assert gone is not None
            session.delete(gone)
        someone = contacts.list_contacts(journal)[0].id
        moments.log_moment(journal, MomentFields(TODAY, (someone,), note="only here"))
        before = counts(journal)["interaction"]
        plan = preview_kith_csv(journal, tmp_path / "export")
        seen = plan.known[f.INTERACTIONS.name]
        assert (seen.new, seen.conflicting) == (1, 1)
        assert seen.there == plan.rows[f.INTERACTIONS.name] - 2
        assert any("the journal's version is kept" in line for line in plan.lines())
        import_kith_csv(journal, tmp_path / "export", plan=plan)
        assert counts(journal)["interaction"] == before + 1
