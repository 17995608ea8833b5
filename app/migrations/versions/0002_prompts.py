"""prompts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 21:16:57.134477
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "snoozed",
                "dismissed",
                "answered",
                name="state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("dismissed_reason", sa.Text(), nullable=False),
        sa.Column("dismissed_index", sa.Integer(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(contact_id IS NULL) != (coalition_id IS NULL)", name=op.f("ck_prompts_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_prompts_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_prompts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_prompts_journal_entry_id_journal_entries"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompts")),
    )
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.create_index("ix_prompts_coalition_rule", ["coalition_id", "rule"], unique=False)
        batch_op.create_index("ix_prompts_contact_rule", ["contact_id", "rule"], unique=False)
        batch_op.create_index("ix_prompts_state", ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.drop_index("ix_prompts_state")
        batch_op.drop_index("ix_prompts_contact_rule")
        batch_op.drop_index("ix_prompts_coalition_rule")

    op.drop_table("prompts")
