"""person totals kept by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 22:40:00

Each person's favor and moment totals, kept exact by triggers on every write,
so that the People list and the reflection pass stop aggregating the whole
journal. The triggers are the contract: whoever writes (services, CSV import,
demo writer, a future migration), the totals follow.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# What one live favor adds to its person's totals (sign +1) or takes away (-1).
_FAVOR_DELTA = """
UPDATE person_totals SET
    favors_given = favors_given {sign} ({row}.direction = 'given'),
    favors_received = favors_received {sign} ({row}.direction = 'received'),
    weight_given = weight_given
        {sign} (CASE {row}.direction WHEN 'given' THEN {row}.weight ELSE 0 END),
    weight_received = weight_received
        {sign} (CASE {row}.direction WHEN 'received' THEN {row}.weight ELSE 0 END),
    ledger = ledger {sign} ({row}.expectation = 'explicit' OR {row}.returns_favor_id IS NOT NULL)
WHERE contact_id = {row}.contact_id AND {row}.deleted_at IS NULL;
"""

_ENSURE_ROW = "INSERT OR IGNORE INTO person_totals (contact_id) VALUES ({row}.contact_id);"

# A favor moved to another person may be that person's first. Not INSERT OR
# IGNORE: the update also runs as the foreign-key action that clears a repaid
# favor's link (ON DELETE SET NULL), where SQLite aborts on any conflict
# whatever the statement says, and the person may be going away in the same
# delete; their favor keeps its person then, so nothing is inserted.
_ENSURE_MOVED_ROW = """
INSERT INTO person_totals (contact_id)
SELECT NEW.contact_id WHERE NEW.contact_id IS NOT OLD.contact_id
  AND NOT EXISTS (SELECT 1 FROM person_totals WHERE contact_id = NEW.contact_id);
"""

# A person's latest live moment, looked up again when one may have gone away.
_LAST_MOMENT = """
(SELECT max(i.occurred_on) FROM interaction_participants p
 JOIN interactions i ON i.id = p.interaction_id
 WHERE p.contact_id = {contact} AND i.deleted_at IS NULL)
"""

# A participant row joins (+1) or leaves (-1) a live moment.
_PARTICIPANT_ADDED = """
UPDATE person_totals SET
    moments = moments + 1,
    warmth_total = warmth_total + coalesce(i.warmth, 0),
    warmth_rated = warmth_rated + (i.warmth IS NOT NULL),
    last_moment_on = CASE WHEN last_moment_on IS NULL OR i.occurred_on > last_moment_on
                          THEN i.occurred_on ELSE last_moment_on END
FROM (SELECT warmth, occurred_on FROM interactions
      WHERE id = NEW.interaction_id AND deleted_at IS NULL) AS i
WHERE contact_id = NEW.contact_id;
"""

_PARTICIPANT_REMOVED = f"""
UPDATE person_totals SET
    moments = moments - 1,
    warmth_total = warmth_total - coalesce(i.warmth, 0),
    warmth_rated = warmth_rated - (i.warmth IS NOT NULL),
    last_moment_on = {_LAST_MOMENT.format(contact="OLD.contact_id")}
FROM (SELECT warmth FROM interactions
      WHERE id = OLD.interaction_id AND deleted_at IS NULL) AS i
