"""the first journal schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 20:29:06.472542
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coalitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("issue", sa.Text(), nullable=False),
        sa.Column("desired_outcome", sa.Text(), nullable=False),
        sa.Column(
            "formality",
            sa.Enum(
                "formal",
                "informal",
                name="formality",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "forming",
                "active",
                "achieved",
                "dissolved",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("my_interest", sa.Text(), nullable=False),
        sa.Column("my_commitment", sa.Integer(), nullable=True),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "my_commitment BETWEEN 1 AND 5", name=op.f("ck_coalitions_my_commitment_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalitions")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "tie",
            sa.Enum(
                "kin",
                "friend",
                "colleague",
                "neighbour",
                "community",
                "acquaintance",
                "other",
                name="tie",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("how_met", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("birthday", sa.String(length=10), nullable=True),
        sa.Column("keep_in_touch_days", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index("ix_contacts_name", ["name"], unique=False)

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "conversation",
                "shared_time",
                "call",
                "message",
                "meeting",
                "support",
                "other",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("warmth", sa.Integer(), nullable=True),
        sa.Column(
            "initiated_by",
            sa.Enum(
                "me",
                "them",
                "mutual",
                name="initiated_by",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("warmth BETWEEN 1 AND 5", name=op.f("ck_interactions_warmth_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index("ix_interactions_occurred_on", ["occurred_on"], unique=False)

    op.create_table(
        "favors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "given",
                "received",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column(
            "expectation",
            sa.Enum(
                "none",
                "implicit",
                "explicit",
                name="expectation",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("returns_favor_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("weight BETWEEN 1 AND 5", name=op.f("ck_favors_weight_range")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_favors_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["returns_favor_id"],
            ["favors.id"],
            name=op.f("fk_favors_returns_favor_id_favors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favors")),
    )
    with op.batch_alter_table("favors", schema=None) as batch_op:
        batch_op.create_index(
            "ix_favors_contact_direction", ["contact_id", "direction"], unique=False
        )
        batch_op.create_index(
            "ix_favors_contact_occurred", ["contact_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_favors_returns_favor_id"), ["returns_favor_id"], unique=False
        )

    op.create_table(
        "interaction_participants",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interaction_participants_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_participants_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "contact_id", name=op.f("pk_interaction_participants")
        ),
    )
    with op.batch_alter_table("interaction_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_participants_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "joint_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_joint_actions_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_actions")),
    )
    with op.batch_alter_table("joint_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_joint_actions_coalition_occurred", ["coalition_id", "occurred_on"], unique=False
        )

    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("prompt_rule", sa.String(length=64), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_journal_entries_coalition_id_coalitions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_journal_entries_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_journal_entries_coalition_written", ["coalition_id", "written_on"], unique=False
        )
        batch_op.create_index(
            "ix_journal_entries_contact_written", ["contact_id", "written_on"], unique=False
        )
        batch_op.create_index("ix_journal_entries_written_on", ["written_on"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("interest", sa.Text(), nullable=False),
        sa.Column("commitment", sa.Integer(), nullable=True),
        sa.Column(
            "knows_goal", sa.Boolean(name="knows_goal_bool", create_constraint=True), nullable=True
        ),
        sa.Column(
            "agrees_outcome",
            sa.Boolean(name="agrees_outcome_bool", create_constraint=True),
            nullable=True,
        ),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "commitment BETWEEN 1 AND 5", name=op.f("ck_memberships_commitment_range")
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_memberships_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_memberships_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("coalition_id", "contact_id", name="coalition_contact"),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "joint_action_participants",
        sa.Column("joint_action_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_joint_action_participants_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["joint_action_id"],
            ["joint_actions.id"],
            name=op.f("fk_joint_action_participants_joint_action_id_joint_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "joint_action_id", "contact_id", name=op.f("pk_joint_action_participants")
        ),
    )
    with op.batch_alter_table("joint_action_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_action_participants_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("joint_action_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_action_participants_contact_id"))

    op.drop_table("joint_action_participants")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_contact_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_entries_written_on")
        batch_op.drop_index("ix_journal_entries_contact_written")
        batch_op.drop_index("ix_journal_entries_coalition_written")

    op.drop_table("journal_entries")
    with op.batch_alter_table("joint_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_joint_actions_coalition_occurred")

    op.drop_table("joint_actions")
    with op.batch_alter_table("interaction_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_participants_contact_id"))

    op.drop_table("interaction_participants")
    with op.batch_alter_table("favors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_favors_returns_favor_id"))
        batch_op.drop_index("ix_favors_contact_occurred")
        batch_op.drop_index("ix_favors_contact_direction")

    op.drop_table("favors")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_occurred_on")

    op.drop_table("interactions")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_name")

    op.drop_table("contacts")
    op.drop_table("coalitions")
