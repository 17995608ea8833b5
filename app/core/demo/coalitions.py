"""Coalitions of a demo: their causes, members and joint actions.

Each coalition gets a *profile* that shapes what the reflection engine should
find in it: vague goals, unequal commitment, disagreement, a free rider, or a
healthy one where everyone knows and shares the goal.
"""

from __future__ import annotations

import random

from app.core.demo.archetypes import SPAN_DAYS
from app.core.demo.draft import CoalitionRec, Draft, Person
from app.core.demo.texts import CoalitionKind
from app.core.enums import CoalitionStatus, Formality

_STATUSES = [s.value for s in CoalitionStatus]
_FORMAL = Formality.FORMAL.value
_INFORMAL = Formality.INFORMAL.value
_PROFILES = ["vague", "unequal", "disagree", "healthy", "free_rider", "mixed"]
# How often each status's coalitions act together, relatively.
_ACTIVITY = {"forming": 0.3, "active": 1.5, "achieved": 1.0, "dissolved": 0.6}


def make_coalitions(draft: Draft, count: int) -> None:
    """`count` coalitions with their members, into `draft`; every status and profile shows."""
    rng = draft.rng
    every = draft.texts.coalitions.kinds
    kinds = rng.sample(every, min(count, len(every)))
    kinds += rng.choices(every, k=count - len(kinds))
    statuses = _STATUSES[:]
    rng.shuffle(statuses)
    statuses += rng.choices(_STATUSES, weights=[15, 45, 20, 20], k=max(0, count - 4))
    profiles = _PROFILES[:]
    rng.shuffle(profiles)
    profiles += rng.choices(_PROFILES, k=max(0, count - len(profiles)))
    by_tie = draft.people_by_tie()
    for number, (kind, status, profile) in enumerate(
        zip(kinds, statuses, profiles, strict=False), 1
    ):
        _coalition(draft, number, kind, status, profile, by_tie)


def _coalition(
    draft: Draft,
    number: int,
    kind: CoalitionKind,
    status: str,
    profile: str,
    by_tie: dict[str, list[Person]],
) -> None:
    """Coalition `number`: its row, its members' rows, and its record for joint actions."""
    rng = draft.rng
    today = draft.today
    texts = draft.texts
    places = texts.places
    fields = {
        "street": rng.choice(places.streets),
        "place": rng.choice(places.places),
        "school": rng.choice(places.schools),
        "org": rng.choice(places.organisations),
    }
    if "{year}" in kind.name:
        fields["year"] = str(draft.today_date().year - rng.randint(0, 5))
    name = kind.name.format(**fields)
    start: int | None
    end: int | None = None
    if status == CoalitionStatus.FORMING.value:
        start = today - rng.randint(5, 80) if rng.random() < 0.5 else None
    elif status == CoalitionStatus.ACTIVE.value:
        start = today - rng.randint(90, SPAN_DAYS - 30)
    else:
        start = today - rng.randint(200, SPAN_DAYS - 30)
        end = min(today - 1, start + rng.randint(60, 700))
    issue, outcome = kind.issue, kind.outcome
    if profile == "vague":
        roll = rng.random()
        if roll < 0.45:
            issue = ""
        elif roll < 0.9:
            outcome = ""
        else:
            issue = outcome = ""
    formality = kind.formality
    if rng.random() < 0.15:
        formality = _INFORMAL if formality == _FORMAL else _FORMAL
    differences = ""
    if profile != "vague" and rng.random() < 0.8:
        differences = rng.choice(texts.coalitions.differences[formality])
    my_commitment = None if rng.random() < 0.1 else rng.choice([2, 3, 3, 4, 4, 5])
    if profile == "unequal":
        my_commitment = 5
    my_interest = rng.choice(kind.my_interests) if rng.random() < 0.9 else ""

    members = _members(draft, number, kind, formality, profile, start, end, by_tie)
    # Some active coalitions have gone quiet: no joint action for a long time.
    last_action = end if end is not None else today
    if status == CoalitionStatus.ACTIVE.value and start is not None and rng.random() < 0.3:
        last_action = max(start, today - rng.randint(200, 400))
    draft.coalitions.append(CoalitionRec(number, name, status, start, end, last_action, members))
    draft.coalition_rows.append(
        (
            number,
            name,
            issue,
            outcome,
            formality,
            status,
            start,
            end,
            my_interest,
            my_commitment,
            differences,
        )
    )
    draft.coalition_kinds.append(kind)


