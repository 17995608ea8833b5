"""Bringing in people from a vCard file or a Google/Outlook CSV export.

`preview_people` reads the file and says, person by person, what importing
would do: add them (`new`), leave them because they are already in the journal
(`matches`, by the rule of `matching`), or leave them out (`skipped`, with the
reason: no name, a value Kith cannot hold, the same person earlier in the
file). `import_people` then adds the new ones in one transaction, judging
again against the journal as it is at that moment. Only people are imported;
a matched person's details are left as they are.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError

from app.core import clock
from app.core.changes import Changed, changed
from app.core.csvio import format as f
from app.core.csvio.bulk import Batches
from app.core.csvio.contacts_csv import read_contacts_csv
from app.core.csvio.matching import PersonMatcher, journal_matcher
from app.core.csvio.people_sources import IncomingPerson, read_vcards
from app.core.csvio.tables import TABLES
from app.core.enums import Tie
from app.core.errors import OperationCancelledError, ValidationError, access_error
from app.core.records import ContactFields
from app.core.services.contacts import clean_contact
from app.core.store import Journal

NEW, MATCHES, SKIPPED = "new", "matches", "skipped"
VCARD = "vCard"
_COLUMNS = f.CONTACTS.columns[1:]  # all but the id, which SQLite gives

__all__ = [
    "MATCHES",
    "NEW",
    "SKIPPED",
    "IncomingPerson",
    "PeopleImportSummary",
    "PeoplePreview",
    "PersonVerdict",
    "import_people",
    "preview_people",
    "read_people",
]


@dataclass(frozen=True)
class PersonVerdict:
    """What importing would do with one person: NEW, MATCHES or SKIPPED."""

    person: IncomingPerson
    status: str
    existing_id: int | None = None  # MATCHES: who they are in the journal
    existing_name: str | None = None
    reason: str = ""  # SKIPPED: why


@dataclass(frozen=True)
class PeoplePreview:
    """A file's people, each with its verdict, before anything is written."""

    source: Path
    kind: str  # "vCard", "Google Contacts CSV" or "Outlook CSV"
    people: tuple[PersonVerdict, ...]

    def count(self, status: str) -> int:
        """How many people have the verdict `status` (NEW, MATCHES or SKIPPED)."""
        return sum(1 for verdict in self.people if verdict.status == status)

    def lines(self, limit: int = 50) -> list[str]:
        """A summary line, then one line per match or skip (up to `limit`)."""
        lines = [
            f"{self.source} ({self.kind}): {len(self.people)} people, {self.count(NEW)} new, "
            f"{self.count(MATCHES)} already in the journal, {self.count(SKIPPED)} skipped"
        ]
        notable = [v for v in self.people if v.status != NEW or v.person.notes_of_reading]
        for verdict in notable[:limit]:
            lines.append(f"  line {verdict.person.line}: {_describe(verdict)}")
        if len(notable) > limit:
            lines.append(f"  ... and {len(notable) - limit} more")
        return lines


@dataclass(frozen=True)
class PeopleImportSummary:
    """What `import_people` did; `changed` is for the window's change bus."""

    added: int
    matched: int
    skipped: int
    seconds: float
    changed: Changed

    def __str__(self) -> str:
        return (
            f"added {self.added} people ({self.matched} already in the journal, "
            f"{self.skipped} skipped) in {self.seconds:.1f} s"
        )


def _describe(verdict: PersonVerdict) -> str:
    name = verdict.person.name or "(no name)"
    if verdict.status == MATCHES:
        known = f"{verdict.existing_name} (id {verdict.existing_id})"
        text = f"{name} is already in the journal as {known}"
    elif verdict.status == SKIPPED:
        text = f"{name} skipped: {verdict.reason}"
    else:
        text = f"{name} new"
    if verdict.person.notes_of_reading:
        text += f" ({'; '.join(verdict.person.notes_of_reading)})"
    return text


