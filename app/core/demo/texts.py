"""The words of invented lives: names, places, favors, coalitions, journal texts.

They live as JSON under `resources/demo/` (one file a theme), found through
`resources_dir()` so they load from a checkout and from an installed wheel alike.
`load_texts` reads and checks them once a process; what it returns is never changed.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from app.core.enums import Formality, InteractionKind, Tie
from app.core.paths import resources_dir

_T = TypeVar("_T")

# A favor as (phrase, lowest weight, highest weight); phrases read after "for ...".
Favor = tuple[str, int, int]
# A name as (display form, ASCII form for e-mail addresses and handles).
Name = tuple[str, str]

_TIES = [t.value for t in Tie]
_KINDS = [k.value for k in InteractionKind]
_FORMALITIES = [f.value for f in Formality]


@dataclass(frozen=True)
class Culture:
    """How people of one naming culture are called, and how often they turn up."""

    key: str
    weight: float
    given: tuple[Name, ...]
    family: tuple[Name, ...]
    separator: str
    family_first: bool
    short_is_full: bool  # called by the full name, not the given name alone


@dataclass(frozen=True)
class NameTexts:
    """names.json: cultures of names and the odd flourish on a name."""

    cultures: tuple[Culture, ...]
    showcase: tuple[str, ...]  # culture keys (or "emoji") that a demo always shows
    emoji: tuple[str, ...]
    kin_titles: tuple[str, ...]
    hobby_tags: tuple[str, ...]
    doctor: str  # "{family}"


@dataclass(frozen=True)
class PlaceTexts:
    """places.json: where invented lives happen."""

    places: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    schools: tuple[str, ...]
    organisations: tuple[str, ...]
    service_organisations: tuple[str, ...]
    food_bank: str  # "{place}"


@dataclass(frozen=True)
class ContactTexts:
    """contacts.json: how we met, notes on a person, e-mail domains."""

    how_met: Mapping[str, tuple[str, ...]]  # by tie; "{friend}", "{org}", "{city}", "{place}"
    notes: tuple[str, ...]  # "{city}", "{handle}"
    email_domains: tuple[str, ...]
    unnamed_friend: str


@dataclass(frozen=True)
class MomentTexts:
    """moments.json: the notes on moments together."""

    topics: tuple[str, ...]
    work: tuple[str, ...]
    notes: Mapping[str, tuple[str, ...]]  # by interaction kind; "{topic}", "{work}", "{place}"
    low_warmth_notes: tuple[str, ...]
    trading_notes: tuple[str, ...]
    follow_up: str


@dataclass(frozen=True)
class FavorTexts:
    """favors.json: favors in pools by the kind of relationship, and talk around them."""

    pools: Mapping[str, tuple[Favor, ...]]
    explicit_suffixes: tuple[str, ...]
    asked_me: str  # "{favor}"
    asked_them: str  # "{favor}"
    thanks: str  # "{favor}"
    in_return: str  # "{favor}", "{original}"


@dataclass(frozen=True)
class CoalitionKind:
    """One kind of coalition: its cause, who it draws on, what it does together."""

    name: str  # "{street}", "{place}", "{school}", "{org}", "{year}"
    issue: str
    outcome: str
    formality: str
    ties: tuple[str, ...]
    my_interests: tuple[str, ...]
    interests: tuple[str, ...]
    actions: tuple[tuple[str, tuple[str, ...]], ...]  # description, possible outcomes


@dataclass(frozen=True)
class CoalitionTexts:
    """coalitions.json: kinds of coalition, how they decide, the roles in them."""

    kinds: tuple[CoalitionKind, ...]
    differences: Mapping[str, tuple[str, ...]]  # by formality
    roles: Mapping[str, tuple[str, ...]]  # by formality
    lead_formal: str
    leads_informal: tuple[str, ...]


@dataclass(frozen=True)
class JournalTexts:
    """journal.json: what I write about people, coalitions and life."""

    by_archetype: Mapping[str, tuple[str, ...]]  # "{name}"
    turned: tuple[str, ...]  # "{name}"
    coalition: tuple[str, ...]  # "{coalition}"
    free: tuple[str, ...]


@dataclass(frozen=True)
class DemoTexts:
    """Every text a demo journal is made of, one field a file of `resources/demo/`."""

    names: NameTexts
    places: PlaceTexts
    contacts: ContactTexts
    moments: MomentTexts
    favors: FavorTexts
    coalitions: CoalitionTexts
    journal: JournalTexts


def demo_resources() -> Path:
    """The folder of the demo's data files, in a checkout or an installed wheel."""
    return resources_dir() / "demo"


