"""Saving a quick-log reading through the same services as the dialogs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.capture.people_match import MATCHED
from app.core.capture.quicklog import FAVOR, Reading
from app.core.changes import Changed
from app.core.errors import ValidationError
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments, trash
from app.core.store import Journal


@dataclass(frozen=True)
class Saved:
    """What a line became: `records` are (trash kind, id), newest last, for undo."""

    changed: Changed
    records: tuple[tuple[str, int], ...]
    summary: str


ADD_PERSON = "add"


def resolve_people(
    reading: Reading, chosen: Mapping[int, int | str] | None = None, *, add_people: bool = False
) -> list[int | str]:
    """Each person of the reading as a contact id, or as a name to add.

    `chosen` maps a name's position to the contact id picked for it (the window's
    suggestions), or to ADD_PERSON. A name neither matched nor chosen is refused
    with the reading's sentence (naming the candidates) unless `add_people`.
    """
    resolved: list[int | str] = []
    for number, person in enumerate(reading.people):
        pick = (chosen or {}).get(number)
        if pick == ADD_PERSON:
            resolved.append(person.text)
        elif isinstance(pick, int):
            resolved.append(pick)
        elif person.status == MATCHED and person.contact_id is not None:
            resolved.append(person.contact_id)
        elif add_people:
            resolved.append(person.text)
        else:
            raise ValidationError(
                "people", person.sentence() + " Use --add-people to add them as new people."
            )
    return resolved


def save_reading(
    journal: Journal,
    reading: Reading,
    chosen: Mapping[int, int | str] | None = None,
    *,
    add_people: bool = False,
) -> Saved:
    """Write the line as a moment (one, with everyone) or a favor (one per person).

    Refused with a ValidationError (nothing written) when a name is not settled
    or the reading has no person or, for a favor, no description.
    """
    if not reading.people:
        raise ValidationError("people", reading.problems[0])
    people = resolve_people(reading, chosen, add_people=add_people)
    if reading.entry == FAVOR and not reading.note:
        raise ValidationError("description", "Say what the favor was.")
    records: list[tuple[str, int]] = []
    result = Changed()
    try:
        ids: list[int] = []
        for person in people:
            if isinstance(person, int):
                ids.append(person)
                continue
            added = contacts.add_contact(journal, ContactFields(name=person))
            assert added.new_id is not None
            records.append(("contact", added.new_id))
            ids.append(added.new_id)
            result |= added
        unique = list(dict.fromkeys(ids))
        if reading.entry == FAVOR:
            assert reading.direction is not None and reading.weight is not None
            for contact_id in unique:
                done = moments.log_favor(
                    journal,
                    FavorFields(
                        contact_id=contact_id,
                        direction=reading.direction,
                        occurred_on=reading.day,
                        description=reading.note,
                        weight=reading.weight,
                        expectation=reading.expectation or "none",
                    ),
                )
                assert done.new_id is not None
                records.append(("favor", done.new_id))
                result |= done
            count = "a favor" if len(unique) == 1 else f"{len(unique)} favors"
            what = f"{count} {reading.direction.value}"
        else:
            done = moments.log_moment(
                journal,
                MomentFields(
                    occurred_on=reading.day,
                    contact_ids=tuple(unique),
                    kind=reading.kind,
                    warmth=reading.warmth,
                    initiated_by=reading.initiated_by,
                    note=reading.note,
                ),
            )
            assert done.new_id is not None
            records.append(("interaction", done.new_id))
            result |= done
            what = f"a {reading.kind.value.replace('_', ' ')} moment"
    except BaseException:
        # Each service commits on its own: take back what this line wrote so far.
        undo_saved(journal, records)
        raise
    return Saved(result, tuple(records), f"Logged {what} on {reading.day.isoformat()}.")


def undo_saved(
    journal: Journal, records: tuple[tuple[str, int], ...] | list[tuple[str, int]]
) -> Changed:
    """Move what a line wrote to the trash (newest first), where it can still be restored."""
    result = Changed()
    for kind, record_id in reversed(list(records)):
        result |= trash.move_to_trash(journal, kind, record_id)
    return result