def read_people(path: Path, kind: str | None = None) -> tuple[str, list[IncomingPerson]]:
    """The people in a vCard (`kind` "vcard") or Google/Outlook CSV (`kind` "csv") file.

    With no `kind`, a file that starts like a vCard is one, anything else a CSV.
    Raises PeopleImportError with a sentence when the file cannot be read.
    """
    path = Path(path)
    if kind is None:
        try:
            with path.open("rb") as file:
                kind = "vcard" if b"BEGIN:VCARD" in file.read(4096).upper() else "csv"
        except OSError:
            kind = "csv"  # the reader says what is wrong with it
    if kind == "vcard":
        return VCARD, read_vcards(path)
    return read_contacts_csv(path)


def preview_people(journal: Journal | None, path: Path, kind: str | None = None) -> PeoplePreview:
    """Read `path` and judge each person against `journal` (None: an empty journal)."""
    found, people = read_people(path, kind)
    matcher = None
    if journal is not None:
        with journal.engine.connect() as connection:
            matcher = journal_matcher(connection)
    return PeoplePreview(Path(path), found, tuple(_judge(matcher, people)))


def import_people(
    journal: Journal,
    preview: PeoplePreview,
    *,
    tie: Tie | str = Tie.OTHER,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PeopleImportSummary:
    """Add the people of `preview` who are new, all in one transaction.

    Each person is judged again against the journal as it is now, so someone
    added since the preview is matched, not duplicated. New people get `tie`.
    """
    started = time.perf_counter()
    report = progress or (lambda _fraction: None)
    report(0.0)
    tie = Tie(tie)
    try:
        with journal.engine.connect() as connection, connection.begin():
            verdicts = _judge(journal_matcher(connection), [v.person for v in preview.people])
            new = [v.person for v in verdicts if v.status == NEW]
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            rows = Batches(cursor, TABLES[f.CONTACTS.name], _COLUMNS)
            now = f.stored_timestamp(clock.now_utc())
            for number, p in enumerate(new, 1):
                row = (p.name, tie.value, "", p.email, p.phone, p.organization, p.birthday)
                rows.add((*row, None, p.notes, now))
                if number % 1000 == 0:
                    if cancelled is not None and cancelled():
                        raise OperationCancelledError("The import was cancelled; nobody was added.")
                    report(number / len(new))
            rows.flush()
            cursor.close()
    except (OperationalError, sqlite3.OperationalError) as error:
        raise access_error(journal.path, error, "nobody was added") from error
    report(1.0)
    return PeopleImportSummary(
        added=len(new),
        matched=sum(1 for v in verdicts if v.status == MATCHES),
        skipped=sum(1 for v in verdicts if v.status == SKIPPED),
        seconds=time.perf_counter() - started,
        changed=changed("contact"),
    )


def _judge(matcher: PersonMatcher | None, people: Sequence[IncomingPerson]) -> list[PersonVerdict]:
    earlier = PersonMatcher()  # the new people of this file so far, by line
    verdicts: list[PersonVerdict] = []
    for person in people:
        if person.problem:
            verdicts.append(PersonVerdict(person, SKIPPED, reason=person.problem))
            continue
        try:
            person = _cleaned(person)
        except ValidationError as error:
            verdicts.append(PersonVerdict(person, SKIPPED, reason=str(error).rstrip(".")))
            continue
        found = matcher.find(person.name, person.email) if matcher else None
        if found is not None and matcher is not None:
            verdicts.append(PersonVerdict(person, MATCHES, found, matcher.names[found]))
            continue
        twin = earlier.find(person.name, person.email)
        if twin is not None:
            reason = f"the same person as line {twin} of this file"
            verdicts.append(PersonVerdict(person, SKIPPED, reason=reason))
            continue
        earlier.add(person.line, person.name, person.email)
        verdicts.append(PersonVerdict(person, NEW))
    return verdicts


def _cleaned(person: IncomingPerson) -> IncomingPerson:
    """The person as the contact form would keep them; ValidationError if it would not."""
    fields = ContactFields(
        person.name,
        Tie.OTHER,
        email=person.email,
        phone=person.phone,
        organization=person.organization,
        birthday=person.birthday,
        notes=person.notes,
    )
    clean = clean_contact(fields)
    return dataclasses.replace(
        person,
        name=str(clean["name"]),
        email=str(clean["email"]),
        phone=str(clean["phone"]),
        organization=str(clean["organization"]),
        notes=str(clean["notes"]),
    )
