"""Likely duplicate people: the same email, the same phone, a similar name, the same birthday.

Phones are compared as E.164 (`phonenumbers`; a number written without its
country code is read in `region`), names with `rapidfuzz` after folding case
and accents and ignoring word order ("García, José" is "jose garcia"). Only
people who share an email, a phone or a name word are compared, so ten
thousand people take a moment, not ten thousand squared. A shared birthday
alone is no reason (one in 365 pairs share one); beside a name word in common
it is, and it makes any other reason stronger.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import phonenumbers
from rapidfuzz import fuzz, process
from sqlalchemy import text

from app.core.folding import fold
from app.core.store import Journal

# Names at least this similar (0-100, token_sort_ratio of the folded names).
NAME_SIMILAR = 88.0
_WORD = re.compile(r"\w{2,}")


@dataclass(frozen=True)
class PersonSummary:
    """What the duplicates list shows of each person, side by side."""

    id: int
    name: str
    email: str
    phone: str
    organization: str
    birthday: str | None
    how_met: str
    moments: int
    favors: int


@dataclass(frozen=True)
class DuplicatePair:
    """Two people who may be one, with the reasons and a score (higher: more likely).

    `keep` is the suggested survivor: the one with more history (then the older).
    """

    keep: PersonSummary
    other: PersonSummary
    reasons: tuple[str, ...]
    score: float


def phone_region() -> str | None:
    """The user's country from the locale (LC_ALL, LC_TELEPHONE, LANG: "en_GB" -> "GB")."""
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        value = os.environ.get(variable, "")
        match = re.match(r"[a-z]{2,3}_([A-Z]{2})", value)
        if match:
            return match.group(1)
    return None


def e164(phone: str, region: str | None) -> str | None:
    """The number in E.164 ("+442079460001"), or None if it is not a possible number."""
    if not phone.strip():
        return None
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _name_key(name: str) -> str:
    return " ".join(sorted(_WORD.findall(fold(name))))


def _summaries(journal: Journal) -> list[PersonSummary]:
    with journal.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.id, c.name, c.email, c.phone, c.organization, c.birthday, c.how_met,"
                " coalesce(t.moments, 0), coalesce(t.favors_given + t.favors_received, 0)"
                " FROM contacts c LEFT JOIN person_totals t ON t.contact_id = c.id"
                " WHERE c.deleted_at IS NULL ORDER BY c.id"
            )
        ).all()
    return [PersonSummary(*row) for row in rows]


@dataclass(frozen=True)
class _Keys:
    email: str
    phone: str | None
    name: str


def _keys(person: PersonSummary, region: str | None) -> _Keys:
    return _Keys(
        person.email.strip().casefold(), e164(person.phone, region), _name_key(person.name)
    )


def _candidates(people: list[PersonSummary], keys: list[_Keys]) -> set[tuple[int, int]]:
    """Pairs of indexes into `people` that share an email or a phone, or whose names
    share a word and are similar (or share a birthday too)."""
    exact: dict[str, list[int]] = defaultdict(list)
    words: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key.email:
            exact["@" + key.email].append(i)
        if key.phone:
            exact["#" + key.phone].append(i)
        for word in set(key.name.split()):
            words[word].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in exact.values():
        pairs.update(combinations(members, 2))
    for members in words.values():
        # rapidfuzz compares each name with the rest of its word's people in C;
        # only the similar ones come back to Python.
        names = [keys[i].name for i in members]
        for n, i in enumerate(members[:-1]):
            rest = names[n + 1 :]
            for _match, _score, m in process.extract_iter(
                names[n], rest, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SIMILAR
            ):
                pairs.add((i, members[n + 1 + m]))
        born: dict[str, list[int]] = defaultdict(list)
        for i in members:
            if people[i].birthday:
                born[people[i].birthday or ""].append(i)
        for same_day in born.values():
            pairs.update(combinations(same_day, 2))
    return pairs


def _judge(
    a: PersonSummary, b: PersonSummary, ka: _Keys, kb: _Keys
) -> tuple[tuple[str, ...], float]:
    reasons: list[str] = []
    score = 0.0
    if ka.email and ka.email == kb.email:
        reasons.append(f"same email ({a.email.strip()})")
        score = max(score, 100.0)
    if ka.phone and ka.phone == kb.phone:
        reasons.append(f"same phone ({ka.phone})")
        score = max(score, 95.0)
    similarity = fuzz.token_sort_ratio(ka.name, kb.name)
    if similarity >= NAME_SIMILAR:
        reasons.append("same name" if similarity == 100 else f"similar names ({similarity:.0f}%)")
        score = max(score, similarity * 0.9)
    same_birthday = bool(a.birthday) and a.birthday == b.birthday
    shares_a_word = bool(set(ka.name.split()) & set(kb.name.split()))
    if same_birthday and (reasons or shares_a_word):
        reasons.append(f"same birthday ({a.birthday})")
        score = score + 5.0 if score else 60.0
    return tuple(reasons), min(score, 100.0)


def find_duplicates(
    journal: Journal, *, region: str | None = None, limit: int | None = None
) -> list[DuplicatePair]:
    """Likely duplicate pairs among the live people, best first (at most `limit`)."""
    people = _summaries(journal)
    keys = [_keys(person, region) for person in people]
    pairs: list[DuplicatePair] = []
    for i, j in _candidates(people, keys):
        reasons, score = _judge(people[i], people[j], keys[i], keys[j])
        if reasons:
            keep, other = _survivor(people[i], people[j])
            pairs.append(DuplicatePair(keep, other, reasons, score))
    pairs.sort(key=lambda pair: (-pair.score, pair.keep.id, pair.other.id))
    return pairs if limit is None else pairs[:limit]


def highest_person_id(journal: Journal) -> int:
    """The highest person id so far: people added after it are the ones an import brought."""
    with journal.engine.connect() as connection:
        return int(
            connection.execute(text("SELECT coalesce(max(id), 0) FROM contacts")).scalar_one()
        )


def duplicates_of_newer(
    journal: Journal, after_id: int, *, region: str | None = None
) -> list[DuplicatePair]:
    """The pairs that involve someone added after `after_id` (at the end of an import)."""
    return [
        pair
        for pair in find_duplicates(journal, region=region)
        if pair.keep.id > after_id or pair.other.id > after_id
    ]


def _survivor(a: PersonSummary, b: PersonSummary) -> tuple[PersonSummary, PersonSummary]:
    if (b.moments + b.favors, -b.id) > (a.moments + a.favors, -a.id):
        return b, a
    return a, b
