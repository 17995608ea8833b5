"""The journal's schema history: it matches the models, goes both ways, and keeps people's rows.

Pattern after freedomofpress/securedrop-client's client/tests/test_alembic.py: head matches
the models, each migration goes down and up again to the same schema, and an older journal
with real rows in it is upgraded the way a user's would be (through `open_journal`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, Text, create_engine, select

from app.core import migrate, store
from app.core.errors import MigrationFailedError
from app.core.models import Base, Contact, include_name
from app.core.paths import backups_dir, migrations_dir
from app.core.reflection.thresholds import DEFAULTS
from app.core.services import settings
from app.core.store import Journal, create_journal, open_journal

SCRIPTS = ScriptDirectory.from_config(migrate.alembic_config())
HEAD = migrate.head_revision()
# Base first, head last.
REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]
FIRST = REVISIONS[0]

# --- helpers ------------------------------------------------------------------------------


def _schema(path: Path) -> dict[tuple[str, str], str | None]:
    """Every table and index as SQLite stores its definition."""
    with contextlib.closing(sqlite3.connect(path)) as raw:
        rows = raw.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    return {(kind, name): sql for kind, name, sql in rows}


def _alembic(path: Path, action: str, revision: str) -> None:
    """Run one Alembic command on the file, through Kith's own env.py (foreign keys off)."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            getattr(command, action)(migrate.alembic_config(connection), revision)
    finally:
        engine.dispose()


# Real rows for every table of revision 0001, as plain SQL values the way SQLAlchemy stores
# them (dates as text, booleans as 0/1). Accents, quotes and empty/NULL fields on purpose.
ROWS_AT_FIRST: dict[str, list[dict[str, Any]]] = {
    "contacts": [
        {
            "id": 1,
            "name": "Ada Lovelace",
            "tie": "friend",
            "how_met": "chess club",
            "email": "ada@example.org",
            "phone": "+44 20 7946 0000",
            "organization": "Analytical Society",
            "birthday": "--12-10",
            "keep_in_touch_days": 30,
            "notes": 'Said "call me Sunday"',
            "created_at": "2024-01-02 03:04:05.000000",
            "deleted_at": None,
        },
        {
            "id": 2,
            "name": "Zoë Ørsted",
            "tie": "kin",
            "how_met": "",
            "email": "",
            "phone": "",
            "organization": "",
            "birthday": "1990-02-28",
            "keep_in_touch_days": None,
            "notes": "",
            "created_at": "2024-01-03 10:00:00.000000",
            "deleted_at": "2024-06-01 12:00:00.000000",
        },
    ],
    "interactions": [
        {
            "id": 1,
            "occurred_on": "2024-02-14",
            "kind": "shared_time",
            "warmth": 5,
            "initiated_by": "mutual",
            "note": "Long walk by the canal",
            "deleted_at": None,
        }
    ],
    "interaction_participants": [
        {"interaction_id": 1, "contact_id": 1},
        {"interaction_id": 1, "contact_id": 2},
    ],
    "favors": [
        {
            "id": 1,
            "contact_id": 1,
            "direction": "received",
            "occurred_on": "2024-03-01",
            "description": "Helped me move",
            "weight": 4,
            "expectation": "implicit",
            "returns_favor_id": None,
            "deleted_at": None,
        },
        {
            "id": 2,
            "contact_id": 1,
            "direction": "given",
            "occurred_on": "2024-03-20",
            "description": "Cooked dinner",
            "weight": 3,
            "expectation": "none",
            "returns_favor_id": 1,
            "deleted_at": None,
        },
    ],
    "coalitions": [
        {
            "id": 1,
            "name": "Save the library",
            "issue": "Branch closing",
            "desired_outcome": "Keep it open",
            "formality": "informal",
            "status": "active",
            "started_on": "2024-01-10",
            "ended_on": None,
            "my_interest": "I study there",
            "my_commitment": 4,
            "differences": "",
            "deleted_at": None,
        }
    ],
    "memberships": [
        {
            "id": 1,
            "coalition_id": 1,
            "contact_id": 1,
            "role": "organiser",
            "interest": "Her kids read there",
            "commitment": 5,
            "knows_goal": 1,
            "agrees_outcome": 0,
            "joined_on": "2024-01-11",
            "left_on": None,
            "deleted_at": None,
        }
    ],
    "joint_actions": [
        {
            "id": 1,
            "coalition_id": 1,
            "occurred_on": "2024-02-01",
            "description": "Petition at the market",
            "outcome": "312 signatures",
            "deleted_at": None,
        }
    ],
    "joint_action_participants": [{"joint_action_id": 1, "contact_id": 1}],
    "journal_entries": [
        {
            "id": 1,
            "written_on": "2024-02-15",
            "text": "Grateful for Ada's help.",
            "contact_id": 1,
            "coalition_id": 1,
            "prompt_rule": "gratitude",
            "deleted_at": None,
        }
    ],
}


