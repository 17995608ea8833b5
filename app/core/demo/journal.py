"""Journal entries of a demo: about people (their archetype shows), coalitions, and life."""

from __future__ import annotations

from app.core.demo.draft import Draft

# Archetypes whose entries are worth reading more often.
_TELLING = ("turning", "cooling", "one_sided")


def make_journal(draft: Draft, count: int) -> None:
    """`count` journal entries into `draft`, dated within what each is about."""
    rng = draft.rng
    texts = draft.texts.journal
    people = draft.people
    telling = [p for p in people if p.archetype in _TELLING]
    dated = [c for c in draft.coalitions if c.start is not None]
    for _ in range(count):
        roll = rng.random()
        contact_id: int | None = None
        coalition_id: int | None = None
        if roll < 0.5:
            p = rng.choice(telling) if telling and rng.random() < 0.4 else rng.choice(people)
            d = rng.randint(p.since, draft.today)
            contact_id = p.id
            if p.archetype == "turning" and p.turn is not None and rng.random() < 0.7:
                d = rng.randint(p.turn, draft.today)
                text = rng.choice(texts.turned).format(name=p.short)
            elif p.archetype == "cooling" and p.turn is not None:
                d = rng.randint(p.turn, draft.today)
                text = rng.choice(texts.by_archetype["cooling"]).format(name=p.short)
            else:
                pool = texts.by_archetype[p.archetype]
                if p.archetype == "turning" and p.turn is not None:
                    d = rng.randint(p.since, p.turn - 1)
                text = rng.choice(pool).format(name=p.short)
        elif roll < 0.7 and dated:
            c = rng.choice(dated)
            assert c.start is not None
            d = rng.randint(c.start, c.end if c.end is not None else draft.today)
            coalition_id = c.id
            text = rng.choice(texts.coalition).format(coalition=c.name)
        else:
            d = rng.randint(draft.start, draft.today)
            text = rng.choice(texts.free)
        draft.entries.append((d, len(draft.entries), text, contact_id, coalition_id))
