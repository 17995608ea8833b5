"""When a record being merged from a Kith CSV export is one the journal already has.

Re-importing Kith's own export must not double the journal. The rule (documented
in the README): a record is already there when the journal holds a live one of its
kind with
- a coalition: the same name (compared as people's names are, see `matching`);
- a moment: the same day, the same people, the same kind and the same note;
- a favor: the same person, way, day and description;
- a membership: the same coalition and person;
- a joint action: the same coalition, day and description;
- a journal entry: the same day, text, person and coalition.
Text is compared with its runs of spaces made one. A record that is there but
differs in its other details (a moment's warmth, a favor's weight) is conflicting:
the journal's version is kept, and the preview counts it. References to a record
already there (a favor that repays it, a member of that coalition) go to the
journal's record.

A record that names someone the import adds cannot be there yet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.core.csvio import format as f
from app.core.csvio.kith_scan import Scan
from app.core.csvio.matching import name_key
from app.core.models import (
    Coalition,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    interaction_participants,
    joint_action_participants,
)

NEW, THERE, CONFLICTING = "new", "already there", "conflicting"

# The journal id of a person (or coalition) of the files; None: added by this import.
Lookup = Callable[[int], int | None]


def text_key(text: str | None) -> str:
    """Text as compared: NFC, runs of spaces made one, no surrounding space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@dataclass
class Tally:
    """How many records of one file are new, already there, or conflicting."""

    new: int = 0
    there: int = 0
    conflicting: int = 0

    def count(self, verdict: str) -> None:
        if verdict == NEW:
            self.new += 1
        elif verdict == THERE:
            self.there += 1
        else:
            self.conflicting += 1


