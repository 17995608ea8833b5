"""The quick log: one typed English line read as a moment or a favor.

`coffee with Sam and Ana yesterday, warm`, `Sam helped me move last Saturday,
big favor, I owe her`, `lent Jonas my drill`, `call with Mum 2026-11-30`. The
grammar (README, "Quick log") is a handful of word lists and phrases; dates are
read by `dateparser`, so "last Friday", "3 days ago", "30 Nov" and ISO days all
work without a date grammar of Kith's own. Whatever is not understood stays in
the note (a favor's description), so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.capture import vocabulary as w
from app.core.capture.people_match import MATCHED, PeopleIndex, PersonMatch, fold
from app.core.enums import Direction, Expectation, Initiator, InteractionKind

MOMENT, FAVOR = "moment", "favor"
DEFAULT_FAVOR_WEIGHT = 2  # the favor dialog's default too

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DATE = re.compile(
    r"(?:\b(?:on|since)\s+)?(?:"
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\bthe\s+day\s+before\s+yesterday\b|\b(?:today|yesterday|tonight)\b"
    r"|\bthis\s+(?:morning|afternoon|evening)\b"
    rf"|\b(?:last|this|past)\s+{_WEEKDAY}\b|\b{_WEEKDAY}\b"
    rf"|\b{_COUNT}\s+(?:days?|weeks?|months?)\s+ago\b"
    r"|\blast\s+(?:week|month)\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?(?![\w])"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    r")",
    re.IGNORECASE,
)
_FAVOR_IN = re.compile(r"\b(?:favou?rs?|help)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class Reading:
    """What Kith understood of one line: a moment or a favor, ready to save.

    `people` keeps every name found with its match; `note` is the line less the
    words that became fields (a favor's description). `day_words` is the text
    the day was read from (None: no day was given, so today).
    """

    text: str
    entry: str
    day: dt.date
    day_words: str | None
    people: tuple[PersonMatch, ...]
    note: str
    kind: InteractionKind = InteractionKind.CONVERSATION
    warmth: int | None = None
    initiated_by: Initiator | None = None
    direction: Direction | None = None
    weight: int | None = None
    expectation: Expectation | None = None
    understood: tuple[str, ...] = field(default=())

    @property
    def problems(self) -> list[str]:
        """One sentence for each thing that keeps this line from being saved as it is."""
        found = [p.sentence() for p in self.people if p.status != MATCHED]
        if not self.people:
            found.append("No person was found in the line; name who it was with.")
        if self.entry == FAVOR and not self.note:
            found.append("Say what the favor was.")
        return found

    def as_dict(self) -> dict[str, Any]:
        """The reading as plain JSON values (what `kith log --json` prints)."""
        return {
            "entry": self.entry,
            "occurred_on": self.day.isoformat(),
            "day_words": self.day_words,
            "people": [
                {
                    "text": p.text,
                    "status": p.status,
                    "contact_id": p.contact_id,
                    "candidates": [{"id": cid, "name": name} for cid, name in p.candidates],
                }
                for p in self.people
            ],
            "kind": self.kind.value if self.entry == MOMENT else None,
            "warmth": self.warmth,
            "initiated_by": self.initiated_by.value if self.initiated_by else None,
            "direction": self.direction.value if self.direction else None,
            "weight": self.weight,
            "expectation": self.expectation.value if self.expectation else None,
            "note": self.note,
        }


@dataclass
class _Token:
    text: str
    lower: str
    start: int
    end: int


class QuickLog:
    """Reads lines against one journal's people (load the index once, read per keystroke)."""

    def __init__(self, people: PeopleIndex) -> None:
        self.people = people

    def read(self, text: str, today: dt.date) -> Reading:
        """What `text` means, as of the day `today` (for "yesterday", "last Friday")."""
        line = " ".join(text.split())
        taken: list[tuple[int, int]] = []
        day, day_words = _find_day(line, today, taken)
        expectation = _first_phrase(line, w.EXPECTATION_PHRASES, taken)
        weight_taken: list[tuple[int, int]] = list(taken)
        weight = _first_phrase(line, w.WEIGHT_PHRASES, weight_taken)
        weight_words = line[weight_taken[-1][0] : weight_taken[-1][1]] if weight else ""
        tokens = [
            _Token(m.group(), _bare(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(line)
            if not _inside(m.start(), taken)
        ]
        lowers = [t.lower for t in tokens]
        is_favor = (
            expectation is not None
            or bool(_FAVOR_IN.search(weight_words))
            or any(
                word in w.FAVOR_VERBS or word in w.FAVOR_NOUNS or word in w.BORROW_VERBS
                for word in lowers
            )
        )
        if is_favor and weight is not None:
            # "a big favor" is the favor's weight; "a big dinner" says nothing of one.
            taken.append(weight_taken[-1])
            tokens = [t for t in tokens if not _inside(t.start, taken)]
        names = self._names(tokens)
        people = _distinct(self.people.match(line[a:b]) for a, b in names)
        understood = [f"day: {day.isoformat()}"]
        if is_favor:
            direction = _direction(tokens, names)
            note = _note(line, taken)
            return Reading(
                line,
                FAVOR,
                day,
                day_words,
                people,
                note,
                direction=direction,
                weight=int(weight) if weight is not None else DEFAULT_FAVOR_WEIGHT,
                expectation=Expectation(expectation) if expectation else Expectation.NONE,
                understood=tuple(understood),
            )
        warmth = _first_phrase(line, w.WARMTH_PHRASES, taken)
        return Reading(
            line,
            MOMENT,
            day,
            day_words,
            people,
            _note(line, taken),
            kind=_kind(lowers),
            warmth=int(warmth) if warmth is not None else None,
            initiated_by=_initiator(tokens, names),
            understood=tuple(understood),
        )

    def _names(self, tokens: list[_Token]) -> list[tuple[int, int]]:
        """The (start, end) of each person's name among `tokens`, in order."""
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            if not self._could_be_name(tokens, i):
                i += 1
                continue
            j = i
            # "Ana Lima": consecutive capitalised words are one name when the
            # journal knows them together, or knows neither of them alone.
            while j + 1 < len(tokens) and self._continues(tokens, i, j + 1):
                j += 1
            spans.append((tokens[i].start, tokens[j].end))
            i = j + 1
        return [(a, _strip_possessive_end(tokens, a, b)) for a, b in spans]

    def _continues(self, tokens: list[_Token], first: int, nxt: int) -> bool:
        token, before = tokens[nxt], tokens[nxt - 1]
        if token.start - before.end != 1 or not token.text[:1].isupper():
            return False
        if token.lower in w.NOT_NAMES or before.text.endswith(("'s", "’s")):
            return False
        joined = " ".join(t.text for t in tokens[first : nxt + 1])
        if self.people.knows(joined):
            return True
        return not self.people.knows(token.text) and not self.people.knows(tokens[first].text)

    def _could_be_name(self, tokens: list[_Token], i: int) -> bool:
        token = tokens[i]
        if token.lower in w.NOT_NAMES:
            return False
        known = self.people.knows(token.lower)
        if not token.text[:1].isupper():
            return known  # "call with mum": a lowercase word only when it is someone's name
        if known:
            return True
        previous = tokens[i - 1].lower if i > 0 else ""
        if previous in w.PLACE_WORDS:
            return False  # "dinner with Sam in Lisbon"
        if previous == "to" and (i < 2 or tokens[i - 2].lower not in w.TO_PERSON_VERBS):
            return False  # "drove Ana to Porto", but "lent it to Jonas"
        if i == 0:
            # A capital at the start of the line is only a name before "and" or a verb:
            # "Sam helped me", not "Brunch with Sam".
            following = tokens[1].lower if len(tokens) > 1 else ""
            return following in w.AFTER_SUBJECT or token.text.endswith(("'s", "’s"))
        return True


def _distinct(matches: Iterable[PersonMatch]) -> tuple[PersonMatch, ...]:
    """Each person once ("babysat for Priya, Priya owes me" is one favor)."""
    seen: set[object] = set()
    kept = []
    for match in matches:
        key: object = match.contact_id if match.contact_id is not None else fold(match.text)
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return tuple(kept)


def _bare(word: str) -> str:
    lower = word.lower().replace("’", "'")
    return lower[:-2] if lower.endswith("'s") else lower


def _strip_possessive_end(tokens: list[_Token], start: int, end: int) -> int:
    for token in tokens:
        if token.end == end and token.text.endswith(("'s", "’s")):
            return end - 2
    return end


def _inside(position: int, taken: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in taken)


def _find_day(
    line: str, today: dt.date, taken: list[tuple[int, int]]
) -> tuple[dt.date, str | None]:
    for match in _DATE.finditer(line):
        words = match.group()
        day = read_day(words, today)
        if day is not None:
            taken.append(match.span())
            return day, words
    return today, None


_DATEPARSER: Any = None


def read_day(words: str, today: dt.date) -> dt.date | None:
    """The day `words` name, as of `today` (dateparser, English, day-first, in the past)."""
    global _DATEPARSER
    phrase = re.sub(r"^(?:on|since)\s+", "", words.strip(), flags=re.IGNORECASE)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return dt.date.fromisoformat(phrase)
        except ValueError:
            return None
    lowered = phrase.lower()
    if re.fullmatch(rf"(?:last\s+|past\s+)?{_WEEKDAY}", lowered):
        # dateparser reads a bare weekday as this week's; people mean the latest one
        # before today ("last Friday" said on a Friday is a week ago).
        wanted = w.WEEKDAYS.index(lowered.split()[-1])
        back = (today.weekday() - wanted) % 7 or 7
        return today - dt.timedelta(days=back)
    if lowered.startswith("this ") and lowered.split()[-1] in w.WEEKDAYS:
        wanted = w.WEEKDAYS.index(lowered.split()[-1])
        return today - dt.timedelta(days=(today.weekday() - wanted) % 7)
    if lowered in ("tonight", "this morning", "this afternoon", "this evening"):
        return today
    if lowered == "the day before yesterday":
        return today - dt.timedelta(days=2)
    if _DATEPARSER is None:
        import dateparser  # 0.2 s to import: only when a line has a date in words

        _DATEPARSER = dateparser
    moment = dt.datetime.combine(today, dt.time(12))
    settings = {
        "RELATIVE_BASE": moment,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found = _DATEPARSER.parse(phrase, languages=["en"], settings=settings)
    return found.date() if found is not None else None


def _first_phrase(
    line: str, phrases: tuple[tuple[re.Pattern[str], str], ...], taken: list[tuple[int, int]]
) -> str | None:
    """The value of the earliest phrase of `phrases` in `line` (its span is marked taken)."""
    best: tuple[int, int, str] | None = None
    for pattern, value in phrases:
        for match in pattern.finditer(line):
            if _inside(match.start(), taken):
                continue
            if best is None or match.start() < best[0]:
                own = value if value != "?" else match.group(1)
                best = (match.start(), match.end(), own)
            break
    if best is None:
        return None
    taken.append((best[0], best[1]))
    return best[2]


def _kind(lowers: list[str]) -> InteractionKind:
    for word in lowers:
        kind = w.KIND_WORDS.get(word)
        if kind is not None:
            return InteractionKind(kind)
    if "met" in lowers or "meet" in lowers:
        return InteractionKind.MEETING
    return InteractionKind.CONVERSATION


def _subject_of(tokens: list[_Token], names: list[tuple[int, int]], verb: int) -> str:
    """Who does the verb at `verb`: "me", "them" (a person or she/he/they) or "" (nobody said)."""
    if verb == 0:
        return ""
    before = tokens[verb - 1]
    if before.lower in w.ADVERBS and verb >= 2:
        before = tokens[verb - 2]
    if before.lower in ("i", "i've", "i'd", "we"):
        return "me"
    if before.lower in w.THIRD_PERSONS or any(a <= before.start < b for a, b in names):
        return "them"
    return ""


def _direction(tokens: list[_Token], names: list[tuple[int, int]]) -> Direction:
    lowers = [t.lower for t in tokens]
    text = " ".join(lowers)
    if re.search(r"\bowes? me\b", text):
        return Direction.GIVEN
    if re.search(r"\b(?:i|we) owe\b", text) or re.search(r"^owe\b", text):
        return Direction.RECEIVED
    for i, word in enumerate(lowers):
        if word in w.BORROW_VERBS:
            # Borrowing from someone is a favor they did me, unless they borrowed.
            return (
                Direction.GIVEN if _subject_of(tokens, names, i) == "them" else Direction.RECEIVED
            )
        if word in w.RECEIVE_VERBS:
            return (
                Direction.GIVEN if _subject_of(tokens, names, i) == "them" else Direction.RECEIVED
            )
        if word in w.FAVOR_VERBS:
            subject = _subject_of(tokens, names, i)
            if subject == "them":
                return Direction.RECEIVED
            if subject == "me":
                return Direction.GIVEN
            after = lowers[i + 1 : i + 3]
            if "me" in after or "us" in after:
                return Direction.RECEIVED
            return Direction.GIVEN
    if re.search(r"\b(?:favou?r|help)\s+from\b", text) or re.search(r"\bdid me\b", text):
        return Direction.RECEIVED
    if re.search(r"\bthanks? to\b", text):
        return Direction.RECEIVED
    return Direction.GIVEN


def _initiator(tokens: list[_Token], names: list[tuple[int, int]]) -> Initiator | None:
    lowers = [t.lower for t in tokens]
    joined = " ".join(lowers)
    if re.search(r"\b(?:we both|both of us|mutual(?:ly)?)\b", joined):
        return Initiator.MUTUAL
    if re.search(r"\b(?:invited|called|asked) by\b", joined):
        return Initiator.THEM
    for i, word in enumerate(lowers):
        if word in w.INITIATING_VERBS:
            subject = _subject_of(tokens, names, i)
            if subject == "them":
                return Initiator.THEM
            if subject == "me" or i == 0:
                return Initiator.ME
    return None


def _note(line: str, taken: list[tuple[int, int]]) -> str:
    """The line less what became fields, tidied of the commas and links left dangling."""
    kept = []
    position = 0
    for start, end in sorted(taken):
        kept.append(line[position:start])
        position = max(position, end)
    kept.append(line[position:])
    text = " ".join("".join(kept).split())
    text = re.sub(r"\s+([,;.!?])", r"\1", text)
    text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"(?:^|\s)(?:and|with|a|an|the|on|at|,|;|-)\s*$", "", text, flags=re.I)
        text = re.sub(r"^\s*(?:,|;|-|and)\s*", "", text, flags=re.I)
        text = text.strip(" ,;-")
    return text
