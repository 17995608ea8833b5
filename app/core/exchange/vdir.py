"""A vdir kept in step, and cards read back: matched by UID first, never trashing anyone.

A **vdir** is a folder of one `.vcf` per person, the layout vdirsyncer, khard and
Evolution read (and that Syncthing or DAVx⁵ carry to a phone). `sync_vdir` writes a
card for every live person, named after their UID, and remembers each card's
fingerprint in `.kith-vdir.json` beside them (vdir tools ignore files that do not
end in `.vcf`). So Kith can tell a card it wrote from one edited elsewhere:

- if any card was edited, added or deleted in the folder since Kith last wrote it,
  `sync_vdir` refuses with one sentence and writes nothing: the edit would be lost.
  `preview_cards` then says, field by field, what taking the cards in would change;
  `apply_cards` does it, and the next sync is allowed again;
- a card **deleted** in the folder is reported; the person stays in the journal (the
  trash is a decision for Kith's own window), and their card is not written again;
- a card whose UID is not one of this journal's people, or that cannot be read, is
  refused with one sentence naming the file; nothing is changed.

A single `.vcf` file (`kith import vcard FILE`) is read the same way: a card with the
UID of someone in the journal updates them; the others are new people, judged as any
vCard import is (`csvio.people_import`).
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.core.changes import Changed, changed
from app.core.csvio.people_import import PeoplePreview, import_people, preview_people
from app.core.csvio.people_sources import IncomingPerson, read_text, read_vcards
from app.core.errors import PeopleImportError, ValidationError
from app.core.exchange.files import private_folder, write_private
from app.core.exchange.identity import journal_uuid, person_uid, uid_index
from app.core.exchange.vcards import CARD_FIELDS, card_people, card_text, digest
from app.core.models import Contact
from app.core.services.contacts import clean_contact, get_contact
from app.core.store import Journal

STATE = ".kith-vdir.json"
STATE_FORMAT = 1
_UID = re.compile(r"^(?:[A-Za-z0-9-]+\.)?UID(?:;[^:]*)?:(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class CardChange:
    """What one card would change about the person it belongs to."""

    contact_id: int
    name: str
    where: str  # the card file (and line, in a file of many)
    changes: tuple[FieldChange, ...]
    values: dict[str, str | None]  # the new card fields, as the journal spells them


@dataclass(frozen=True)
class DeletedCard:
    contact_id: int
    name: str
    file: str


@dataclass(frozen=True)
class CardPreview:
    """What reading cards back would do; nothing is written until `apply_cards`."""

    source: Path
    vdir: bool
    updates: tuple[CardChange, ...]
    unchanged: int
    deleted: tuple[DeletedCard, ...]
    others: PeoplePreview | None  # cards of people not (yet) in the journal, in a file
    read: dict[str, str] = field(default_factory=dict)  # vdir card file → fingerprint

    def lines(self) -> list[str]:
        """A summary line, then a line per changed field and per deleted card."""
        lines = [
            f"{self.source}: {len(self.updates)} people change, {self.unchanged} unchanged"
            + (f", {len(self.deleted)} cards deleted" if self.vdir else "")
        ]
        for update in self.updates:
            said = "; ".join(f"{c.field} {c.old!r} → {c.new!r}" for c in update.changes)
            lines.append(f"  {update.name} ({update.where}): {said}")
        for gone in self.deleted:
            lines.append(
                f"  {gone.name}'s card {gone.file} was deleted from the folder: {gone.name} "
                "stays in the journal (trash them in Kith if you meant to)"
            )
        if self.others is not None:
            lines.extend(self.others.lines())
        return lines


@dataclass(frozen=True)
class VdirSummary:
    folder: Path
    written: int
    unchanged: int
    removed: int
    left_out: int

    def __str__(self) -> str:
        text = (
            f"{self.folder}: {self.written} cards written, {self.unchanged} unchanged, "
            f"{self.removed} removed"
        )
        if self.left_out:
            text += f", {self.left_out} left out (their cards were deleted in the folder)"
        return text


@dataclass(frozen=True)
class CardsSummary:
    updated: int
    added: int
    deleted_reported: int
    seconds: float
    changed: Changed

    def __str__(self) -> str:
        return (
            f"updated {self.updated} people, added {self.added}; "
            f"{self.deleted_reported} deleted cards reported, nobody trashed "
            f"({self.seconds:.1f} s)"
        )


# ---- the folder's memory ------------------------------------------------------------------


@dataclass
class _State:
    journal: str
    cards: dict[str, str]  # file name → fingerprint of what Kith wrote or read
    left_out: set[str]  # UIDs whose cards were deleted in the folder: not written again


def _read_state(folder: Path, journal_id: str) -> _State | None:
    path = folder / STATE
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = _State(str(raw["journal"]), dict(raw["cards"]), set(raw.get("left_out", [])))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PeopleImportError(
            f"{path} cannot be read ({error}); move it away to start the folder afresh."
        ) from None
    if state.journal != journal_id:
        raise PeopleImportError(
            f"{folder} is kept in step with another journal; choose another folder."
        )
    return state


def _write_state(folder: Path, state: _State) -> None:
    data = {
        "format": STATE_FORMAT,
        "journal": state.journal,
        "cards": dict(sorted(state.cards.items())),
        "left_out": sorted(state.left_out),
    }
    text = json.dumps(data, indent=1) + "\n"
    write_private(folder / STATE, text.encode("utf-8"), replace=True)


def _card_files(folder: Path) -> dict[str, bytes]:
    try:
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.vcf")) if p.is_file()}
    except OSError as error:
        raise PeopleImportError(f"Kith cannot read {folder}: {error.strerror}.") from error


def file_name(uid: str) -> str:
    """The card file of a UID: its UUID and `.vcf` (no characters a phone would mind)."""
    return uid.removeprefix("urn:uuid:") + ".vcf"


# ---- writing the folder -------------------------------------------------------------------


def sync_vdir(journal: Journal, folder: Path, version: str = "3.0") -> VdirSummary:
    """Write a card for each live person into `folder`, remove those of people no longer
    in the journal, and remember what was written. Refuses (PeopleImportError, nothing
    written) if the folder changed since Kith last wrote it, or holds cards of its own."""
    folder = private_folder(folder)
    journal_id = str(journal_uuid(journal))
    files = _card_files(folder)
    state = _read_state(folder, journal_id)
    if state is None:
        if files:
            raise PeopleImportError(
                f"{folder} already holds cards Kith did not write; choose an empty folder, "
                f"or take them in first with `kith import vcard {folder}`."
            )
        state = _State(journal_id, {}, set())
    moved = _changed_outside(files, state)
    if moved:
        raise PeopleImportError(
            f"{moved} card(s) in {folder} changed since Kith last wrote them; nothing was "
            f"written. Take the changes in first with `kith import vcard {folder}`."
        )
    people = [p for p in card_people(journal) if p.uid not in state.left_out]
    wanted = {file_name(p.uid): p for p in people}
    written = unchanged = removed = 0
    for name, person in wanted.items():
        data = card_text(person, version).encode("utf-8")
        if files.get(name) == data:
            unchanged += 1
            state.cards[name] = digest(data)
            continue
        write_private(folder / name, data, replace=True)
        state.cards[name] = digest(data)
        written += 1
    for name in sorted(set(files) - set(wanted)):
        (folder / name).unlink(missing_ok=True)  # unchanged since Kith wrote it (checked)
        state.cards.pop(name, None)
        removed += 1
    for name in set(state.cards) - set(wanted):
        state.cards.pop(name)
    _write_state(folder, state)
    left_out = len(state.left_out)
    return VdirSummary(folder, written, unchanged, removed, left_out)


def _changed_outside(files: dict[str, bytes], state: _State) -> int:
    edited = sum(1 for n, d in files.items() if state.cards.get(n) not in (None, digest(d)))
    added = sum(1 for n in files if n not in state.cards)
    deleted = sum(1 for n in state.cards if n not in files)
    return edited + added + deleted


def read_cards(path: Path) -> list[tuple[str | None, IncomingPerson]]:
    """(UID or None, person) for each card of a `.vcf` file, in order."""
    people = read_vcards(path)
    uids = _uids_by_line(read_text(path, "a vCard file"))
    return [(uids.get(person.line), person) for person in people]


def _uids_by_line(text: str) -> dict[int, str]:
    """The UID of each card, by the line its BEGIN:VCARD is on (lines unfolded)."""
    found: dict[int, str] = {}
    start: int | None = None
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        head = line.strip().upper()
        if head == "BEGIN:VCARD":
            start = number
            continue
        if start is None or line[:1] in (" ", "\t"):
            continue
        following = [line]
        for more in lines[number:]:
            if more[:1] not in (" ", "\t"):
                break
            following.append(more[1:])
        match = _UID.match("".join(following).strip())
        if match and start not in found:
            found[start] = match[1].strip()
        if head == "END:VCARD":
            start = None
    return found


def _values_of(person: IncomingPerson) -> dict[str, str | None]:
    return {f: getattr(person, f) for f in CARD_FIELDS}


def preview_cards(journal: Journal, source: Path) -> CardPreview:
    """Read a vdir or a `.vcf` file and say what taking it in would change."""
    source = Path(source).expanduser().absolute()
    journal_id = journal_uuid(journal)
    with journal.session() as session:
        rows = session.execute(select(Contact.id, Contact.name, Contact.deleted_at)).all()
    live = {cid: name for cid, name, deleted in rows if deleted is None}
    trashed = {cid: name for cid, name, deleted in rows if deleted is not None}
    by_uid = uid_index(journal_id, [*live, *trashed])
    if source.is_dir():
        return _preview_vdir(journal, source, str(journal_id), by_uid, live, trashed)
    cards = read_cards(source)
    updates: list[CardChange] = []
    unchanged = 0
    outsiders = False
    for uid, person in cards:
        contact_id = by_uid.get(uid or "")
        if contact_id is None or contact_id not in live:
            outsiders = True
            continue
        where = f"line {person.line}"
        update = _change(journal, contact_id, person, f"{source.name} {where}")
        if update is None:
            unchanged += 1
        else:
            updates.append(update)
    others = None
    if outsiders:
        theirs = {p.line for uid, p in cards if by_uid.get(uid or "") not in live}
        found = preview_people(journal, source, "vcard")
        kept = tuple(v for v in found.people if v.person.line in theirs)
        others = dataclasses.replace(found, people=kept)
    return CardPreview(source, False, tuple(updates), unchanged, (), others)


def _preview_vdir(
    journal: Journal,
    folder: Path,
    journal_id: str,
    by_uid: dict[str, int],
    live: dict[int, str],
    trashed: dict[int, str],
) -> CardPreview:
    files = _card_files(folder)
    state = _read_state(folder, journal_id)
    updates: list[CardChange] = []
    unchanged = 0
    read: dict[str, str] = {}
    for name, data in files.items():
        path = folder / name
        cards = read_cards(path)
        if len(cards) != 1:
            raise PeopleImportError(
                f"{path} holds {len(cards)} cards, where a vdir holds one per file; "
                "nothing was changed."
            )
        uid, person = cards[0]
        if person.problem:
            raise PeopleImportError(
                f"{path} cannot be taken in: {person.problem}; nothing was changed."
            )
        contact_id = by_uid.get(uid or "")
        if contact_id in trashed:
            raise PeopleImportError(
                f"{path} is the card of {trashed[contact_id]}, who is in Kith's trash: "
                "restore them first, or remove the card; nothing was changed."
            )
        if contact_id is None:
            raise PeopleImportError(
                f"{path} has a UID ({uid or 'none'}) that is nobody in this journal: add the "
                "person in Kith, or move the card out of the folder; nothing was changed."
            )
        read[name] = digest(data)
        update = _change(journal, contact_id, person, name)
        if update is None:
            unchanged += 1
        else:
            updates.append(update)
    deleted: list[DeletedCard] = []
    if state is not None:
        for name in sorted(set(state.cards) - set(files)):
            contact_id = next((c for u, c in by_uid.items() if file_name(u) == name), None)
            if contact_id is not None and contact_id in live:
                deleted.append(DeletedCard(contact_id, live[contact_id], name))
    return CardPreview(folder, True, tuple(updates), unchanged, tuple(deleted), None, read)


def _change(
    journal: Journal, contact_id: int, person: IncomingPerson, where: str
) -> CardChange | None:
    current = get_contact(journal, contact_id)
    new = _values_of(person)
    if new["birthday"] is None and any("birthday" in n for n in person.notes_of_reading):
        new["birthday"] = current.birthday  # an unreadable birthday is not a cleared one
    fields = dataclasses.replace(
        current.fields(),
        name=new["name"] or "",
        email=new["email"] or "",
        phone=new["phone"] or "",
        organization=new["organization"] or "",
        birthday=new["birthday"],
    )
    try:
        clean = clean_contact(fields)
    except ValidationError as error:
        raise PeopleImportError(
            f"{where} cannot be taken in: {str(error).rstrip('.')}; nothing was changed."
        ) from None
    values = {f: (None if clean[f] is None else str(clean[f])) for f in CARD_FIELDS}
    old = {f: getattr(current, f) for f in CARD_FIELDS}
    changes = tuple(
        FieldChange(f, old[f] or "", values[f] or "") for f in CARD_FIELDS if old[f] != values[f]
    )
    if not changes:
        return None
    return CardChange(contact_id, current.name, where, changes, values)


def apply_cards(journal: Journal, preview: CardPreview, *, tie: str = "other") -> CardsSummary:
    """Take in what `preview` found: update people (one transaction), add the new people
    of a file, and let a vdir be kept in step again. Nobody is trashed."""
    started = time.perf_counter()
    touched: set[int] = set()
    with journal.session() as session:
        for update in preview.updates:
            contact = session.get(Contact, update.contact_id)
            if contact is None or contact.deleted_at is not None:
                continue  # trashed since the preview: left alone
            for name, value in update.values.items():
                setattr(contact, name, value)
            touched.add(update.contact_id)
    added = 0
    if preview.others is not None and preview.others.people:
        added = import_people(journal, preview.others, tie=tie).added
    if preview.vdir:
        journal_id = journal_uuid(journal)
        state = _read_state(preview.source, str(journal_id)) or _State(str(journal_id), {}, set())
        state.cards.update(preview.read)
        for gone in preview.deleted:
            state.cards.pop(gone.file, None)
            state.left_out.add(person_uid(journal_id, gone.contact_id))
        _write_state(preview.source, state)
    return CardsSummary(
        len(touched),
        added,
        len(preview.deleted),
        time.perf_counter() - started,
        changed("contact", contacts=touched) if touched or added else changed(),
    )
