"""Each person's history with me: moments together and favors, in their archetype's manner."""

from __future__ import annotations

import math

from app.core.demo.archetypes import ACTIVITY, MINIMUM, SPAN_DAYS, Style, styles
from app.core.demo.draft import Draft, FavorRec, Person
from app.core.enums import Direction, Expectation, Initiator, InteractionKind

_KINDS = [k.value for k in InteractionKind]
_INITIATORS: list[str | None] = [Initiator.ME.value, Initiator.THEM.value, Initiator.MUTUAL.value]
_INITIATORS.append(None)
_EXPECTATIONS = [e.value for e in Expectation]
_GIVEN = Direction.GIVEN.value
_RECEIVED = Direction.RECEIVED.value
_EXPLICIT = Expectation.EXPLICIT.value
# Kinds a group of people can share (a group call, a dinner, a team meeting).
_GROUPABLE = frozenset(
    k.value
    for k in (
        InteractionKind.CONVERSATION,
        InteractionKind.SHARED_TIME,
        InteractionKind.CALL,
        InteractionKind.MEETING,
        InteractionKind.OTHER,
    )
)


def make_histories(draft: Draft, budget: int) -> None:
    """About `budget` moments and favors in all, shared out over the people of `draft`."""
    _allocate(draft, budget)
    _Historian(draft).run()


def _allocate(draft: Draft, budget: int) -> None:
    """Share the people's entries out: some people fill a journal, most don't."""
    rng = draft.rng
    # Busier people fill more pages; so do those known for longer.
    weights = [
        ACTIVITY[p.archetype]
        * rng.lognormvariate(0, 0.6)
        * math.sqrt(max(0.1, (draft.today - p.since) / SPAN_DAYS))
        for p in draft.people
    ]
    minimum = [MINIMUM.get(p.archetype, 0) for p in draft.people]
    scale = min(1.0, budget * 0.5 / (sum(minimum) or 1))
    reserved = [math.floor(m * scale) for m in minimum]
    rest = budget - sum(reserved)
    total = sum(weights)
    shares = [rest * w / total for w in weights]
    counts = [r + math.floor(s) for r, s in zip(reserved, shares, strict=True)]
    leftover = budget - sum(counts)
    by_fraction = sorted(
        range(len(shares)), key=lambda i: (shares[i] - math.floor(shares[i]), -i), reverse=True
    )
    for i in by_fraction[:leftover]:
        counts[i] += 1
    for person, count in zip(draft.people, counts, strict=True):
        person.budget = count


