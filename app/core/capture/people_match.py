"""Names as typed (or as a chat or a mail header spells them) matched to the journal's people.

Forgiving in the way the people picker is: case and accents do not matter, a
first name is enough when only one person has it, and a name nobody has gets
the closest names as suggestions. Two people who fit are never guessed between.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app.core.models import Contact
from app.core.store import Journal

MATCHED, AMBIGUOUS, UNKNOWN = "matched", "ambiguous", "unknown"


def fold(text: str) -> str:
    """A name as compared: case-folded, accents dropped, blanks single."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


@dataclass(frozen=True)
class PersonMatch:
    """One name and what it may mean: `status` is matched, ambiguous or unknown.

    `candidates` are (id, name): the one person when matched, those who fit when
    ambiguous, the closest names (suggestions only) when unknown.
    """

    text: str
    status: str
    candidates: tuple[tuple[int, str], ...] = ()

    @property
    def contact_id(self) -> int | None:
        return self.candidates[0][0] if self.status == MATCHED else None

    @property
    def name(self) -> str:
        """The journal's spelling when matched, else the name as found."""
        return self.candidates[0][1] if self.status == MATCHED else self.text

    def sentence(self) -> str:
        """Why this name cannot be saved as it is, in one sentence (empty when matched)."""
        if self.status == AMBIGUOUS:
            return f'"{self.text}" could be {_either(self.candidates)}; type more of the name.'
        if self.status == UNKNOWN:
            hint = f" (did you mean {_either(self.candidates)}?)" if self.candidates else ""
            return f'Nobody called "{self.text}" is in the journal{hint}.'
        return ""


def _either(candidates: tuple[tuple[int, str], ...]) -> str:
    names = [f"{name} (#{cid})" for cid, name in candidates]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class PeopleIndex:
    """The journal's live people, indexed for matching many names quickly."""

    def __init__(
        self, people: list[tuple[int, str]], emails: list[tuple[int, str]] | None = None
    ) -> None:
        self.people = people
        self._full: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._first: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._email: dict[str, list[tuple[int, str]]] = defaultdict(list)
        names = dict(people)
        for cid, name in people:
            key = fold(name)
            if not key:
                continue
            self._full[key].append((cid, name))
            first = key.split()[0]
            if first != key:
                self._first[first].append((cid, name))
        for cid, address in emails or []:
            for one in address.replace(",", ";").split(";"):
                if one.strip() and cid in names:
                    self._email[one.strip().casefold()].append((cid, names[cid]))
        self._keys = sorted(set(self._full) | set(self._first))
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for key in self._keys:
            self._by_initial[key[:1]].append(key)

    @classmethod
    def load(cls, journal: Journal) -> PeopleIndex:
        """Every live person of `journal` (one column select)."""
        with journal.session() as session:
            rows = session.execute(
                select(Contact.id, Contact.name, Contact.email).where(Contact.deleted_at.is_(None))
            ).all()
        return cls([(r[0], r[1]) for r in rows], [(r[0], r[2]) for r in rows if r[2]])

    def knows(self, word: str) -> bool:
        """True when `word` is a whole name or a first name of someone in the journal."""
        key = fold(word)
        return key in self._full or key in self._first

    def match(self, text: str, address: str = "") -> PersonMatch:
        """What `text` (and, for mail, `address`) means among the journal's people."""
        if address:
            by_mail = self._email.get(address.strip().casefold(), [])
            if by_mail:
                return _verdict(text, by_mail)
        key = fold(text)
        if not key:
            return PersonMatch(text, UNKNOWN)
        for table in (self._full, self._first):
            found = table.get(key)
            if found:
                return _verdict(text, found)
        if len(key) < 3:
            return PersonMatch(text, UNKNOWN)
        # A typed beginning ("Pri" for Priya): the sorted keys that start with it.
        first = bisect.bisect_left(self._keys, key)
        starts: list[tuple[int, str]] = []
        for name_key in self._keys[first : first + 50]:
            if not name_key.startswith(key):
                break
            starts += self._full.get(name_key, []) + self._first.get(name_key, [])
        unique = sorted(set(starts), key=lambda p: (fold(p[1]), p[0]))
        if unique:
            return _verdict(text, unique)
        # Suggestions compare only names of about the same length with the same first
        # letter: difflib over ten thousand names would cost more than a keystroke may.
        near = [k for k in self._by_initial.get(key[:1], []) if abs(len(k) - len(key)) <= 2]
        close = difflib.get_close_matches(key, near[:2000], n=3, cutoff=0.75)
        suggestions: list[tuple[int, str]] = []
        for found_key in close:
            for person in self._full.get(found_key, []) + self._first.get(found_key, []):
                if person not in suggestions:
                    suggestions.append(person)
        return PersonMatch(text, UNKNOWN, tuple(suggestions[:3]))


def _verdict(text: str, found: list[tuple[int, str]]) -> PersonMatch:
    unique = list(dict.fromkeys(found))
    if len(unique) == 1:
        return PersonMatch(text, MATCHED, (unique[0],))
    return PersonMatch(text, AMBIGUOUS, tuple(unique[:6]))
