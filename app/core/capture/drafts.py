"""Drafts: moments read from the user's own exports, matched to people, written once reviewed.

A `Draft` is a day, the other people, a kind and a count ("23 messages"): never
the words, unless the user asks to keep them as the note. Reading an export
gives drafts (`exports.read_export`); `plan` matches their names to the journal and
marks the ones the journal already holds; the review (window or CLI) settles
each name and row; `write` saves the accepted ones in one transaction.

Idempotent without a table of its own: a draft's key is the moment it would
become (its day, its kind and its people), so importing the same file again, or
a later export that overlaps it, adds only days the journal does not have yet.
The key is the record itself, so it survives a CSV export and import unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from app.core import clock
from app.core.capture.people_match import AMBIGUOUS, MATCHED, PeopleIndex, PersonMatch, fold
from app.core.changes import Changed, changed
from app.core.enums import Initiator, InteractionKind, Tie
from app.core.errors import OperationCancelledError
from app.core.models import Contact, Interaction, Setting, interaction_participants
from app.core.store import Journal

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]
ADD, SKIP = "add", "skip"
_TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Party:
    """Someone a draft is with, as the export names them (and their address, for mail)."""

    name: str
    address: str = ""

    @property
    def key(self) -> str:
        return self.address.casefold() if self.address else fold(self.name)

    def shown(self) -> str:
        if self.address and self.name and fold(self.name) != self.address.casefold():
            return f"{self.name} <{self.address}>"
        return self.name or self.address


@dataclass(frozen=True)
class Draft:
    """One moment an export suggests: `count` messages or events on `day` with `parties`."""

    day: dt.date
    parties: tuple[Party, ...]
    kind: InteractionKind
    source: str  # "WhatsApp", "Telegram", "calendar", "mail"
    count: int
    unit: str  # "message" or "event"
    initiated_by: Initiator | None = None
    text: str = ""

    @property
    def label(self) -> str:
        return f"{self.count} {self.source} {self.unit}{'' if self.count == 1 else 's'}"

    @property
    def source_key(self) -> str:
        """Stable across exports: the day, the kind and who (README, "Import moments")."""
        people = "+".join(sorted(p.key for p in self.parties))
        return f"{self.kind.value}:{self.day.isoformat()}:{people}"


def add_text(kept: list[str], size: list[int], line: str) -> None:
    """Keep `line` of a draft's words, up to a limit (only when the user asked for them)."""
    if size[0] < _TEXT_LIMIT:
        kept.append(line[: _TEXT_LIMIT - size[0]])
        size[0] += len(line) + 1


