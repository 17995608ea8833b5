"""Every kind of record, once: its model, table, CSV file and the words for it.

The lists that used to be kept in seven places (what the trash holds, what the
overview counts, the trash's labels and words, "there is no … with id", the
CSV tables) are read from here; `tests/test_kinds.py` checks the CSV files
against the CSV contract's own list. `ChangeKind` names what a `Changed` can
say was touched: every record kind and the few words that are not records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import InstrumentedAttribute

from app.core.models import (
    Coalition,
    Contact,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    Trashable,
)


class RecordKind(StrEnum):
    """A kind of record the user writes, trashes and restores (storage words)."""

    CONTACT = "contact"
    INTERACTION = "interaction"
    FAVOR = "favor"
    COALITION = "coalition"
    MEMBERSHIP = "membership"
    JOINT_ACTION = "joint_action"
    JOURNAL_ENTRY = "journal_entry"


class ChangeKind(StrEnum):
    """What a `Changed` says was touched: a record kind, or one of these. Members are
    strings, so `"favor" in result.kinds` and `ChangeKind.FAVOR in result.kinds` agree."""

    CONTACT = "contact"
    INTERACTION = "interaction"
    FAVOR = "favor"
    COALITION = "coalition"
    MEMBERSHIP = "membership"
    JOINT_ACTION = "joint_action"
    JOURNAL_ENTRY = "journal_entry"
    TRASH = "trash"  # something went into the trash, came back, or went for good
    PROMPT = "prompt"  # a question was raised, answered, snoozed, set aside or closed
    SETTINGS = "settings"  # the journal's own settings (thresholds, backups)
    ALL = "all"  # everything may have changed (another journal, an import)


@dataclass(frozen=True)
class Kind:
    """One record kind and everything said about it."""

    key: RecordKind
    model: type[Trashable]
    csv_file: str  # its file in a CSV export (docs/data-model.md)
    noun: str  # in a sentence: "there is no person with id 4"
    title: str  # before a trashed record's label: "Person: Maya"
    plural: str  # in counts: "people: 40"
    label: InstrumentedAttribute[str] | None  # what names one in the trash (None: worked out)


KINDS: tuple[Kind, ...] = (
    Kind(RecordKind.CONTACT, Contact, "contacts.csv", "person", "Person", "people", Contact.name),
    Kind(
        RecordKind.INTERACTION,
        Interaction,
        "interactions.csv",
        "moment",
        "Moment",
        "moments",
        Interaction.note,
    ),
    Kind(RecordKind.FAVOR, Favor, "favors.csv", "favor", "Favor", "favors", Favor.description),
    Kind(
        RecordKind.COALITION,
        Coalition,
        "coalitions.csv",
        "coalition",
        "Coalition",
        "coalitions",
        Coalition.name,
    ),
    # A membership is named by its member (the trash works that out).
    Kind(
        RecordKind.MEMBERSHIP,
        Membership,
        "memberships.csv",
        "membership",
        "Membership",
        "memberships",
        None,
    ),
    Kind(
        RecordKind.JOINT_ACTION,
        JointAction,
        "joint_actions.csv",
        "joint action",
        "Joint action",
        "joint actions",
        JointAction.description,
    ),
    # The window calls a journal entry a reflection (see the glossary).
    Kind(
        RecordKind.JOURNAL_ENTRY,
        JournalEntry,
        "journal.csv",
        "journal entry",
        "Reflection",
        "journal entries",
        JournalEntry.text,
    ),
)
BY_KEY: dict[str, Kind] = {kind.key.value: kind for kind in KINDS}
_BY_MODEL: dict[type[object], Kind] = {kind.model: kind for kind in KINDS}


def kind_of_model(model: type[object]) -> Kind | None:
    """The kind whose model `model` is (None for a record that is not one)."""
    return _BY_MODEL.get(model)
