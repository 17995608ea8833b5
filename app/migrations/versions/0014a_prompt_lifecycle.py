"""prompt lifecycle: questions that fade (resolved), the day last raised, the day closed

Revision ID: 0014a
Revises: 17search
Create Date: 2026-12-02 16:10:00

A stored question now remembers the last day the rules raised it
(`last_raised_on`): when they stop raising it for a while it closes itself as
`resolved`. `closed_on` is the day (the journal's day, not the clock's instant)
it was dismissed, answered or resolved: "not transactional" keeps a person
quiet for a number of days counted from it. Existing prompts count as raised
on the day they were made, and closed ones as closed that day.
"""

from __future__ import annotations

from alembic import op

revision = "0014a"
down_revision = "17search"
branch_labels = None
depends_on = None

_OLD = ("open", "snoozed", "dismissed", "answered")
_NEW = (*_OLD, "resolved")

# The prompts table is rebuilt by hand, not in batch mode: batch mode orders the
# constraints it reflects differently from one run to the next, and a journal's
# schema should be the same text whichever way it came to this revision.
_BEFORE_COLUMNS = (
    "id",
    "rule",
    "family",
    "contact_id",
    "coalition_id",
    "state",
    "question",
    "evidence",
    '"index"',
    "created_on",
    "snoozed_until",
    "dismissed_reason",
    "dismissed_index",
    "journal_entry_id",
    "closed_at",
)
_INDEXES = (
    "CREATE INDEX ix_prompts_coalition_rule ON prompts (coalition_id, rule)",
    "CREATE INDEX ix_prompts_contact_rule ON prompts (contact_id, rule)",
    "CREATE INDEX ix_prompts_state ON prompts (state)",
)


def _table(states: tuple[str, ...], lifecycle: bool) -> str:
    """The prompts table as SQLAlchemy would write it (0002's text, for the old one)."""
    columns = [
        "id INTEGER NOT NULL",
        "rule VARCHAR(64) NOT NULL",
        "family VARCHAR(32) NOT NULL",
        "contact_id INTEGER",
        "coalition_id INTEGER",
        "state VARCHAR(16) NOT NULL",
        "question TEXT NOT NULL",
        "evidence TEXT NOT NULL",
        '"index" INTEGER',
        "created_on DATE NOT NULL",
        "snoozed_until DATE",
        "dismissed_reason TEXT NOT NULL",
        "dismissed_index INTEGER",
        "journal_entry_id INTEGER",
        "closed_at DATETIME",
    ]
    if lifecycle:
        columns += ["last_raised_on DATE", "closed_on DATE"]
    allowed = ", ".join(f"'{state}'" for state in states)
    constraints = [
        "CONSTRAINT pk_prompts PRIMARY KEY (id)",
        "CONSTRAINT ck_prompts_one_subject CHECK ((contact_id IS NULL) != (coalition_id IS NULL))",
        "CONSTRAINT fk_prompts_coalition_id_coalitions FOREIGN KEY(coalition_id) "
        "REFERENCES coalitions (id) ON DELETE CASCADE",
        "CONSTRAINT fk_prompts_contact_id_contacts FOREIGN KEY(contact_id) "
        "REFERENCES contacts (id) ON DELETE CASCADE",
        "CONSTRAINT fk_prompts_journal_entry_id_journal_entries FOREIGN KEY(journal_entry_id) "
        "REFERENCES journal_entries (id) ON DELETE SET NULL",
        f"CONSTRAINT ck_prompts_state CHECK (state IN ({allowed}))",
    ]
    return "CREATE TABLE prompts (\n\t" + ", \n\t".join(columns + constraints) + "\n)"


def _rebuild(table: str, columns: tuple[str, ...]) -> None:
    """Rebuild prompts as `table`, keeping `columns` of every row."""
    kept = ", ".join(columns)
    op.execute(f"CREATE TEMPORARY TABLE _prompts_kept AS SELECT {kept} FROM prompts")
    op.execute("DROP TABLE prompts")
    op.execute(table)
    op.execute(f"INSERT INTO prompts ({kept}) SELECT {kept} FROM _prompts_kept")
    op.execute("DROP TABLE _prompts_kept")
    for statement in _INDEXES:
        op.execute(statement)


def upgrade() -> None:
    _rebuild(_table(_NEW, lifecycle=True), _BEFORE_COLUMNS)
    op.execute("UPDATE prompts SET last_raised_on = created_on")
    op.execute(
        "UPDATE prompts SET closed_on = coalesce(date(closed_at), created_on) "
        "WHERE state IN ('dismissed', 'answered')"
    )


def downgrade() -> None:
    # A resolved question was closed by Kith, not by its user: an older Kith keeps
    # a dismissed one quiet too.
    op.execute("UPDATE prompts SET state = 'dismissed' WHERE state = 'resolved'")
    _rebuild(_table(_OLD, lifecycle=False), _BEFORE_COLUMNS)