@dataclass
class DraftPlan:
    """Drafts with their people matched; the review changes `decisions` and `accepted`.

    `decisions` maps a party's key to a contact id, ADD (a new person) or SKIP.
    `already[i]` is True when the journal holds draft i's moment already.
    """

    file: str
    drafts: list[Draft]
    matches: dict[str, PersonMatch]
    parties: dict[str, Party]
    decisions: dict[str, int | str]
    accepted: list[bool]
    already: list[bool]
    skipped_lines: int = 0

    def people_of(self, draft: Draft) -> tuple[int | str, ...]:
        """The contact ids (or party keys to add) a draft would be written with."""
        found: list[int | str] = []
        for party in draft.parties:
            decision = self.decisions.get(party.key, SKIP)
            if decision == ADD:
                found.append(party.key)
            elif isinstance(decision, int):
                found.append(decision)
        return tuple(dict.fromkeys(found))

    def to_write(self) -> list[int]:
        """Indexes of the drafts that would be written now."""
        return [
            i
            for i, draft in enumerate(self.drafts)
            if self.accepted[i] and not self.already[i] and self.people_of(draft)
        ]

    def summary(self) -> str:
        """ "412 moments with 37 people; 9 names not matched" and what is already there."""
        rows = self.to_write()
        people = {p for i in rows for p in self.people_of(self.drafts[i])}
        unmatched = sum(1 for d in self.decisions.values() if d == SKIP)
        text = f"{_n(len(rows), 'moment')} with {_n(len(people), 'person', 'people')}"
        if unmatched:
            text += f"; {_n(unmatched, 'name')} not matched"
        old = sum(self.already)
        if old:
            text += f"; {old} already in the journal"
        return text

    def lines(self, limit: int = 50) -> list[str]:
        """The drafts as lines for a terminal (the first `limit`), then the summary."""
        shown = []
        for i, draft in enumerate(self.drafts[:limit]):
            who = ", ".join(self._who(p) for p in draft.parties)
            mark = " (already in the journal)" if self.already[i] else ""
            shown.append(
                f"{draft.day.isoformat()}  {draft.kind.value:<11} {draft.label:<22} {who}{mark}"
            )
        if len(self.drafts) > limit:
            shown.append(f"... and {len(self.drafts) - limit} more drafts")
        for key, match in self.matches.items():
            if self.decisions.get(key) == SKIP and match.sentence():
                shown.append(f"not matched: {self.parties[key].shown()}: {match.sentence()}")
        shown.append(f"{self.file}: {self.summary()}")
        return shown

    def _who(self, party: Party) -> str:
        decision = self.decisions.get(party.key, SKIP)
        if isinstance(decision, int):
            return self.matches[party.key].name if party.key in self.matches else party.shown()
        return f"{party.shown()} [{'new' if decision == ADD else 'skip'}]"

    def as_dict(self) -> dict[str, Any]:
        """The plan as plain JSON values (`--dry-run --json`)."""
        return {
            "file": self.file,
            "summary": self.summary(),
            "drafts": [
                {
                    "occurred_on": d.day.isoformat(),
                    "kind": d.kind.value,
                    "source": d.source,
                    "count": d.count,
                    "initiated_by": d.initiated_by.value if d.initiated_by else None,
                    "people": [
                        {"name": p.name, "address": p.address, "decision": self.decisions[p.key]}
                        for p in d.parties
                    ],
                    "source_key": d.source_key,
                    "already_in_journal": self.already[i],
                    "will_write": i in set(self.to_write()),
                }
                for i, d in enumerate(self.drafts)
            ],
            "people": [
                {
                    "name": self.parties[key].shown(),
                    "status": match.status,
                    "decision": self.decisions[key],
                    "candidates": [{"id": c, "name": n} for c, n in match.candidates],
                }
                for key, match in self.matches.items()
            ],
        }


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def plan(
    journal: Journal, drafts: Iterable[Draft], *, file: str = "", add_people: bool = False
) -> DraftPlan:
    """Match each draft's people to the journal and mark what it already holds.

    A name that fits one person is matched; an unknown one is added with
    `add_people`, else skipped; an ambiguous one is skipped (the review may pick).
    """
    found = sorted(drafts, key=lambda d: (d.day, d.source_key))
    index = PeopleIndex.load(journal)
    matches: dict[str, PersonMatch] = {}
    parties: dict[str, Party] = {}
    decisions: dict[str, int | str] = {}
    for draft in found:
        for party in draft.parties:
            if party.key in matches:
                continue
            match = index.match(party.name, party.address)
            parties[party.key] = party
            matches[party.key] = match
            if match.status == MATCHED and match.contact_id is not None:
                decisions[party.key] = match.contact_id
            elif match.status != AMBIGUOUS and add_people:
                decisions[party.key] = ADD
            else:
                decisions[party.key] = SKIP
    result = DraftPlan(
        file,
        found,
        matches,
        parties,
        decisions,
        [True] * len(found),
        [False] * len(found),
    )
    result.already = _already(journal, result)
    return result


def _already(journal: Journal, plan: DraftPlan) -> list[bool]:
    """Which drafts' moments the journal holds: same day, kind and (matched) people."""
    if not plan.drafts:
        return []
    first, last = plan.drafts[0].day, plan.drafts[-1].day
    kinds = {d.kind for d in plan.drafts}
    ip = interaction_participants
    statement = (
        select(Interaction.id, Interaction.occurred_on, Interaction.kind, ip.c.contact_id)
        .join(ip, ip.c.interaction_id == Interaction.id)
        .where(
            Interaction.deleted_at.is_(None),
            Interaction.occurred_on.between(first, last),
            Interaction.kind.in_(kinds),
        )
    )
    held: dict[int, tuple[dt.date, InteractionKind, set[int]]] = {}
    with journal.session() as session:
        for moment_id, day, kind, contact_id in session.execute(statement):
            held.setdefault(moment_id, (day, kind, set()))[2].add(contact_id)
    keys = {(day, kind, frozenset(people)) for day, kind, people in held.values()}
    answer = []
    for draft in plan.drafts:
        ids = [p for p in plan.people_of(draft) if isinstance(p, int)]
        whole = len(ids) == len(plan.people_of(draft))
        answer.append(whole and bool(ids) and (draft.day, draft.kind, frozenset(ids)) in keys)
    return answer