def _members(
    draft: Draft,
    number: int,
    kind: CoalitionKind,
    formality: str,
    profile: str,
    start: int | None,
    end: int | None,
    by_tie: dict[str, list[Person]],
) -> list[tuple[int, int | None, int | None]]:
    """Members of coalition `number`, as rows into `draft`; (contact, joined, left) each."""
    rng = draft.rng
    today = draft.today
    texts = draft.texts.coalitions
    chosen = _choose_members(rng, draft.people, kind, by_tie)
    roles = texts.roles[formality]
    lead = texts.lead_formal if formality == _FORMAL else rng.choice(texts.leads_informal)
    strong = rng.randrange(len(chosen))
    members: list[tuple[int, int | None, int | None]] = []
    for place, person in enumerate(chosen):
        joined: int | None
        left: int | None = None
        if start is None:
            joined = today - rng.randint(0, 60) if rng.random() < 0.5 else None
        else:
            until = end if end is not None else today
            joined = max(start, person.since) + rng.randint(0, max(0, (until - start) // 3))
            joined = start if place == 0 else min(joined, until)
            if place > 0 and rng.random() < 0.1 and until - joined > 30:
                left = joined + rng.randint(30, until - joined)
        interest = rng.choice(kind.interests)
        commitment: int | None = None if rng.random() < 0.1 else rng.randint(2, 5)
        knows: bool | None = rng.choices([True, False, None], weights=[80, 8, 12])[0]
        agrees: bool | None = rng.choices([True, False, None], weights=[75, 10, 15])[0]
        if profile == "healthy":
            interest = interest or kind.interests[0]
            commitment, knows, agrees = rng.randint(3, 5), True, True
        elif profile == "unequal":
            commitment = 5 if place == strong else rng.randint(1, 2)
        elif profile == "disagree" and rng.random() < 0.45:
            agrees = False
            knows = rng.choice([True, True, False])
        elif profile == "free_rider" and place == strong:
            interest, commitment = "", rng.choice([1, None])
        elif profile == "vague":
            knows = rng.choice([None, None, False, True])
            agrees = rng.choice([None, True])
        role = lead if place == 0 else rng.choice(roles)
        draft.membership_rows.append(
            (
                len(draft.membership_rows) + 1,
                number,
                person.id,
                role,
                interest,
                commitment,
                None if knows is None else int(knows),
                None if agrees is None else int(agrees),
                joined,
                left,
            )
        )
        members.append((person.id, joined, left))
    return members


def _choose_members(
    rng: random.Random, people: list[Person], kind: CoalitionKind, by_tie: dict[str, list[Person]]
) -> list[Person]:
    """Three to nine people, mostly of the ties `kind` draws on; the one who started it first."""
    size = min(len(people), rng.randint(3, 9))
    pool = [p for tie in kind.ties for p in by_tie[tie]]
    chosen: list[Person] = rng.sample(pool, min(len(pool), size))
    seen = {p.id for p in chosen}
    while len(chosen) < size:
        extra = people[rng.randrange(len(people))]
        if extra.id not in seen:
            seen.add(extra.id)
            chosen.append(extra)
    # The one who started it with me is there from the first day to the last.
    first = min(range(len(chosen)), key=lambda i: chosen[i].since)
    chosen[0], chosen[first] = chosen[first], chosen[0]
    return chosen


def make_joint_actions(draft: Draft, budget: int) -> int:
    """About `budget` joint actions, over the coalitions' lives; how many there are."""
    rng = draft.rng
    open_ = [
        (c, k)
        for c, k in zip(draft.coalitions, draft.coalition_kinds, strict=True)
        if c.start is not None and c.last_action is not None
    ]
    if not open_:
        return 0
    picks = rng.choices(open_, weights=[_ACTIVITY[c.status] for c, _k in open_], k=budget)
    for coalition, kind in picks:
        assert coalition.start is not None and coalition.last_action is not None
        d = rng.randint(coalition.start, max(coalition.start, coalition.last_action))
        description, outcomes = rng.choice(kind.actions)
        outcome = rng.choice(outcomes)
        present = [
            cid
            for cid, joined, left in coalition.members
            if (joined is None or joined <= d) and (left is None or left >= d)
        ]
        k = min(len(present), rng.randint(1, 6))
        draft.actions.append(
            (
                d,
                len(draft.actions),
                coalition.id,
                description,
                outcome,
                tuple(rng.sample(present, k)),
            )
        )
    return len(draft.actions)