@functools.cache
def load_texts() -> DemoTexts:
    """Read and check every file of `resources/demo/`; once a process.

    Raises ValueError, naming the file and field, when one is not as expected.
    """
    names = _File.read("names")
    places = _File.read("places")
    contacts = _File.read("contacts")
    moments = _File.read("moments")
    favors = _File.read("favors")
    coalitions = _File.read("coalitions")
    journal = _File.read("journal")
    cultures = tuple(_culture(item) for item in names.each("cultures"))
    known = {c.key for c in cultures} | {"emoji"}
    return DemoTexts(
        names=NameTexts(
            cultures=cultures,
            showcase=names.texts("showcase", allowed=known),
            emoji=names.texts("emoji"),
            kin_titles=names.texts("kin_titles"),
            hobby_tags=names.texts("hobby_tags"),
            doctor=names.text("doctor"),
        ),
        places=PlaceTexts(
            places=places.texts("places"),
            streets=places.texts("streets"),
            cities=places.texts("cities"),
            schools=places.texts("schools"),
            organisations=places.texts("organisations"),
            service_organisations=places.texts("service_organisations"),
            food_bank=places.text("food_bank"),
        ),
        contacts=ContactTexts(
            how_met=contacts.by_key("how_met", _TIES),
            notes=contacts.texts("notes"),
            email_domains=contacts.texts("email_domains"),
            unnamed_friend=contacts.text("unnamed_friend"),
        ),
        moments=MomentTexts(
            topics=moments.texts("topics"),
            work=moments.texts("work"),
            notes=moments.by_key("notes", _KINDS),
            low_warmth_notes=moments.texts("low_warmth_notes"),
            trading_notes=moments.texts("trading_notes"),
            follow_up=moments.text("follow_up"),
        ),
        favors=FavorTexts(
            pools={key: _pool(favors.at("pools", key)) for key in favors.mapping("pools")},
            explicit_suffixes=favors.texts("explicit_suffixes"),
            asked_me=favors.text("asked_me"),
            asked_them=favors.text("asked_them"),
            thanks=favors.text("thanks"),
            in_return=favors.text("in_return"),
        ),
        coalitions=CoalitionTexts(
            kinds=tuple(_coalition_kind(kind) for kind in coalitions.each("kinds")),
            differences=coalitions.by_key("differences", _FORMALITIES),
            roles=coalitions.by_key("roles", _FORMALITIES),
            lead_formal=coalitions.at("lead", Formality.FORMAL.value).text(),
            leads_informal=coalitions.at("lead", Formality.INFORMAL.value).texts(),
        ),
        journal=JournalTexts(
            by_archetype=journal.by_key("by_archetype"),
            turned=journal.texts("turned"),
            coalition=journal.texts("coalition"),
            free=journal.texts("free"),
        ),
    )


def romanise(text: str) -> str:
    """`text` in lower-case ASCII letters, digits, dots and hyphens: 'Núñez' -> 'nunez'."""
    special = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(special))
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