# Rows for the tables later revisions add, written as soon as the journal reaches them: an
# upgrade must keep what every older Kith wrote, not only the first one. The settings rows
# include a key this Kith does not know (a newer Kith's) and a value it would refuse.
ROWS_ADDED_AT: dict[str, dict[str, list[dict[str, Any]]]] = {
    "0002": {
        "prompts": [
            {
                "id": 1,
                "rule": "turning",
                "family": "transactional",
                "contact_id": 1,
                "coalition_id": None,
                "state": "dismissed",
                "question": "Has something changed with Ada?",
                "evidence": "5 of 8 recent entries were favors",
                "index": 41,
                "created_on": "2024-03-21",
                "snoozed_until": None,
                "dismissed_reason": "She's family to me",
                "dismissed_index": 41,
                "journal_entry_id": None,
                "closed_at": "2024-03-22 08:00:00.000000",
            }
        ]
    },
    "0003": {
        "settings": [
            {"key": "backups.daily", "value": "10"},
            {"key": "reflection.favor_share", "value": '"most"'},
            {"key": "zz.newer.kith", "value": '{"shape": "unknown"}'},
        ]
    },
}


def _rows_at(revision: str) -> dict[str, list[dict[str, Any]]]:
    """The rows a journal at `revision` holds, table by table."""
    rows = dict(ROWS_AT_FIRST)
    for added_at, tables in ROWS_ADDED_AT.items():
        if REVISIONS.index(added_at) <= REVISIONS.index(revision):
            rows.update(tables)
    return rows


def _insert_rows(path: Path, tables: dict[str, list[dict[str, Any]]] = ROWS_AT_FIRST) -> None:
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA foreign_keys = ON")  # the rows must be valid ones
        for table, rows in tables.items():
            for row in rows:
                columns = ", ".join(f'"{column}"' for column in row)  # prompts has "index"
                marks = ", ".join("?" for _ in row)
                raw.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
        raw.commit()


def _assert_rows_intact(path: Path, built_at: str = HEAD) -> None:
    """Every row the fixture wrote into a journal it built at revision `built_at`."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as raw:
        for table, rows in _rows_at(built_at).items():
            columns = [f'"{column}"' for column in rows[0]]
            stored = raw.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}, {columns[1]}"
            ).fetchall()
            assert stored == [tuple(row.values()) for row in rows], table


def build_journal_at(path: Path, revision: str) -> Path:
    """A journal as an older Kith left it: made like `create_journal`, holding real rows
    written at the first revision, then migrated only as far as `revision`, with the rows
    of each table a revision adds written as it is reached."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
        raw.execute("PRAGMA journal_mode = WAL")
    _alembic(path, "upgrade", FIRST)
    _insert_rows(path)
    for later in REVISIONS[1 : REVISIONS.index(revision) + 1]:
        _alembic(path, "upgrade", later)
        _insert_rows(path, ROWS_ADDED_AT.get(later, {}))
    assert store.stored_revision(path) == revision
    return path


_NEWER_MIGRATION = '''"""a migration of a newer Kith, for the tests"""
import sqlalchemy as sa
from alembic import op

revision = "NEWER"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
BODY


def downgrade() -> None:
    with op.batch_alter_table("contacts", recreate="always") as batch_op:
        batch_op.drop_column("nickname")
'''


