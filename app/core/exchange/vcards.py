"""People as vCards (3.0 or 4.0), written with vobject, each with a stable UID.

A card carries what a phone's address book needs and nothing more intimate: the
name (FN, and N split at the last space), e-mail, phone, organization and birthday.
Notes, how you met, the tie, favors and reflections stay in the journal. A birthday
without a year is `--MMDD` in 4.0 (RFC 6350); vCard 3.0 has no spelling for it, so
it is `1604-MM-DD` with `X-APPLE-OMIT-YEAR=1604`, as Apple's address book writes it
(1604 is a leap year, so 29 February is a real date) and DAVx⁵ reads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import vobject
from sqlalchemy import select

from app import __version__
from app.core.errors import ValidationError
from app.core.exchange.files import write_private
from app.core.exchange.identity import journal_uuid, person_uid
from app.core.models import Contact
from app.core.store import Journal

VERSIONS = ("3.0", "4.0")
PRODID = f"-//Kith//Kith {__version__}//EN"
# The fields a card carries, as the journal names them.
OMITTED_YEAR = "1604"
CARD_FIELDS = ("name", "email", "phone", "organization", "birthday")


@dataclass(frozen=True)
class CardPerson:
    """A person as their card shows them."""

    contact_id: int
    uid: str
    name: str
    email: str
    phone: str
    organization: str
    birthday: str | None

    def fields(self) -> dict[str, str | None]:
        """The card's fields by journal name (CARD_FIELDS)."""
        return {field: getattr(self, field) for field in CARD_FIELDS}


@dataclass(frozen=True)
class VcardSummary:
    path: Path
    people: int
    version: str

    def __str__(self) -> str:
        people = "1 person" if self.people == 1 else f"{self.people} people"
        return f"{people} written to {self.path} (vCard {self.version})"


def card_people(journal: Journal, ids: Collection[int] | None = None) -> list[CardPerson]:
    """The live people (all, or those of `ids`) as cards show them, by name."""
    journal_id = journal_uuid(journal)
    query = select(
        Contact.id,
        Contact.name,
        Contact.email,
        Contact.phone,
        Contact.organization,
        Contact.birthday,
    ).where(Contact.deleted_at.is_(None))
    if ids is not None:
        query = query.where(Contact.id.in_(sorted(ids)))
    with journal.session() as session:
        rows = session.execute(query.order_by(Contact.name, Contact.id)).all()
    return [
        CardPerson(cid, person_uid(journal_id, cid), name, email, phone, org, birthday)
        for cid, name, email, phone, org, birthday in rows
    ]


def card_text(person: CardPerson, version: str = "3.0") -> str:
    """One person's vCard, CRLF line ends, folded as RFC 6350 asks."""
    if version not in VERSIONS:
        raise ValidationError("version", f"Kith writes vCard 3.0 or 4.0, not {version}.")
    card = vobject.vCard()
    card.add("version").value = version
    card.add("prodid").value = PRODID
    card.add("uid").value = person.uid
    card.add("fn").value = person.name
    given, _, family = person.name.rpartition(" ")
    if not given:
        given, family = family, ""
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if person.email:
        card.add("email").value = person.email
    if person.phone:
        card.add("tel").value = person.phone
    if person.organization:
        card.add("org").value = [person.organization]
    if person.birthday:
        bday = card.add("bday")
        bday.value = _bday(person.birthday, version)
        if version == "3.0" and person.birthday.startswith("--"):
            bday.x_apple_omit_year_param = OMITTED_YEAR
    card.add("categories").value = ["Kith"]
    text: str = card.serialize()
    return text


def _bday(birthday: str, version: str) -> str:
    if birthday.startswith("--"):
        if version == "3.0":
            return OMITTED_YEAR + birthday[1:]
        return "--" + birthday[2:].replace("-", "")
    return birthday if version == "3.0" else birthday.replace("-", "")


def export_vcards(
    journal: Journal,
    path: Path,
    ids: Collection[int] | None = None,
    version: str = "3.0",
    *,
    replace: bool = False,
) -> VcardSummary:
    """Write the live people (all, or `ids`) to one new `.vcf` file, owner-only.

    An existing file is refused unless `replace` (the window's save dialog asked).
    """
    people = card_people(journal, ids)
    data = "".join(card_text(p, version) for p in people).encode("utf-8")
    return VcardSummary(write_private(path, data, replace=replace), len(people), version)


def digest(data: bytes) -> str:
    """A card file's fingerprint: how a kept-in-step folder sees a card changed elsewhere."""
    return hashlib.sha256(data).hexdigest()