WHERE contact_id = OLD.contact_id;
"""

TRIGGERS = {
    "tr_contacts_totals_insert": """
        AFTER INSERT ON contacts BEGIN
            INSERT OR IGNORE INTO person_totals (contact_id) VALUES (NEW.id);
        END""",
    "tr_favors_totals_insert": f"""
        AFTER INSERT ON favors WHEN NEW.deleted_at IS NULL BEGIN
            {_ENSURE_ROW.format(row="NEW")}
            {_FAVOR_DELTA.format(sign="+", row="NEW")}
        END""",
    "tr_favors_totals_delete": f"""
        AFTER DELETE ON favors WHEN OLD.deleted_at IS NULL BEGIN
            {_FAVOR_DELTA.format(sign="-", row="OLD")}
        END""",
    # Also fires for ON DELETE SET NULL of returns_favor_id (foreign key actions
    # are carried out as updates).
    "tr_favors_totals_update": f"""
        AFTER UPDATE OF contact_id, direction, weight, expectation, returns_favor_id, deleted_at
        ON favors BEGIN
            {_FAVOR_DELTA.format(sign="-", row="OLD")}
            {_ENSURE_MOVED_ROW}
            {_FAVOR_DELTA.format(sign="+", row="NEW")}
        END""",
    # Participants written before their moment (the CSV import does) count now.
    "tr_interactions_totals_insert": """
        AFTER INSERT ON interactions WHEN NEW.deleted_at IS NULL BEGIN
            UPDATE person_totals SET
                moments = moments + 1,
                warmth_total = warmth_total + coalesce(NEW.warmth, 0),
                warmth_rated = warmth_rated + (NEW.warmth IS NOT NULL),
                last_moment_on = CASE
                    WHEN last_moment_on IS NULL OR NEW.occurred_on > last_moment_on
                    THEN NEW.occurred_on ELSE last_moment_on END
            WHERE contact_id IN
                (SELECT contact_id FROM interaction_participants WHERE interaction_id = NEW.id);
        END""",
    "tr_interactions_totals_update": f"""
        AFTER UPDATE OF occurred_on, warmth, deleted_at ON interactions BEGIN
            UPDATE person_totals SET
                moments = moments - (OLD.deleted_at IS NULL) + (NEW.deleted_at IS NULL),
                warmth_total = warmth_total
                    - (CASE WHEN OLD.deleted_at IS NULL THEN coalesce(OLD.warmth, 0) ELSE 0 END)
                    + (CASE WHEN NEW.deleted_at IS NULL THEN coalesce(NEW.warmth, 0) ELSE 0 END),
                warmth_rated = warmth_rated
                    - (OLD.deleted_at IS NULL AND OLD.warmth IS NOT NULL)
                    + (NEW.deleted_at IS NULL AND NEW.warmth IS NOT NULL),
                last_moment_on = {_LAST_MOMENT.format(contact="person_totals.contact_id")}
            WHERE contact_id IN
                (SELECT contact_id FROM interaction_participants WHERE interaction_id = NEW.id);
        END""",
    # The participants go first, one by one, while the moment is still there to
    # say what they take away; the foreign key's cascade then finds none left.
    "tr_interactions_totals_delete": """
        BEFORE DELETE ON interactions BEGIN
            DELETE FROM interaction_participants WHERE interaction_id = OLD.id;
        END""",
    "tr_participants_totals_insert": f"""
        AFTER INSERT ON interaction_participants BEGIN
            {_ENSURE_ROW.format(row="NEW")}
            {_PARTICIPANT_ADDED}
        END""",
    "tr_participants_totals_delete": f"""
        AFTER DELETE ON interaction_participants BEGIN
            {_PARTICIPANT_REMOVED}
        END""",
    "tr_participants_totals_update": f"""
        AFTER UPDATE ON interaction_participants BEGIN
            {_PARTICIPANT_REMOVED}
            {_ENSURE_ROW.format(row="NEW")}
            {_PARTICIPANT_ADDED}
        END""",
}

# The totals from scratch, for every person (triggers keep them from then on).
REBUILD = [
    "DELETE FROM person_totals",
    "INSERT INTO person_totals (contact_id) SELECT id FROM contacts",
    """
    UPDATE person_totals SET
        favors_given = f.favors_given, favors_received = f.favors_received,
        weight_given = f.weight_given, weight_received = f.weight_received, ledger = f.ledger
    FROM (SELECT contact_id,
                 sum(direction = 'given') AS favors_given,
                 sum(direction = 'received') AS favors_received,
                 total(CASE direction WHEN 'given' THEN weight END) AS weight_given,
                 total(CASE direction WHEN 'received' THEN weight END) AS weight_received,
                 sum(expectation = 'explicit' OR returns_favor_id IS NOT NULL) AS ledger
          FROM favors WHERE deleted_at IS NULL GROUP BY contact_id) AS f
    WHERE f.contact_id = person_totals.contact_id
    """,
    """
    UPDATE person_totals SET
        moments = m.moments, warmth_total = m.warmth_total,
        warmth_rated = m.warmth_rated, last_moment_on = m.last_moment_on
    FROM (SELECT p.contact_id, count(*) AS moments, total(i.warmth) AS warmth_total,
                 count(i.warmth) AS warmth_rated, max(i.occurred_on) AS last_moment_on
          FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
          WHERE i.deleted_at IS NULL GROUP BY +p.contact_id) AS m
    WHERE m.contact_id = person_totals.contact_id
    """,
]


def upgrade() -> None:
    op.create_index("ix_favors_occurred_on", "favors", ["occurred_on"], unique=False)
    op.create_table(
        "person_totals",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("favors_given", sa.Integer(), server_default="0", nullable=False),
        sa.Column("favors_received", sa.Integer(), server_default="0", nullable=False),
        sa.Column("weight_given", sa.Integer(), server_default="0", nullable=False),
        sa.Column("weight_received", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ledger", sa.Integer(), server_default="0", nullable=False),
        sa.Column("moments", sa.Integer(), server_default="0", nullable=False),
        sa.Column("warmth_total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("warmth_rated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_moment_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_person_totals_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_person_totals")),
    )
    for statement in REBUILD:
        op.execute(statement)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("person_totals")
    op.drop_index("ix_favors_occurred_on", table_name="favors")