class _Historian:
    """Writes each person's budget of entries into the draft's moments and favors."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.rng = draft.rng
        self.today = draft.today
        self.people = draft.people
        self.moments = draft.moments
        self.favors = draft.favors
        self.styles = styles(draft.texts)
        texts = draft.texts
        self.favor_texts = texts.favors
        self.low_warmth_notes = texts.moments.low_warmth_notes
        self.follow_up = texts.moments.follow_up
        moments = texts.moments
        subjects = list(
            zip(moments.topics, moments.work * 2, texts.places.places * 2, strict=False)
        )
        self.notes = {
            kind: [
                template.format(topic=topic, work=work, place=place)
                for template in templates
                for topic, work, place in subjects
            ]
            for kind, templates in moments.notes.items()
        }

    def run(self) -> None:
        """Every person's history, in id order; now and then a word of progress."""
        draft = self.draft
        rng = self.rng
        warm = self.styles["warm"]
        total = len(self.people)
        for index, p in enumerate(self.people):
            n = p.budget
            if n <= 0:
                continue
            a = p.archetype
            if a == "turning" and p.turn is not None:
                recent = round(n * rng.uniform(0.35, 0.45))
                self._stretch(p, warm, p.since, p.turn - 1, n - recent)
                self._stretch(p, self.styles["trading"], p.turn, self.today, recent)
            elif a == "cooling" and p.turn is not None:
                fraction = (self.today - p.turn) / (self.today - p.since)
                later = max(round(n * 0.8 * fraction), n // 4)
                self._stretch(p, warm, p.since, p.turn - 1, n - later)
                self._stretch(p, self.styles["cooling"], p.turn, self.today, later)
            else:
                self._stretch(p, self.styles[a], p.since, self.today, n)
            if index % 500 == 0:
                draft.progress(0.05 + 0.4 * index / total)

    def _stretch(self, p: Person, style: Style, a: int, b: int, n: int) -> None:
        """`n` entries with `p` between days `a` and `b`, in the manner of `style`."""
        rng = self.rng
        rand = rng.random
        randint = rng.randint
        choices = rng.choices
        gauss = rng.gauss
        moments = self.moments
        favors = self.favors
        words = self.favor_texts
        today = self.today
        span = max(1, b - a)
        w0, w1, wsd = style.warmth
        p_given = p.p_given if style.p_given is None else style.p_given
        while n > 0:
            if not style.talk_around and rand() >= style.favor_share:
                # A moment together.
                u = rand()
                if style.shape == "declining":
                    u = 1 - math.sqrt(1 - u)
                elif style.shape == "rising":
                    u = math.sqrt(u)
                d = a + int(u * span + 0.5)
                kind = choices(_KINDS, cum_weights=style.kind_cw)[0]
                warmth = None
                if rand() >= style.missing_warmth:
                    warmth = min(5, max(1, round(gauss(w0 + (w1 - w0) * (d - a) / span, wsd))))
                people: tuple[int, ...] = (p.id,)
                if kind in _GROUPABLE and rand() < style.group:
                    people = self._group(p, d)
                moments.append(
                    (
                        d,
                        len(moments),
                        kind,
                        warmth,
                        choices(_INITIATORS, cum_weights=style.initiated_cw)[0],
                        self._note(kind, warmth, style),
                        people,
                    )
                )
                n -= 1
                continue
            # A favor, perhaps with talk around it, perhaps repaid.
            d = randint(a, b)
            given = rand() < p_given
            expectation = choices(_EXPECTATIONS, cum_weights=style.expectation_cw)[0]
            phrase, low, high = rng.choice(style.pool)
            weight = randint(low, high)
            if style.talk_around and n > 1:
                asked = max(p.since, d - randint(0, 3))
                note = (words.asked_me if given else words.asked_them).format(favor=phrase)
                self._talk(p, style, asked, Initiator.THEM if given else Initiator.ME, note)
                n -= 1
            description = phrase
            if expectation == _EXPLICIT and rand() < 0.35:
                description += rng.choice(words.explicit_suffixes)
            favor = FavorRec(
                d,
                len(favors),
                p.id,
                _GIVEN if given else _RECEIVED,
                weight,
                expectation,
                phrase,
                description[0].upper() + description[1:],
                None,
            )
            favors.append(favor)
            n -= 1
            if style.talk_around and n > 0 and rand() < 0.5:
                thanked = min(today, d + randint(0, 2))
                by = Initiator.THEM if given else Initiator.ME
                self._talk(p, style, thanked, by, words.thanks.format(favor=phrase))
                n -= 1
            if n > 0 and rand() < style.returns[_EXPECTATIONS.index(expectation)]:
                returned = d + randint(*style.lag)
                if returned <= today:
                    back, low, high = rng.choice(style.pool)
                    if back == phrase and not style.tit_for_tat:
                        back, low, high = rng.choice(style.pool)
                    if style.tit_for_tat:
                        back_weight = min(5, max(1, weight + randint(-1, 1)))
                    else:
                        back_weight = randint(low, high)
                    text = words.in_return.format(favor=back, original=phrase)
                    favors.append(
                        FavorRec(
                            returned,
                            len(favors),
                            p.id,
                            _RECEIVED if given else _GIVEN,
                            back_weight,
                            choices(_EXPECTATIONS, cum_weights=style.return_expectation_cw)[0],
                            back,
                            text[0].upper() + text[1:],
                            favor,
                        )
                    )
                    n -= 1

    def _talk(self, p: Person, style: Style, d: int, by: Initiator, note: str) -> None:
        """A message or call around a favor: contact on demand."""
        rng = self.rng
        kind = InteractionKind.MESSAGE.value if rng.random() < 0.65 else InteractionKind.CALL.value
        w0, _w1, wsd = style.warmth
        warmth = None if rng.random() < 0.2 else min(5, max(1, round(rng.gauss(w0, wsd))))
        self.moments.append((d, len(self.moments), kind, warmth, by.value, note, (p.id,)))

    def _group(self, p: Person, d: int) -> tuple[int, ...]:
        """`p` and one to three others from their circle who were known by day `d`."""
        people = self.people
        # Not those whose relationship with me had already turned or cooled by then.
        others = [
            c
            for c in p.circle
            if c != p.id
            and people[c - 1].since <= d
            and (people[c - 1].turn is None or d < people[c - 1].turn)  # type: ignore[operator]
        ]
        if not others:
            return (p.id,)
        k = min(len(others), self.rng.choice((1, 1, 1, 2, 2, 3)))
        return (p.id, *self.rng.sample(others, k))

    def _note(self, kind: str, warmth: int | None, style: Style) -> str:
        """A note on a moment, or none: the style's own, a cool one, or one of its kind."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            return ""
        if style.notes and roll < 0.6:
            return rng.choice(style.notes)
        if warmth is not None and warmth <= 2 and roll < 0.55:
            return rng.choice(self.low_warmth_notes)
        note = rng.choice(self.notes[kind])
        if roll > 0.985:
            note += self.follow_up
        return note
