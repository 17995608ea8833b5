"""The people of a demo: ties, archetypes, circles, names and contact details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.demo.archetypes import (
    ARCHETYPES_BY_TIE,
    SPAN_DAYS,
    TIE_WEIGHTS,
    TIES,
    cumulative,
)
from app.core.demo.draft import Draft, Person
from app.core.demo.texts import Culture, Name, romanise
from app.core.enums import Tie

# Archetypes plain enough to give up a person to a telling pattern.
_PLAIN = ("warm", "occasional", "professional", "neighbourly", "new")


def make_people(draft: Draft, n: int) -> None:
    """`n` people with their circles and names, and their contact rows, into `draft`."""
    rng = draft.rng
    ties = rng.choices(list(TIE_WEIGHTS), weights=list(TIE_WEIGHTS.values()), k=n)
    # Every tie at least once.
    every = TIES[:]
    rng.shuffle(every)
    for position, tie in zip(rng.sample(range(n), min(n, len(every))), every, strict=False):
        ties[position] = tie
    draft.people = [Person(i + 1, tie) for i, tie in enumerate(ties)]
    for person in draft.people:
        likely = ARCHETYPES_BY_TIE[person.tie]
        archetypes, weights = [a for a, _w in likely], [w for _a, w in likely]
        person.archetype = rng.choices(archetypes, weights=weights)[0]
    _ensure_archetypes(draft, n)
    for person in draft.people:
        _set_since(draft, person)
    _make_circles(draft)
    names = draft.texts.names
    showcase = dict(
        zip(rng.sample(range(n), min(n, len(names.showcase))), names.showcase, strict=False)
    )
    namer = _Namer(draft)
    for index, person in enumerate(draft.people):
        namer.name(person, showcase.get(index))
    draft.contact_rows = [_contact_row(draft, p) for p in draft.people]


def _ensure_archetypes(draft: Draft, n: int) -> None:
    """Enough of each telling pattern to be seen, even in a small demo."""
    wanted = {
        "turning": min(3, n // 8),
        "cooling": min(2, n // 15),
        "on_demand": min(2, n // 15),
        "one_sided": min(2, n // 15),
    }
    for archetype, count in wanted.items():
        have = sum(1 for p in draft.people if p.archetype == archetype)
        if have >= count:
            continue
        candidates = [p for p in draft.people if p.archetype in _PLAIN]
        # Friends first for the friendship patterns.
        friends = [p for p in candidates if p.tie == Tie.FRIEND.value]
        pool = friends if len(friends) >= count - have else candidates
        for person in draft.rng.sample(pool, min(len(pool), count - have)):
            person.archetype = archetype


def _set_since(draft: Draft, p: Person) -> None:
    """When I met `p`, when things changed, and which way favors between us lean."""
    rng = draft.rng
    a = p.archetype
    if a == "new":
        p.since = draft.today - rng.randint(60, 420)
    elif a in ("turning", "cooling", "generous") or p.tie == Tie.KIN.value:
        p.since = draft.start + rng.randint(0, 300)
    elif a == "warm" or rng.random() < 0.7:
        p.since = draft.start + rng.randint(0, 120)
    else:
        p.since = draft.start + rng.randint(0, SPAN_DAYS - 150)
    if a == "turning":
        p.turn = draft.today - rng.randint(150, 190)
    elif a == "cooling":
        p.turn = draft.today - rng.randint(300, 700)
    if a in ("generous", "one_sided"):
        # Generous family mostly helps me; one-sided ties lean either way.
        leans_my_way = rng.random() < (0.7 if a == "generous" else 0.45)
        p.p_given = 0.08 if leans_my_way else 0.92
    elif a == "on_demand":
        p.p_given = 0.82


def _make_circles(draft: Draft) -> None:
    """Families, teams, friend groups, streets: who turns up together."""
    rng = draft.rng
    places = draft.texts.places
    by_tie = draft.people_by_tie()
    for tie in TIES:
        members = by_tie[tie]
        rng.shuffle(members)
        i = 0
        while i < len(members):
            size = rng.randint(3, 10)
            circle = members[i : i + size]
            ids = [p.id for p in circle]
            org = rng.choice(places.organisations)
            for person in circle:
                person.circle = ids
                if tie == Tie.COLLEAGUE.value and rng.random() < 0.85:
                    person.organization = org
                elif tie == Tie.OTHER.value and rng.random() < 0.5:
                    person.organization = rng.choice(places.service_organisations)
                elif tie == Tie.COMMUNITY.value and rng.random() < 0.2:
                    person.organization = places.food_bank.format(place=rng.choice(places.places))
                elif tie == Tie.FRIEND.value and rng.random() < 0.1:
                    person.organization = rng.choice(places.organisations)
            i += size


class _Namer:
    """Names people: by culture, families mostly sharing a family name."""

    def __init__(self, draft: Draft) -> None:
        self.rng = draft.rng
        self.texts = draft.texts.names
        self.cultures = self.texts.cultures
        self.culture_cw = cumulative([c.weight for c in self.cultures])
        self.family_names: dict[int, tuple[Culture, Name]] = {}

    def name(self, p: Person, showcase: str | None) -> None:
        """Give `p` a full name, a short name and an ASCII slug; `showcase` a culture key."""
        rng = self.rng
        culture: Culture
        if showcase == "emoji":
            culture = self.cultures[0]
        elif showcase is not None:
            culture = next(c for c in self.cultures if c.key == showcase)
        else:
            culture = rng.choices(self.cultures, cum_weights=self.culture_cw)[0]
        given, given_roman = rng.choice(culture.given)
        family, family_roman = rng.choice(culture.family)
        if p.tie == Tie.KIN.value and showcase is None:
            # Families share a name, mostly; in-laws and cousins may not.
            kept = self.family_names.setdefault(p.circle[0], (culture, (family, family_roman)))
            if rng.random() < 0.6:
                culture, (family, family_roman) = kept
                given, given_roman = rng.choice(culture.given)
        sep = culture.separator
        full = f"{family}{sep}{given}" if culture.family_first else f"{given}{sep}{family}"
        p.short = full if culture.short_is_full else given
        p.slug = f"{given_roman}.{family_roman}"
        roll = rng.random()
        if showcase == "emoji" or (showcase is None and roll < 0.006):
            full = f"{given} {rng.choice(self.texts.emoji)}"
            p.short = given
        elif showcase is None and roll < 0.02:
            if p.tie == Tie.KIN.value:
                full = f"{rng.choice(self.texts.kin_titles)} {given}"
            elif p.tie == Tie.OTHER.value:
                full = self.texts.doctor.format(family=family)
                p.short = full
            else:
                full = f"{given} ({rng.choice(self.texts.hobby_tags)})"
        p.name = full


def _contact_row(draft: Draft, p: Person) -> tuple[Any, ...]:
    """The contacts row of `p`, in the writer's column order; created_at a datetime."""
    rng = draft.rng
    texts = draft.texts.contacts
    places = draft.texts.places
    people = draft.people
    how_met = ""
    if rng.random() < 0.85:
        friend = texts.unnamed_friend
        if len(people) > 1:
            other = (p.id + rng.randrange(len(people) - 1)) % len(people)
            friend = people[other].short
        how_met = rng.choice(texts.how_met[p.tie]).format(
            friend=friend,
            org=p.organization or rng.choice(places.organisations),
            city=rng.choice(places.cities),
            place=rng.choice(places.places),
        )
    email = ""
    if rng.random() < 0.45:
        domain = (
            romanise(p.organization.replace(" ", "")) + ".example"
            if p.organization and rng.random() < 0.7
            else rng.choice(texts.email_domains)
        )
        email = f"{p.slug}@{domain}"
    phone = ""
    if rng.random() < 0.4:
        if rng.random() < 0.6:
            phone = f"+44 7700 900{rng.randint(0, 999):03d}"
        else:
            area = rng.choice([202, 212, 312, 415, 617, 718])
            phone = f"+1 {area} 555 01{rng.randint(0, 99):02d}"
    roll = rng.random()
    birthday: str | None = None
    if roll < 0.45:
        age = round(rng.triangular(16, 88, 34))
        year = dt.date(draft.today_date().year - age, 1, 1).toordinal()
        birthday = dt.date.fromordinal(year + rng.randint(0, 364)).isoformat()
    elif roll < 0.7:
        leap_year_day = dt.date(2000, 1, 1).toordinal() + rng.randint(0, 365)
        birthday = dt.date.fromordinal(leap_year_day).strftime("--%m-%d")
    close = p.tie in (Tie.KIN.value, Tie.FRIEND.value)
    keep_in_touch = (
        rng.choice([7, 14, 30, 30, 60, 90, 180, 365])
        if rng.random() < (0.45 if close else 0.1)
        else None
    )
    notes = ""
    if rng.random() < 0.25:
        notes = rng.choice(texts.notes).format(
            city=rng.choice(places.cities), handle=p.slug.replace(".", "_")
        )
    created = dt.datetime.combine(
        dt.date.fromordinal(p.since), dt.time(0, 0), tzinfo=dt.UTC
    ) + dt.timedelta(seconds=rng.randint(7 * 3600, 23 * 3600))
    return (
        p.id,
        p.name,
        p.tie,
        how_met,
        email,
        phone,
        p.organization,
        birthday,
        keep_in_touch,
        notes,
        created,
    )