class _File:
    """A value read from one demo file, with the path to it for error messages."""

    def __init__(self, name: str, value: Any, where: str = "") -> None:
        self.name = name
        self.value = value
        self.where = where

    @classmethod
    def read(cls, name: str) -> _File:
        path = demo_resources() / f"{name}.json"
        return cls(name, json.loads(path.read_text(encoding="utf-8")))

    def fail(self, expected: str) -> ValueError:
        return ValueError(f"resources/demo/{self.name}.json: {self.where or 'the file'} {expected}")

    def at(self, *keys: str | int) -> _File:
        value, where = self.value, self.where
        for key in keys:
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                raise _File(self.name, None, where).fail(f"has no {key!r}") from None
            where = f"{where}.{key}" if where else str(key)
        return _File(self.name, value, where)

    def text(self, *keys: str | int, allowed: Iterable[str] | None = None) -> str:
        found = self.at(*keys)
        value = found.of(str, "a text")
        if allowed is not None and value not in allowed:
            raise found.fail(f"should be one of {sorted(allowed)}")
        return value

    def texts(self, *keys: str | int, allowed: Iterable[str] | None = None) -> tuple[str, ...]:
        found = self.at(*keys)
        value = found.of(list, "a list of texts")
        if not all(isinstance(v, str) for v in value):
            raise found.fail("should be a list of texts")
        if allowed is not None and not set(value) <= set(allowed):
            raise found.fail(f"should only hold {sorted(allowed)}")
        return tuple(value)

    def array(self, *keys: str | int) -> list[Any]:
        return self.at(*keys).of(list, "a list")

    def each(self, *keys: str | int) -> list[_File]:
        """The items of the list at `keys`, each with its own place for error messages."""
        return [self.at(*keys, i) for i in range(len(self.array(*keys)))]

    def mapping(self, *keys: str | int) -> dict[str, Any]:
        return self.at(*keys).of(dict, "an object")

    def by_key(self, key: str, keys: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Lists of texts under `key`, one per name of `keys` (all of them, no others)."""
        found = self.mapping(key)
        if keys is not None and set(found) != set(keys):
            raise self.at(key).fail(f"should have exactly the keys {sorted(keys)}")
        return {name: self.texts(key, name) for name in found}

    def flag(self, *keys: str | int) -> bool:
        return self.at(*keys).of(bool, "true or false")

    def number(self, *keys: str | int) -> int:
        found = self.at(*keys)
        if isinstance(found.value, bool):  # a bool is an int to Python, not to JSON
            raise found.fail("should be a whole number")
        return found.of(int, "a whole number")

    def of(self, kind: type[_T], expected: str) -> _T:
        """This value, if it is of `kind`; else a ValueError saying it should be `expected`."""
        if not isinstance(self.value, kind):
            raise self.fail(f"should be {expected}")
        return self.value


def _culture(item: _File) -> Culture:
    def names(key: str) -> tuple[Name, ...]:
        out = []
        for i, name in enumerate(item.array(key)):
            # A name in Latin script romanises itself; others come as [display, romanised].
            pair = (name, name) if isinstance(name, str) else item.texts(key, i)
            if len(pair) != 2:
                raise item.at(key, i).fail("should be a name or [name, romanised name]")
            out.append((pair[0], romanise(pair[1])))
        return tuple(out)

    return Culture(
        key=item.text("key"),
        weight=item.number("weight"),
        given=names("given"),
        family=names("family"),
        separator=item.text("separator"),
        family_first=item.flag("family_first"),
        short_is_full=item.flag("short_is_full"),
    )


def _pool(pool: _File) -> tuple[Favor, ...]:
    favors = []
    for favor in pool.each():
        low, high = (favor.number("weight", end) for end in (0, 1))
        favors.append((favor.text("favor"), low, high))
    return tuple(favors)


def _coalition_kind(kind: _File) -> CoalitionKind:
    return CoalitionKind(
        name=kind.text("name"),
        issue=kind.text("issue"),
        outcome=kind.text("outcome"),
        formality=kind.text("formality", allowed=_FORMALITIES),
        ties=kind.texts("ties", allowed=_TIES),
        my_interests=kind.texts("my_interests"),
        interests=kind.texts("interests"),
        actions=tuple(
            (action.text("description"), action.texts("outcomes"))
            for action in kind.each("actions")
        ),
    )