@contextlib.contextmanager
def kith_shipping(folder: Path, upgrade_body: str) -> Iterator[str]:
    """Run as a newer Kith would: today's migrations plus one more after today's head.

    Yields the new head revision. Afterwards Kith is back to its real migrations.
    """
    shutil.copytree(migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    newer = "zz_newer_kith"
    body = textwrap.indent(textwrap.dedent(upgrade_body).strip(), "    ")
    script = _NEWER_MIGRATION.replace("NEWER", newer).replace("HEAD", HEAD).replace("BODY", body)
    (folder / "versions" / f"{newer}.py").write_text(script)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(migrate, "migrations_dir", lambda: folder)
            migrate._revisions.cache_clear()
            assert migrate.head_revision() == newer
            yield newer
    finally:
        migrate._revisions.cache_clear()


# A table rebuild, as SQLite's batch mode does for most changes: contacts is copied and
# dropped, which would cascade into favors, memberships... if foreign keys were on.
REBUILD_CONTACTS = """
with op.batch_alter_table("contacts", recreate="always") as batch_op:
    batch_op.add_column(sa.Column("nickname", sa.Text(), nullable=True))
op.execute("UPDATE contacts SET nickname = substr(name, 1, 3)")
"""


# --- the schema matches the models --------------------------------------------------------


def _diff_against(journal: Journal, metadata: MetaData) -> list[Any]:
    with journal.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "render_as_batch": True,
                "compare_type": True,
                "target_metadata": metadata,
                "include_name": include_name,
            },
        )
        return list(compare_metadata(context, metadata))


def test_a_new_journal_has_exactly_the_schema_of_the_models(journal: Journal) -> None:
    assert _diff_against(journal, Base.metadata) == []


def test_the_drift_check_notices_a_model_the_migrations_do_not_have(journal: Journal) -> None:
    drifted = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["contacts"].append_column(Column("nickname", Text(), nullable=True))

    diff = _diff_against(journal, drifted)

    assert [(d[0], d[3].name) for d in diff] == [("add_column", "nickname")]


# --- every migration goes down and up again -----------------------------------------------


def test_every_migration_goes_down_and_up_to_the_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.kith"
    create_journal(path).close()
    schemas = {HEAD: _schema(path)}

    for script in SCRIPTS.walk_revisions():  # head to base
        target = script.down_revision or "base"
        assert isinstance(target, str), "merge migrations need their own round trip"
        _alembic(path, "downgrade", target)
        schemas[target] = _schema(path)
    assert {name for kind, name in schemas["base"] if kind == "table"} == {"alembic_version"}

    for revision in REVISIONS:  # base to head
        _alembic(path, "upgrade", revision)
        assert _schema(path) == schemas[revision], revision

    with open_journal(path) as reopened:
        assert _diff_against(reopened, Base.metadata) == []


# --- an older journal with real rows is upgraded on open ----------------------------------


def test_the_upgrade_fixture_fills_every_table_of_the_first_revision(tmp_path: Path) -> None:
    path = build_journal_at(tmp_path / "first.kith", FIRST)
    tables = {name for kind, name in _schema(path) if kind == "table"}
    assert tables - {"alembic_version"} == set(ROWS_AT_FIRST)
    _assert_rows_intact(path, FIRST)


@pytest.mark.parametrize("revision", REVISIONS)
def test_opening_a_journal_brings_it_to_head_keeping_every_row(
    tmp_path: Path, revision: str
) -> None:
    """For each revision a user's journal may be at. Older than head: a backup is written
    first (at the old revision, with the rows). At head: nothing to do, and no backup."""
    path = build_journal_at(tmp_path / "journals" / "mine.kith", revision)

    with open_journal(path) as journal:
        assert store.stored_revision(journal.path) == HEAD
        with journal.session() as session:
            assert session.scalars(select(Contact.name).order_by(Contact.id)).all() == [
                "Ada Lovelace",
                "Zoë Ørsted",
            ]
    _assert_rows_intact(path, revision)

    backups = sorted(backups_dir(path).glob("*.kith")) if backups_dir(path).exists() else []
    if revision == HEAD:
        assert backups == []
    else:
        assert [b.name.endswith(f"-before-upgrade-from-{revision}.kith") for b in backups] == [True]
        assert store.stored_revision(backups[0]) == revision
        _assert_rows_intact(backups[0], revision)