class KnownRecords:
    """The journal's live records, by what tells them apart (loaded once per import)."""

    def __init__(self, connection: Connection) -> None:
        self.coalitions: dict[str, int] = {}
        for cid, name in connection.execute(
            select(Coalition.id, Coalition.name)
            .where(Coalition.deleted_at.is_(None))
            .order_by(Coalition.id)
        ):
            self.coalitions.setdefault(name_key(name), cid)
        self._records: dict[str, dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]] = {
            name: {} for name in (f.INTERACTIONS.name, f.FAVORS.name, f.JOINT_ACTIONS.name)
        }
        self._records[f.JOURNAL.name] = {}
        moment_people = _people(connection, interaction_participants, "interaction_id")
        for row in connection.execute(
            select(
                Interaction.id,
                Interaction.occurred_on,
                Interaction.kind,
                Interaction.note,
                Interaction.warmth,
                Interaction.initiated_by,
            ).where(Interaction.deleted_at.is_(None))
        ):
            people = moment_people.get(row[0], frozenset())
            key: tuple[Any, ...] = (str(row[1]), people, str(row[2]), text_key(row[3]))
            self._keep(f.INTERACTIONS.name, key, row[0], (row[4], row[5]))
        for fav in connection.execute(
            select(
                Favor.id,
                Favor.contact_id,
                Favor.direction,
                Favor.occurred_on,
                Favor.description,
                Favor.weight,
                Favor.expectation,
            ).where(Favor.deleted_at.is_(None))
        ):
            key = (fav[1], str(fav[2]), str(fav[3]), text_key(fav[4]))
            self._keep(f.FAVORS.name, key, fav[0], (fav[5], str(fav[6])))
        action_people = _people(connection, joint_action_participants, "joint_action_id")
        for act in connection.execute(
            select(
                JointAction.id,
                JointAction.coalition_id,
                JointAction.occurred_on,
                JointAction.description,
                JointAction.outcome,
            ).where(JointAction.deleted_at.is_(None))
        ):
            key = (act[1], str(act[2]), text_key(act[3]))
            details = (text_key(act[4]), action_people.get(act[0], frozenset()))
            self._keep(f.JOINT_ACTIONS.name, key, act[0], details)
        for entry in connection.execute(
            select(
                JournalEntry.id,
                JournalEntry.written_on,
                JournalEntry.text,
                JournalEntry.contact_id,
                JournalEntry.coalition_id,
                JournalEntry.prompt_rule,
            ).where(JournalEntry.deleted_at.is_(None))
        ):
            key = (str(entry[1]), text_key(entry[2]), entry[3], entry[4])
            self._keep(f.JOURNAL.name, key, entry[0], (entry[5] or None,))
        # Trashed ones too: a person is in a coalition once, trash or not.
        self.memberships = {
            (row[0], row[1])
            for row in connection.execute(select(Membership.coalition_id, Membership.contact_id))
        }

    def _keep(self, name: str, key: tuple[Any, ...], rid: int, details: tuple[Any, ...]) -> None:
        self._records[name].setdefault(key, (rid, details))

    def coalition(self, name: str) -> int | None:
        """The journal's coalition of that name, if any."""
        return self.coalitions.get(name_key(name))

    def verdict(
        self, spec: f.CsvFile, values: list[Any], person: Lookup, coalition: Lookup
    ) -> tuple[str, int | None]:
        """Whether the record of `spec`'s file with these stored `values` is NEW, THERE
        or CONFLICTING, and the id of the journal's record when it is not new."""
        name = spec.name
        if name == f.COALITIONS.name:
            found = self.coalition(values[1])
            return (NEW, None) if found is None else (THERE, found)
        if name == f.MEMBERSHIPS.name:
            pair = (coalition(values[0]), person(values[1]))
            return (THERE, None) if pair in self.memberships else (NEW, None)
        if name == f.INTERACTIONS.name:
            people = _all(person, values[-1])
            if people is None:
                return NEW, None
            key: tuple[Any, ...] = (str(values[1]), people, str(values[2]), text_key(values[5]))
            details: tuple[Any, ...] = (values[3], values[4])
        elif name == f.FAVORS.name:
            who = person(values[1])
            if who is None:
                return NEW, None
            key = (who, str(values[2]), str(values[3]), text_key(values[4]))
            details = (values[5], str(values[6]))
        elif name == f.JOINT_ACTIONS.name:
            group, people = coalition(values[1]), _all(person, values[-1])
            if group is None or people is None:
                return NEW, None
            key = (group, str(values[2]), text_key(values[3]))
            details = (text_key(values[4]), people)
        elif name == f.JOURNAL.name:
            who = None if values[3] is None else person(values[3])
            group = None if values[4] is None else coalition(values[4])
            if (values[3] is not None and who is None) or (values[4] is not None and group is None):
                return NEW, None
            key = (str(values[1]), text_key(values[2]), who, group)
            details = (values[5] or None,)
        else:
            return NEW, None
        known = self._records[name].get(key)
        if known is None:
            return NEW, None
        return (THERE if known[1] == details else CONFLICTING), known[0]


def _all(person: Lookup, ids: Iterable[int]) -> frozenset[int] | None:
    found = [person(i) for i in ids]
    return None if any(p is None for p in found) else frozenset(p for p in found if p)


def _people(connection: Connection, table: Any, column: str) -> dict[int, frozenset[int]]:
    by_record: dict[int, set[int]] = {}
    for record, contact in connection.execute(select(table.c[column], table.c.contact_id)):
        by_record.setdefault(record, set()).add(contact)
    return {record: frozenset(people) for record, people in by_record.items()}


def tally(scan: Scan, connection: Connection) -> dict[str, Tally]:
    """For a checked merge: how many records of each file are new, already in the
    journal, or conflicting with what it has (people are counted by the scan)."""
    known = KnownRecords(connection)
    contacts = scan.ids[f.CONTACTS.name]
    groups: dict[int, int | None] = {}

    def person(record_id: int) -> int | None:
        position = contacts.position(record_id)
        return (scan.existing[position] or None) if position >= 0 else None

    def coalition(record_id: int) -> int | None:
        return groups.get(record_id)

    counts: dict[str, Tally] = {}
    done = scan.done_bytes
    for spec in f.IMPORTED[1:]:
        counts[spec.name] = Tally()
        for _line, _cells, values in scan.records(spec, 0.0, 0.0, checked=True):
            if values is None:
                continue
            verdict, found = known.verdict(spec, values, person, coalition)
            if spec is f.COALITIONS:
                groups[values[0]] = found
            counts[spec.name].count(verdict)
    scan.done_bytes = done
    return counts
