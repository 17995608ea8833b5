"""People from a Google Contacts or Outlook CSV export.

Google writes, depending on its age, "Name" / "Given Name" / "Family Name" or
"First Name" / "Middle Name" / "Last Name"; numbered groups "E-mail 1 - Type"
(or "- Label") and "E-mail 1 - Value", the same for phones; the organization
as "Organization 1 - Name" or "Organization Name"; "Birthday"; "Notes". A value
may hold several entries joined by " ::: ", and a type starting with "* " marks
the preferred one. Outlook writes "First Name", "Last Name", "E-mail Address",
"Mobile Phone" (and other phones), "Company", "Birthday" (month first), "Notes".
Columns Kith does not keep are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.csvio.people_sources import IncomingPerson
from app.core.csvio.people_values import first_of, parse_birthday
from app.core.csvio.reading import CsvRows, FileRefused
from app.core.errors import PeopleImportError

GOOGLE, OUTLOOK = "Google Contacts CSV", "Outlook CSV"
_NAME_PARTS = (
    ("First Name", "Given Name"),
    ("Middle Name", "Additional Name"),
    ("Last Name", "Family Name"),
)
_OUTLOOK_PHONES = ("Mobile Phone", "Primary Phone", "Home Phone", "Business Phone", "Other Phone")
_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_SEPARATOR = " ::: "


def read_contacts_csv(path: Path) -> tuple[str, list[IncomingPerson]]:
    """The kind of export ("Google Contacts CSV" or "Outlook CSV") and everyone in it."""
    path = Path(path)
    rows = CsvRows(path, str(path), empty_hint="there is nobody to import.")
    people: list[IncomingPerson] = []
    try:
        records = iter(rows)
        first = next(records, None)
        if first is None:
            raise rows.refuse("has no header row; there is nobody to import.")
        header = [cell.strip() for cell in first[1]]
        kind = _kind(rows, header)
        for line, cells in records:
            row = dict(zip(header, cells, strict=False))
            people.append(_person(line, row, kind))
    except FileRefused as refused:
        raise PeopleImportError(str(refused.problem)) from None
    return kind, people


def _kind(rows: CsvRows, header: list[str]) -> str:
    names = {"Name", *(column for pair in _NAME_PARTS for column in pair)}
    if not names & set(header):
        raise rows.refuse(
            "does not look like a Google Contacts or Outlook export: it has no "
            "Name, First Name or Given Name column."
        )
    if any(re.fullmatch(r"E-mail \d+ - Value", column) for column in header):
        return GOOGLE
    if "E-mail Address" in header or "Company" in header:
        return OUTLOOK
    return GOOGLE


def _person(line: int, row: dict[str, str], kind: str) -> IncomingPerson:
    name = " ".join(row.get("Name", "").split())
    if not name:
        parts = [first_of(row.get(column, "") for column in pair) for pair in _NAME_PARTS]
        name = " ".join(part for part in parts if part)
    if kind == GOOGLE:
        email, phone = _google_preferred(row, "E-mail"), _google_preferred(row, "Phone")
        organization = first_of(
            [row.get("Organization 1 - Name", ""), row.get("Organization Name", "")]
        )
    else:
        email = first_of(row.get(column, "") for column in _OUTLOOK_EMAILS)
        phone = first_of(row.get(column, "") for column in _OUTLOOK_PHONES)
        organization = row.get("Company", "").strip()
    notes: list[str] = []
    try:
        birthday = parse_birthday(row.get("Birthday", ""))
    except ValueError:
        birthday = None
        notes.append(f"birthday {row.get('Birthday', '')!r} not understood, left out")
    problem = None
    if not name:
        problem = "no name (only an organization)" if organization else "no name"
    return IncomingPerson(
        line,
        name,
        email=email,
        phone=phone,
        organization=organization,
        birthday=birthday,
        notes=row.get("Notes", "").strip(),
        problem=problem,
        notes_of_reading=tuple(notes),
    )


def _google_preferred(row: dict[str, str], what: str) -> str:
    """The preferred of "E-mail 1 - Value", "E-mail 2 - Value"... (type "* ..."), else the first."""
    found: list[tuple[bool, str]] = []
    number = 1
    while f"{what} {number} - Value" in row:
        kind = row.get(f"{what} {number} - Type", row.get(f"{what} {number} - Label", ""))
        values = [v.strip() for v in row[f"{what} {number} - Value"].split(_SEPARATOR)]
        found += [(kind.startswith("*"), value) for value in values if value]
        number += 1
    preferred = [value for starred, value in found if starred]
    return (preferred or [value for _starred, value in found] or [""])[0]