@dataclass(frozen=True)
class Written:
    """What `write` added: the moments and the new people (for undo), and a sentence."""

    changed: Changed
    moment_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    summary: str


def write(
    journal: Journal,
    plan: DraftPlan,
    *,
    keep_text: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Written:
    """Write the accepted drafts in one transaction (Cancel rolls all of it back).

    The note is the count ("23 WhatsApp messages"); the words are added only with
    `keep_text`. New people get the tie "other" and the name the export gave.
    """
    rows = plan.to_write()
    now = clock.now_utc()
    new_people: dict[str, int] = {}
    moment_ids: list[int] = []
    touched: set[int] = set()
    with journal.session() as session:
        for number, i in enumerate(rows):
            if cancelled is not None and number % 100 == 0 and cancelled():
                raise OperationCancelledError("The import was cancelled; nothing was written.")
            draft = plan.drafts[i]
            ids: list[int] = []
            for person in plan.people_of(draft):
                if isinstance(person, str):
                    if person not in new_people:
                        party = plan.parties[person]
                        contact = Contact(
                            name=(party.name or party.address)[:200],
                            tie=Tie.OTHER,
                            email=party.address,
                            created_at=now,
                        )
                        session.add(contact)
                        session.flush()
                        new_people[person] = contact.id
                    ids.append(new_people[person])
                else:
                    ids.append(person)
            ids = list(dict.fromkeys(ids))
            note = draft.label + (f"\n\n{draft.text}" if keep_text and draft.text else "")
            moment_id = session.scalar(
                insert(Interaction)
                .values(
                    occurred_on=draft.day,
                    kind=draft.kind,
                    initiated_by=draft.initiated_by,
                    note=note,
                )
                .returning(Interaction.id)
            )
            assert moment_id is not None
            session.execute(
                insert(interaction_participants),
                [{"interaction_id": moment_id, "contact_id": cid} for cid in ids],
            )
            moment_ids.append(int(moment_id))
            touched.update(ids)
            if progress is not None and number % 200 == 0:
                progress(number / max(len(rows), 1))
    if progress is not None:
        progress(1.0)
    summary = (
        f"Imported {_n(len(moment_ids), 'moment')} with {_n(len(touched), 'person', 'people')}"
    )
    if new_people:
        summary += f" ({_n(len(new_people), 'new person', 'new people')})"
    result = changed("interaction", "contact", contacts=touched)
    return Written(result, tuple(moment_ids), tuple(new_people.values()), summary + ".")


def undo_write(journal: Journal, written: Written) -> Changed:
    """Move what one import wrote to the trash, in one transaction (it can be restored)."""
    now = clock.now_utc()
    with journal.session() as session:
        for start in range(0, len(written.moment_ids), 500):
            chunk = written.moment_ids[start : start + 500]
            session.execute(
                update(Interaction)
                .where(Interaction.id.in_(chunk), Interaction.deleted_at.is_(None))
                .values(deleted_at=now)
            )
        if written.contact_ids:
            session.execute(
                update(Contact)
                .where(Contact.id.in_(written.contact_ids), Contact.deleted_at.is_(None))
                .values(deleted_at=now)
            )
    return changed("interaction", "contact", "trash", contacts=set(written.changed.contact_ids))


# ---- which sender is me ------------------------------------------------------------------

_ME_KEY = "capture.me."


def remembered_me(journal: Journal, source: str) -> str | None:
    """The name (chat) or address (mail, calendar) the user said was theirs, if any."""
    with journal.session() as session:
        row = session.get(Setting, _ME_KEY + source)
        if row is None:
            return None
        try:
            value = json.loads(row.value)
        except ValueError:
            return None
    return value if isinstance(value, str) and value.strip() else None


def remember_me(journal: Journal, source: str, me: str) -> Changed:
    """Remember, in the journal's settings, which sender or address is the user's."""
    with journal.session() as session:
        row = session.get(Setting, _ME_KEY + source)
        if row is None:
            session.add(Setting(key=_ME_KEY + source, value=json.dumps(me)))
        else:
            row.value = json.dumps(me)
    return changed("settings")
