"""Where each file of an export lives in the journal: its table, and its participants' table."""

from __future__ import annotations

from sqlalchemy import Table

from app.core.csvio import format as f
from app.core.models import (
    Coalition,
    Contact,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    interaction_participants,
    joint_action_participants,
    table_of,
)

# By file name, in the order an import reads the files.
TABLES: dict[str, Table] = {
    f.CONTACTS.name: table_of(Contact),
    f.COALITIONS.name: table_of(Coalition),
    f.INTERACTIONS.name: table_of(Interaction),
    f.FAVORS.name: table_of(Favor),
    f.MEMBERSHIPS.name: table_of(Membership),
    f.JOINT_ACTIONS.name: table_of(JointAction),
    f.JOURNAL.name: table_of(JournalEntry),
}
# The files whose `contact_ids` column fills a table of participants.
PARTICIPANTS: dict[str, Table] = {
    f.INTERACTIONS.name: interaction_participants,
    f.JOINT_ACTIONS.name: joint_action_participants,
}


def stored_columns(spec: f.CsvFile) -> tuple[str, ...]:
    """The columns of `spec` that are columns of its table (all but `contact_ids`)."""
    return tuple(column for column in spec.columns if column != "contact_ids")
