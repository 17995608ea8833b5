"""search index: FTS5 over everything the user wrote, kept in step by triggers

Revision ID: 17search
Revises: 0004
Create Date: 2026-12-02 10:40:00

One FTS5 table per kind of record, each an external-content index over its own
table (no second copy of the text), holding live rows only: triggers add a row
when it is written or restored and take it out when it is edited, trashed or
deleted, whoever writes (services, CSV import, demo writer). Accents and case
fold with `unicode61 remove_diacritics 2`; `prefix='2 3'` keeps typing fast.
A migration that rebuilds one of these tables in batch mode drops its triggers
with it: create them again from `TRIGGERS` below (app.core.search.rebuild
re-indexes).
"""

from __future__ import annotations

from alembic import op

revision = "17search"
down_revision = "0004"
branch_labels = None
depends_on = None

TOKENIZE = "unicode61 remove_diacritics 2"

# index table -> (content table, indexed columns)
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_people": (
        "contacts",
        ("name", "how_met", "organization", "email", "phone", "notes"),
    ),
    "search_moments": ("interactions", ("note",)),
    "search_favors": ("favors", ("description",)),
    "search_entries": ("journal_entries", ("text",)),
    "search_coalitions": (
        "coalitions",
        ("name", "issue", "desired_outcome", "my_interest", "differences"),
    ),
    "search_members": ("memberships", ("role", "interest")),
    "search_actions": ("joint_actions", ("description", "outcome")),
}


def _values(row: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{row}.{column}" for column in columns)


def triggers() -> dict[str, str]:
    """Every trigger that keeps an index in step with its table, by name."""
    made: dict[str, str] = {}
    for index, (table, columns) in INDEXES.items():
        names = ", ".join(columns)
        add = f"INSERT INTO {index} (rowid, {names}) VALUES (NEW.id, {_values('NEW', columns)});"
        remove = (
            f"INSERT INTO {index} ({index}, rowid, {names})"
            f" VALUES ('delete', OLD.id, {_values('OLD', columns)});"
        )
        made[f"tr_{index}_insert"] = (
            f"AFTER INSERT ON {table} WHEN NEW.deleted_at IS NULL BEGIN {add} END"
        )
        made[f"tr_{index}_delete"] = (
            f"AFTER DELETE ON {table} WHEN OLD.deleted_at IS NULL BEGIN {remove} END"
        )
        # Only the indexed columns and the trash: editing a person's keep-in-touch
        # days or a moment's warmth leaves the index alone. One trigger, so that
        # the old words go out before the new ones come in.
        made[f"tr_{index}_update"] = (
            f"AFTER UPDATE OF {names}, deleted_at ON {table} BEGIN"
            f" INSERT INTO {index} ({index}, rowid, {names})"
            f" SELECT 'delete', OLD.id, {_values('OLD', columns)} WHERE OLD.deleted_at IS NULL;"
            f" INSERT INTO {index} (rowid, {names})"
            f" SELECT NEW.id, {_values('NEW', columns)} WHERE NEW.deleted_at IS NULL;"
            " END"
        )
    return made


def upgrade() -> None:
    for index, (table, columns) in INDEXES.items():
        names = ", ".join(columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}',"
            f" content_rowid='id', tokenize='{TOKENIZE}', prefix='2 3')"
        )
        op.execute(
            f"INSERT INTO {index} (rowid, {names})"
            f" SELECT id, {names} FROM {table} WHERE deleted_at IS NULL"
        )
    for name, body in triggers().items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in triggers():
        op.execute(f"DROP TRIGGER {name}")
    for index in INDEXES:
        op.execute(f"DROP TABLE {index}")
