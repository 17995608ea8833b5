"""Where each file of an export lives in the journal: its table, and its participants' table."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from app.core.csvio import format as f
from app.core.models import (
    Base,
    Coalition,
    Contact,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    interaction_participants,
    joint_action_participants,
)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# By file name, in the order an import reads the files.
TABLES: dict[str, Table] = {
    f.CONTACTS.name: _table(Contact),
    f.COALITIONS.name: _table(Coalition),
    f.INTERACTIONS.name: _table(Interaction),
    f.FAVORS.name: _table(Favor),
    f.MEMBERSHIPS.name: _table(Membership),
    f.JOINT_ACTIONS.name: _table(JointAction),
    f.JOURNAL.name: _table(JournalEntry),
}
# The files whose `contact_ids` column fills a table of participants.
PARTICIPANTS: dict[str, Table] = {
    f.INTERACTIONS.name: interaction_participants,
    f.JOINT_ACTIONS.name: joint_action_participants,
}


def stored_columns(spec: f.CsvFile) -> tuple[str, ...]:
    """The columns of `spec` that are columns of its table (all but `contact_ids`)."""
    return tuple(column for column in spec.columns if column != "contact_ids")