def test_a_newer_kith_backs_up_then_upgrades_an_older_journal_keeping_every_row(
    tmp_path: Path,
) -> None:
    path = build_journal_at(tmp_path / "journals" / "mine.kith", HEAD)
    old_schema = _schema(path)

    with kith_shipping(tmp_path / "newer-migrations", REBUILD_CONTACTS) as newer:
        with open_journal(path) as journal:
            assert store.stored_revision(journal.path) == newer
            assert store.integrity_check(journal) == "ok"
        (copy,) = backups_dir(path).glob("*.kith")

    _assert_rows_intact(path)  # favors, memberships... survived the rebuild of contacts
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT nickname FROM contacts ORDER BY id").fetchall() == [
            ("Ada",),
            ("Zoë",),
        ]
    assert copy.name.endswith(f"-before-upgrade-from-{HEAD}.kith")
    assert store.stored_revision(copy) == HEAD
    assert _schema(copy) == old_schema
    _assert_rows_intact(copy)


def test_upgrading_from_0002_adds_an_empty_settings_table_and_keeps_the_prompts(
    tmp_path: Path,
) -> None:
    path = build_journal_at(tmp_path / "journals" / "mine.kith", "0002")
    assert ("table", "settings") not in _schema(path)

    with open_journal(path) as journal:
        assert ("table", "settings") in _schema(journal.path)
        assert settings.stored_settings(journal) == {}
        assert settings.thresholds(journal) == DEFAULTS
        assert settings.retention_numbers(journal) == (7, 4, 12)
    _assert_rows_intact(path, "0002")  # the dismissed prompt included


def test_unknown_keys_and_unreadable_values_in_settings_do_not_stop_a_journal_opening(
    tmp_path: Path,
) -> None:
    path = build_journal_at(tmp_path / "journals" / "mine.kith", "0003")

    with open_journal(path) as journal:
        assert settings.thresholds(journal) == DEFAULTS  # "most" is no share: the default
        assert settings.retention_numbers(journal) == (10, 4, 12)
        assert "zz.newer.kith" in settings.stored_settings(journal)  # kept, not "repaired"
    _assert_rows_intact(path, "0003")


# --- a failing migration is undone ---------------------------------------------------------

FAILURES = {
    # An ordinary error: the migration's transaction rolls it all back.
    "rolled-back": REBUILD_CONTACTS
    + """
raise RuntimeError("the disk said no")
""",
    # A step that ends the transaction (VACUUM, a PRAGMA, a driver's implicit COMMIT) makes
    # the half done so far permanent: only the backup taken before can put the journal back.
    "committed-half-way": REBUILD_CONTACTS
    + """
op.execute("COMMIT")
op.execute("DELETE FROM favors")
op.drop_table("journal_entries")
raise RuntimeError("the disk said no")
""",
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_upgrade_puts_the_journal_back_as_it_was(tmp_path: Path, failure: str) -> None:
    path = build_journal_at(tmp_path / "journals" / "mine.kith", HEAD)
    old_schema = _schema(path)

    with (
        kith_shipping(tmp_path / "newer-migrations", FAILURES[failure]),
        pytest.raises(MigrationFailedError) as failed,
    ):
        open_journal(path)

    message = str(failed.value)
    assert message.startswith(f"Kith could not upgrade {path} and put it back as it was")
    assert "the disk said no" in message
    assert "Traceback" not in message
    (copy,) = backups_dir(path).glob("*.kith")
    assert str(copy) in message

    assert store.stored_revision(path) == HEAD
    assert _schema(path) == old_schema
    _assert_rows_intact(path)
    with open_journal(path) as journal:  # today's Kith opens it as before
        assert store.integrity_check(journal) == "ok"
        assert store.stored_revision(journal.path) == HEAD
    _assert_rows_intact(path)


def test_failed_upgrades_tried_again_keep_one_copy(tmp_path: Path) -> None:
    path = build_journal_at(tmp_path / "journals" / "mine.kith", HEAD)
    with kith_shipping(tmp_path / "newer-migrations", FAILURES["committed-half-way"]):
        for _attempt in range(3):
            with pytest.raises(MigrationFailedError):
                open_journal(path)
    assert len(list(backups_dir(path).glob("*.kith"))) == 1
    _assert_rows_intact(path)


def test_kith_reads_its_revisions_as_alembic_does() -> None:
    """Start-up reads the migration files itself, without importing Alembic."""
    assert migrate.head_revision() == SCRIPTS.get_current_head()
    assert all(migrate.is_known_revision(r) for r in REVISIONS)
    assert not migrate.is_known_revision(HEAD[:-1] or "x")
