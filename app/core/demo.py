"""Synthetic demo journals: realistic, varied and reproducible.

`generate_demo` writes a new journal full of invented people, moments, favors,
coalitions and reflections. It is what a person sees first under "Explore a demo
journal", what benchmarks run against (ten thousand people, half a million
entries), and what the reflection engine is tuned on, so the histories follow
real patterns rather than uniform noise. Each person gets an *archetype*:

- ``warm``: a good friend; many warm moments, occasional gifts both ways.
- ``professional``: a colleague; meetings and favors, steady and reciprocal.
- ``generous``: family that helps a lot, one way, warmly, expecting nothing.
- ``one_sided``: favors run heavily one way, with expectations, rarely returned.
- ``on_demand``: contact only around favors, silence in between.
- ``cooling``: warm for years, then warmth and time together fall while favors go on.
- ``turning``: warm for years; in the last ~6 months, tit-for-tat favor trading
  with explicit expectations and quick repayments.
- ``neighbourly``: small mutual favors, loosely returned.
- ``occasional``: an acquaintance; sparse, lukewarm.
- ``new``: met in the last year or so; warmth growing.

Everything is drawn from one `random.Random(seed)`; nothing reads the clock but
`today`. The same seed, sizes and `today` give the same rows, ids included.
Rows are written with bulk executemany inside one transaction, with ids assigned
here (in date order), so that references need no reading back.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Dialect, Table
from sqlalchemy.types import TypeEngine

from app.core import store
from app.core.enums import (
    CoalitionStatus,
    Direction,
    Expectation,
    Formality,
    Initiator,
    InteractionKind,
    Tie,
)
from app.core.models import (
    Base,
    Coalition,
    Contact,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    interaction_participants,
    joint_action_participants,
)

# Columns written, in the order of the row tuples built below (deleted_at stays NULL).
_CONTACT_COLUMNS = [
    "id",
    "name",
    "tie",
    "how_met",
    "email",
    "phone",
    "organization",
    "birthday",
    "keep_in_touch_days",
    "notes",
    "created_at",
]
_INTERACTION_COLUMNS = ["id", "occurred_on", "kind", "warmth", "initiated_by", "note"]
_FAVOR_COLUMNS = [
    "id",
    "contact_id",
    "direction",
    "occurred_on",
    "description",
    "weight",
    "expectation",
    "returns_favor_id",
]
_COALITION_COLUMNS = [
    "id",
    "name",
    "issue",
    "desired_outcome",
    "formality",
    "status",
    "started_on",
    "ended_on",
    "my_interest",
    "my_commitment",
    "differences",
]
_MEMBERSHIP_COLUMNS = [
    "id",
    "coalition_id",
    "contact_id",
    "role",
    "interest",
    "commitment",
    "knows_goal",
    "agrees_outcome",
    "joined_on",
    "left_on",
]
_ACTION_COLUMNS = ["id", "coalition_id", "occurred_on", "description", "outcome"]
_ENTRY_COLUMNS = ["id", "written_on", "text", "contact_id", "coalition_id", "prompt_rule"]

# About six years of history before `today`.
SPAN_DAYS = 6 * 365
EVENTS_PER_PERSON = 30
_CHUNK = 20_000

_TIES = [t.value for t in Tie]
_KINDS = [k.value for k in InteractionKind]
_INITIATORS: list[str | None] = [Initiator.ME.value, Initiator.THEM.value, Initiator.MUTUAL.value]
_INITIATORS.append(None)
_EXPECTATIONS = [e.value for e in Expectation]
_GIVEN = Direction.GIVEN.value
_RECEIVED = Direction.RECEIVED.value
_NONE, _IMPLICIT, _EXPLICIT = _EXPECTATIONS
_STATUSES = [s.value for s in CoalitionStatus]
_FORMAL = Formality.FORMAL.value
_INFORMAL = Formality.INFORMAL.value
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


@dataclass(frozen=True)
class DemoSummary:
    """What `generate_demo` wrote, and how long it took."""

    path: Path
    contacts: int
    events: int  # interactions + favors + joint actions + journal entries written
    seconds: float

    def __str__(self) -> str:
        people = "person" if self.contacts == 1 else "people"
        entries = "entry" if self.events == 1 else "entries"
        return (
            f"demo journal {self.path}: {self.contacts} {people}, "
            f"{self.events} {entries} in {self.seconds:.1f} s"
        )


def generate_demo(
    path: Path,
    *,
    contacts: int = 40,
    events: int | None = None,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[float], None] | None = None,
) -> DemoSummary:
    """Write a new demo journal at `path` and say what went into it.

    `contacts` people and `events` entries in all (interactions, favors, joint
    actions and journal entries; about 30 per person when None), dated over the
    six years up to `today` (default: the local date). The same `seed`, sizes and
    `today` always give identical rows. `progress`, if given, is called now and
    then with the fraction done (0.0 to 1.0).

    Refuses, with JournalExistsError, to touch an existing file. If writing
    fails half-way, the new file is removed again, so nothing half-made is left.
    """
    if contacts < 1:
        raise ValueError(f"a demo journal needs at least one person, not {contacts}")
    if events is not None and events < 0:
        raise ValueError(f"the number of entries cannot be negative ({events})")
    started = time.perf_counter()
    report = progress or _ignore
    report(0.0)
    journal = store.create_journal(path)
    try:
        demo = _Demo(
            random.Random(seed),
            today or dt.date.today(),
            contacts,
            EVENTS_PER_PERSON * contacts if events is None else events,
            report,
        )
        demo.generate()
        with journal.engine.begin() as connection:
            written = demo.write(connection)
    except BaseException:
        journal.close()
        _discard(journal.path)
        raise
    journal.close()
    report(1.0)
    return DemoSummary(journal.path, contacts, written, time.perf_counter() - started)


def _ignore(_fraction: float) -> None:
    return None


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _discard(path: Path) -> None:
    """Remove a demo journal this call created and could not finish."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


# ---- the vocabulary of invented lives ---------------------------------------------------

# Cultures of names: given names, family names, and how a full name is put together.
# "Display|romanised" where the display form is not in Latin script.
_CULTURES: list[tuple[float, str, str, str, bool, str]] = [
    # weight, given names, family names, separator, family name first, key
    (
        26,
        "Sam Olivia James Hannah Tom Grace Ben Chloe Daniel Emily Harry Lucy Jack Megan Oliver "
        "Rosie Alex Jess Michael Sarah Rob Kate Chris Amy Nathan Holly Ruth Ewan",
        "Taylor Brown Wilson Evans Thompson Walker Wright Hughes Green Hall Clarke Turner Parker "
        "Cooper Bennett Reid Murphy O'Brien Fletcher Holmes McAllister Doyle",
        " ",
        False,
        "english",
    ),
    (
        8,
        "José María Lucía Alejandro Sofía Martín Valentina Andrés Camila Íñigo Begoña Raúl Inés",
        "García Álvarez Núñez Muñoz Rodríguez Fernández López Peña Ibáñez Ortega Castillo",
        " ",
        False,
        "spanish",
    ),
    (
        6,
        "Hélène Théo Anaïs Benoît Élodie Jérôme Camille Maëlle François Céline Noémie",
        "Lefèvre Durand Girard Bélanger Moreau Rousseau Faure Chevalier Lemaître",
        " ",
        False,
        "french",
    ),
    (
        6,
        "Jürgen Søren Åsa Björn Ingrid Lena Matthias Sigrún Jonas Frida Jörg Maja",
        "Müller Østergaard Lindqvist Schäfer Bergström Hoffmann Jónsdóttir Weiß Kühn",
        " ",
        False,
        "germanic",
    ),
    (
        4,
        "Łukasz Agnieszka Zuzana Tomasz Małgorzata Jiří Kasia Ondřej Wojciech",
        "Wójcik Nowak Dvořák Kowalczyk Zieliński Novotný Król",
        " ",
        False,
        "slavic",
    ),
    (
        4,
        "Elif Mert Zeynep Emre Ayşe Can Deniz Burak",
        "Şahin Yılmaz Demir Çelik Aydın Öztürk Kılıç",
        " ",
        False,
        "turkish",
    ),
    (
        4,
        "ليلى|Layla يوسف|Youssef مريم|Maryam عمر|Omar فاطمة|Fatima كريم|Karim نور|Nour سلمى|Salma",
        "حداد|Haddad منصور|Mansour الخطيب|Alkhatib النجار|Najjar سعيد|Saeed عيسى|Issa",
        " ",
        False,
        "arabic",
    ),
    (
        5,
        "Layla Youssef Omar Nour Karim Rania Tariq Samira Hana Bilal",
        "Haddad Mansour El-Amin Khoury Nasser Saleh Farouk",
        " ",
        False,
        "arabic-latin",
    ),
    (
        4,
        "芳|fang 伟|wei 静|jing 磊|lei 娜|na 洋|yang 敏|min 婷|ting 晓明|xiaoming 丽华|lihua",
        "王|wang 李|li 陈|chen 张|zhang 刘|liu 杨|yang 黄|huang 赵|zhao",
        "",
        True,
        "chinese",
    ),
    (
        4,
        "Wei Mei Jun Lin Xiaoling Hao Yue",
        "Chen Wang Li Zhang Liu Huang Zhou",
        " ",
        False,
        "chinese-latin",
    ),
    (
        3,
        "花子|hanako 健|ken 美咲|misaki 翔太|shota 由美|yumi 大輔|daisuke 陽菜|hina",
        "佐藤|sato 鈴木|suzuki 高橋|takahashi 田中|tanaka 渡辺|watanabe 山本|yamamoto",
        " ",
        True,
        "japanese",
    ),
    (
        3,
        "민준|minjun 서연|seoyeon 지훈|jihoon 수빈|subin 하은|haeun 도윤|doyun",
        "김|kim 이|lee 박|park 최|choi 정|jung",
        "",
        True,
        "korean",
    ),
    (
        8,
        "Priya Arjun Ananya Rohan Kavya Vikram Meera Aditya Divya Sanjay Lakshmi",
        "Raman Mehta Iyer Sharma Nair Patel Reddy Gupta Krishnan",
        " ",
        False,
        "indian",
    ),
    (
        6,
        "Chiamaka Kwame Adaeze Kofi Ngozi Tunde Ama Emeka Yaw Folake",
        "Okafor Mensah Nwosu Boateng Adeyemi Asante Eze Owusu",
        " ",
        False,
        "west-african",
    ),
    (
        3,
        "Lan|lan Minh|minh Hà|ha Quang|quang Bảo|bao Thảo|thao",
        "Nguyễn|nguyen Trần|tran Lê|le Phạm|pham Đặng|dang",
        " ",
        True,
        "vietnamese",
    ),
    (
        3,
        "Оксана|oksana Андрій|andriy Ірина|iryna Тарас|taras Олена|olena",
        "Коваленко|kovalenko Шевчук|shevchuk Бондаренко|bondarenko Ткаченко|tkachenko",
        " ",
        False,
        "ukrainian",
    ),
    (
        4,
        "João Ana Conceição Thiago Luíza Gonçalo Beatriz",
        "Gonçalves Araújo Magalhães Simões Brandão Sousa",
        " ",
        False,
        "portuguese",
    ),
]

_EMOJI = ["🐝", "🌻", "🎸", "⚽", "🧗", "🍰", "🌊", "🐈"]
_SHOWCASE = ["arabic", "chinese", "japanese", "korean", "spanish", "french", "emoji"]

_PLACES = [
    "Elm Park",
    "Riverside",
    "Northgate",
    "Hollybank",
    "Millbrook",
    "St. Anne's",
    "Kingsmead",
    "Ashby",
    "Harbourside",
    "Westfield",
    "Larkhill",
    "Old Town",
]
_STREETS = [
    "Maple Street",
    "Wharf Road",
    "Canal Row",
    "Orchard Lane",
    "Station Road",
    "Victoria Terrace",
    "Hill Street",
    "Quarry Lane",
]
_ORGS = [
    "Northwind Traders",
    "Fabrikam",
    "Contoso",
    "Greenleaf Architects",
    "Bluebird Logistics",
    "Tailspin Studio",
    "City Library Service",
    "Lumen Analytics",
    "Oakwood Primary School",
    "Harbour Street Clinic",
]
_SERVICE_ORGS = [
    "Harbour Street Clinic",
    "Bright Smile Dental",
    "Lakeside Accountants",
    "Kingsmead Lettings",
    "Ashby Physio",
    "Millbrook Plumbing",
]
_CITIES = ["Lisbon", "Manchester", "Lyon", "Kraków", "Accra", "Osaka", "Toronto", "Istanbul"]
_TOPICS = [
    "work",
    "their new job",
    "the move",
    "the kids",
    "a book we both read",
    "football",
    "the garden",
    "holiday plans",
    "their dad's health",
    "money worries",
    "the wedding",
    "learning to drive",
    "the renovation",
    "climbing",
    "a podcast",
    "the election",
]
_WORK = [
    "the Q3 plan",
    "the migration project",
    "the budget",
    "hiring",
    "the client pitch",
    "the new rota",
    "the audit",
    "the website relaunch",
]

_HOW_MET: dict[str, list[str]] = {
    Tie.KIN.value: [
        "family",
        "my cousin",
        "my sister",
        "my brother",
        "my aunt",
        "my uncle",
        "sister-in-law",
        "my niece",
        "Dad's side of the family",
        "Mum's side of the family",
        "married into the family",
    ],
    Tie.FRIEND.value: [
        "university",
        "school, since we were 11",
        "book club",
        "the climbing gym",
        "through {friend}",
        "first job, at {org}",
        "a flatshare in {city}",
        "choir",
        "five-a-side football",
        "a pottery class",
        "the dog park",
        "an online knitting forum",
    ],
    Tie.COLLEAGUE.value: [
        "worked together at {org}",
        "{org}, same team",
        "a conference in {city}",
        "client at {org}",
        "my manager at {org}",
        "mentor from {org}",
    ],
    Tie.NEIGHBOUR.value: [
        "lives next door",
        "across the hall",
        "the building's group chat",
        "three doors down",
        "the allotment next to mine",
        "same dog-walking route",
    ],
    Tie.COMMUNITY.value: [
        "food bank volunteering",
        "tenants' association",
        "the parents' group chat",
        "choir",
        "mosque committee",
        "church bake sale",
        "repair café",
        "park clean-up in {place}",
        "the library's reading group",
        "local climate group",
    ],
    Tie.ACQUAINTANCE.value: [
        "friend of a friend",
        "a wedding in {city}",
        "{friend}'s birthday party",
        "a delayed train; we got talking",
        "the gym",
        "an evening course on bookkeeping",
    ],
    Tie.OTHER.value: [
        "my dentist",
        "the landlord",
        "the kids' football coach",
        "my accountant",
        "the plumber",
        "my GP",
        "the kids' teacher",
        "the physio",
    ],
}

_CONTACT_NOTES = [
    "Allergic to peanuts.",
    "- prefers tea\n- hates surprises",
    "Two kids: Maya and Leo.",
    'Vegetarian. Loves "proper" espresso.',
    "=the one who always hosts",
    "Moved to {city} a few years ago.",
    "Birthday cards matter to them, a lot.",
    "Still has my copy of that book, ha.",
    "Recovering from knee surgery; ask how it's going.",
    "Speaks Portuguese, learning Japanese.",
    "+1 for board games, any time",
    "@{handle} on the climbing app",
    "Works nights; text, don't call.",
    "Dog: Biscuit. Cat: Pickle.",
    "Quiet at first,\nthen the funniest person in the room.",
]

_NOTE_TEMPLATES: dict[str, list[str]] = {
    InteractionKind.CONVERSATION.value: [
        "Coffee at the corner café; talked about {topic}.",
        "Long chat about {topic}.",
        "Bumped into each other at the market; {topic} came up.",
        "Walk in {place} park, mostly about {topic}.",
    ],
    InteractionKind.SHARED_TIME.value: [
        "Dinner at theirs, talked about {topic} till late.",
        "Went to a gig together.",
        "Hiked the {place} ridge.",
        "Board games night.",
        "Cooked together, far too much food.",
        "Cinema, then drinks; {topic} again.",
    ],
    InteractionKind.CALL.value: [
        "Phone call, an hour flew by.",
        "Quick call about {topic}.",
        "Video call; caught up on {topic}.",
    ],
    InteractionKind.MESSAGE.value: [
        "Texts about {topic}.",
        "Sent photos of {topic}.",
        "Voice notes back and forth about {topic}.",
        "Birthday message.",
    ],
    InteractionKind.MEETING.value: [
        "Project sync on {work}.",
        "1:1 about {work}.",
        "Planning meeting for {work}.",
        "Lunch meeting, mostly about {work}.",
    ],
    InteractionKind.SUPPORT.value: [
        "Helped them through a rough week; {topic}.",
        "They listened while I vented about {topic}.",
        "Sat with them at the hospital.",
        "Talked it all through, {topic} included.",
    ],
    InteractionKind.OTHER.value: [
        "Saw them at a party in {place}.",
        "Ran into them at the station.",
        "Waved across the street in {place}.",
    ],
}
_LOW_WARMTH_NOTES = [
    "Felt a bit rushed.",
    "Short and businesslike.",
    "They seemed distracted.",
    "Awkward, not sure why.",
    "Only talked about what they needed.",
]
_TURNING_NOTES = [
    "Mostly sorting out who covers what.",
    "They reminded me about the favour I owe.",
    "Talked about when I'd pay them back.",
    "Felt more like a transaction than a catch-up.",
    "Settled up. 'We're even now.'",
    "Worked out whose turn it is this time.",
]

# Favors as (phrase, lowest weight, highest weight). Phrases read after "for ...".
_Pool = list[tuple[str, int, int]]
_EVERYDAY: _Pool = [
    ("a lift to the station", 1, 2),
    ("collecting a parcel", 1, 1),
    ("a book loan", 1, 1),
    ("watering the plants for a week", 1, 2),
    ("proofreading a cover letter", 2, 3),
    ("a lift to the airport", 2, 3),
    ("help moving flat", 3, 5),
    ("an afternoon of childcare", 2, 4),
    ("fixing a leaking tap", 2, 3),
    ("help with a tax return", 2, 4),
    ("a spare room for two nights", 2, 4),
    ("looking after the dog for a week", 3, 4),
    ("assembling a wardrobe", 2, 3),
    ("a loan of £100", 2, 3),
    ("a loan of €500", 3, 4),
]
_HEAVY: _Pool = [
    ("a loan of £2,000", 5, 5),
    ("a 3 a.m. drive to A&E", 4, 5),
    ("a month's rent", 5, 5),
    ("co-signing a lease", 4, 5),
    ("storing furniture for a year", 3, 4),
    ("a week of meals after the surgery", 4, 5),
    ("taking over the school run for a month", 4, 5),
]
_GIFTS: _Pool = [
    ("a birthday present", 1, 3),
    ("homemade soup during the flu", 2, 3),
    ("concert tickets", 2, 4),
    ("flowers after the funeral", 2, 3),
    ("a surprise cake", 1, 2),
    ("a hand-knitted scarf", 2, 3),
    ("a framed photo from the trip", 1, 2),
    ("good olive oil from their holiday", 1, 2),
]
_WORK_FAVORS: _Pool = [
    ("an introduction to a client", 2, 4),
    ("a reference letter", 3, 4),
    ("covering a shift", 2, 3),
    ("reviewing a slide deck", 1, 2),
    ("feedback on a draft", 1, 2),
    ("a recommendation on a jobs site", 1, 2),
    ("mentoring on a promotion case", 3, 4),
    ("a desk in their office for a week", 2, 3),
    ("a job referral", 4, 5),
    ("taking a meeting on someone's behalf", 2, 3),
]
_KIN_FAVORS: _Pool = [
    ("babysitting", 2, 3),
    ("help with the house deposit", 5, 5),
    ("Sunday lunch for everyone", 1, 2),
    ("driving Grandma to appointments", 2, 4),
    ("fixing the boiler", 3, 4),
    ("a loan for the car", 4, 5),
    ("help in the garden", 1, 2),
    ("hand-me-down clothes for the kids", 1, 2),
    ("school pick-up all week", 2, 3),
    ("a week's stay while the flat was repaired", 3, 4),
]
_NEIGHBOUR_FAVORS: _Pool = [
    ("taking in a parcel", 1, 1),
    ("watering the plants", 1, 2),
    ("a borrowed ladder", 1, 1),
    ("feeding the cat", 1, 2),
    ("clearing snow from the path", 1, 2),
    ("keeping an eye on the house", 1, 2),
    ("holding a spare key", 1, 2),
    ("jump-starting the car", 2, 2),
    ("a cup of sugar", 1, 1),
    ("lending the lawnmower", 1, 2),
]
_TIT_FOR_TAT: _Pool = [
    ("covering a shift", 2, 3),
    ("a lift to the airport", 2, 3),
    ("a loan of £50", 1, 2),
    ("a loan of £200", 2, 3),
    ("picking up the kids", 2, 3),
    ("a hand putting up shelves", 2, 3),
    ("splitting the festival tickets", 1, 2),
    ("a lift to the furniture shop", 1, 2),
    ("paying for the taxi", 1, 2),
    ("lending the car for a day", 2, 3),
    ("dog-sitting for the weekend", 2, 3),
]
_EXPLICIT_SUFFIXES = [
    " (to be paid back)",
    ' ("you owe me one")',
    " (we agreed to swap)",
    " (keeping count, apparently)",
]


@dataclass(frozen=True)
class _Style:
    """How one stretch of a relationship tends to go."""

    kinds: tuple[float, ...]  # weights over _KINDS
    warmth: tuple[float, float, float]  # mean at the start, mean at the end, spread
    favor_share: float  # chance an episode is a favor rather than a moment together
    expectation: tuple[float, float, float]  # weights: none, implicit, explicit
    pool: _Pool
    returns: tuple[float, float, float]  # chance of a return, by expectation
    lag: tuple[int, int]  # days from a favor to its return
    return_expectation: tuple[float, float, float]
    group: float  # chance a groupable moment includes others from the circle
    initiated: tuple[float, float, float, float]  # me, them, mutual, not recorded
    p_given: float | None = None  # None: the person's own leaning
    missing_warmth: float = 0.12
    shape: str = "uniform"  # density of moments over the stretch: uniform, declining, rising
    talk_around: bool = False  # moments only around favors (contact on demand)
    tit_for_tat: bool = False  # returns match the favor's weight
    notes: tuple[str, ...] = ()
    kind_cw: tuple[float, ...] = field(init=False, default=())
    expectation_cw: tuple[float, ...] = field(init=False, default=())
    return_expectation_cw: tuple[float, ...] = field(init=False, default=())
    initiated_cw: tuple[float, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind_cw", _cumulative(self.kinds))
        object.__setattr__(self, "expectation_cw", _cumulative(self.expectation))
        object.__setattr__(self, "return_expectation_cw", _cumulative(self.return_expectation))
        object.__setattr__(self, "initiated_cw", _cumulative(self.initiated))


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return tuple(out)


_WARM = _Style(
    kinds=(30, 30, 15, 15, 2, 6, 2),
    warmth=(4.3, 4.3, 0.7),
    favor_share=0.12,
    expectation=(80, 18, 2),
    pool=_GIFTS + _EVERYDAY,
    returns=(0.1, 0.35, 0.6),
    lag=(14, 180),
    return_expectation=(85, 15, 0),
    group=0.25,
    initiated=(35, 30, 25, 10),
    p_given=0.5,
)
_PROFESSIONAL = _Style(
    kinds=(15, 3, 20, 22, 35, 2, 3),
    warmth=(3.0, 3.0, 0.6),
    favor_share=0.28,
    expectation=(25, 60, 15),
    pool=_WORK_FAVORS,
    returns=(0.1, 0.45, 0.8),
    lag=(7, 90),
    return_expectation=(30, 60, 10),
    group=0.3,
    initiated=(35, 35, 15, 15),
    p_given=0.5,
    missing_warmth=0.15,
)
_GENEROUS = _Style(
    kinds=(25, 30, 25, 10, 0, 8, 2),
    warmth=(4.4, 4.4, 0.6),
    favor_share=0.35,
    expectation=(88, 10, 2),
    pool=_KIN_FAVORS + _GIFTS,
    returns=(0.04, 0.2, 0.5),
    lag=(30, 365),
    return_expectation=(100, 0, 0),
    group=0.3,
    initiated=(30, 40, 20, 10),
)
_ONE_SIDED = _Style(
    kinds=(25, 10, 20, 30, 5, 8, 2),
    warmth=(3.1, 3.1, 0.8),
    favor_share=0.45,
    expectation=(25, 50, 25),
    pool=_EVERYDAY + _HEAVY,
    returns=(0.02, 0.04, 0.08),
    lag=(20, 200),
    return_expectation=(50, 50, 0),
    group=0.08,
    initiated=(30, 40, 10, 20),
)
_ON_DEMAND = _Style(
    kinds=(0, 0, 35, 60, 5, 0, 0),
    warmth=(2.7, 2.7, 0.7),
    favor_share=1.0,
    expectation=(15, 55, 30),
    pool=_EVERYDAY + _WORK_FAVORS,
    returns=(0.05, 0.15, 0.3),
    lag=(10, 120),
    return_expectation=(30, 60, 10),
    group=0.0,
    initiated=(10, 75, 5, 10),
    talk_around=True,
)
_COOLING = _Style(
    kinds=(25, 25, 15, 25, 2, 5, 3),
    warmth=(3.9, 1.5, 0.6),
    favor_share=0.45,
    expectation=(35, 45, 20),
    pool=_EVERYDAY,
    returns=(0.1, 0.35, 0.6),
    lag=(10, 120),
    return_expectation=(40, 50, 10),
    group=0.0,
    initiated=(50, 20, 20, 10),
    p_given=0.5,
)
_TRADING = _Style(
    kinds=(20, 8, 17, 45, 5, 2, 3),
    warmth=(2.9, 2.6, 0.7),
    favor_share=0.7,
    expectation=(5, 30, 65),
    pool=_TIT_FOR_TAT,
    returns=(0.3, 0.85, 0.95),
    lag=(1, 10),
    return_expectation=(10, 30, 60),
    group=0.05,
    initiated=(40, 40, 10, 10),
    p_given=0.5,
    tit_for_tat=True,
    notes=tuple(_TURNING_NOTES),
)
_NEIGHBOURLY = _Style(
    kinds=(45, 15, 5, 25, 2, 5, 3),
    warmth=(3.5, 3.5, 0.7),
    favor_share=0.3,
    expectation=(45, 50, 5),
    pool=_NEIGHBOUR_FAVORS,
    returns=(0.25, 0.55, 0.8),
    lag=(3, 60),
    return_expectation=(50, 50, 0),
    group=0.15,
    initiated=(35, 35, 15, 15),
    p_given=0.5,
)
_OCCASIONAL = _Style(
    kinds=(35, 10, 10, 30, 5, 2, 8),
    warmth=(3.0, 3.0, 0.9),
    favor_share=0.1,
    expectation=(50, 40, 10),
    pool=_EVERYDAY,
    returns=(0.1, 0.3, 0.5),
    lag=(14, 200),
    return_expectation=(50, 50, 0),
    group=0.2,
    initiated=(30, 30, 15, 25),
    p_given=0.5,
    missing_warmth=0.2,
)
_NEW = _Style(
    kinds=(30, 30, 10, 25, 2, 2, 1),
    warmth=(3.2, 4.5, 0.6),
    favor_share=0.1,
    expectation=(80, 18, 2),
    pool=_GIFTS + _EVERYDAY,
    returns=(0.1, 0.3, 0.5),
    lag=(14, 120),
    return_expectation=(80, 20, 0),
    group=0.3,
    initiated=(40, 25, 25, 10),
    p_given=0.5,
    shape="rising",
)

# Archetypes: how likely for each tie, and how active (relative number of entries).
_ARCHETYPES_BY_TIE: dict[str, list[tuple[str, float]]] = {
    Tie.KIN.value: [
        ("generous", 45),
        ("warm", 25),
        ("cooling", 10),
        ("one_sided", 10),
        ("occasional", 10),
    ],
    Tie.FRIEND.value: [
        ("warm", 40),
        ("turning", 15),
        ("cooling", 12),
        ("new", 10),
        ("on_demand", 8),
        ("one_sided", 7),
        ("occasional", 8),
    ],
    Tie.COLLEAGUE.value: [
        ("professional", 60),
        ("on_demand", 12),
        ("turning", 5),
        ("warm", 8),
        ("occasional", 10),
        ("one_sided", 5),
    ],
    Tie.NEIGHBOUR.value: [
        ("neighbourly", 55),
        ("occasional", 20),
        ("warm", 10),
        ("on_demand", 10),
        ("cooling", 5),
    ],
    Tie.COMMUNITY.value: [
        ("neighbourly", 20),
        ("warm", 15),
        ("occasional", 35),
        ("on_demand", 10),
        ("new", 10),
        ("cooling", 10),
    ],
    Tie.ACQUAINTANCE.value: [
        ("occasional", 55),
        ("on_demand", 25),
        ("new", 10),
        ("one_sided", 10),
    ],
    Tie.OTHER.value: [
        ("occasional", 40),
        ("professional", 30),
        ("on_demand", 20),
        ("one_sided", 10),
    ],
}
_ACTIVITY = {
    "warm": 1.4,
    "professional": 1.0,
    "generous": 1.3,
    "one_sided": 0.8,
    "on_demand": 0.5,
    "cooling": 1.3,
    "turning": 1.6,
    "neighbourly": 0.7,
    "occasional": 0.25,
    "new": 0.6,
}
# Entries a pattern needs before it shows; scaled down when the budget is small.
_MINIMUM = {"turning": 30, "cooling": 36, "on_demand": 8, "one_sided": 10}
_TIE_WEIGHTS = {
    Tie.FRIEND.value: 24,
    Tie.COLLEAGUE.value: 22,
    Tie.ACQUAINTANCE.value: 16,
    Tie.KIN.value: 10,
    Tie.COMMUNITY.value: 12,
    Tie.NEIGHBOUR.value: 8,
    Tie.OTHER.value: 8,
}


@dataclass(frozen=True)
class _CoalitionKind:
    name: str
    issue: str
    outcome: str
    formality: str
    ties: tuple[str, ...]
    my_interests: tuple[str, ...]
    interests: tuple[str, ...]
    actions: tuple[tuple[str, tuple[str, ...]], ...]


_COALITIONS = [
    _CoalitionKind(
        "{street} Tenants' Association",
        "Repairs ignored for months, and a 12% rent rise proposed",
        "Damp and heating fixed before winter; the rent rise capped at inflation",
        _FORMAL,
        (Tie.NEIGHBOUR.value, Tie.COMMUNITY.value),
        ("Our boiler has failed three times", "We can't absorb a 12% rise"),
        (
            "Damp in the bedroom for two winters",
            "Can't afford the rent rise",
            "Wants a proper lease",
            "Needs the lift fixed",
            "The landlord keeps coming in without notice",
        ),
        (
            ("Joint letter to the landlord", ("The agent replied within a week", "No reply", "")),
            ("Survey of every flat's repairs", ("41 of 60 flats answered", "")),
            ("Meeting with the council's housing officer", ("Inspection booked", "")),
            ("Vote on withholding the rise", ("Carried, 38 to 4", "Postponed")),
        ),
    ),
    _CoalitionKind(
        "Save {place} Library",
        "The council plans to cut opening to two days a week",
        "Keep weekday opening and the children's reading hour",
        _INFORMAL,
        (Tie.COMMUNITY.value, Tie.NEIGHBOUR.value, Tie.FRIEND.value),
        ("I work from the library twice a week", "My kids love the reading hour"),
        (
            "Their kids go every Saturday",
            "Uses the computers for job applications",
            "Runs the knitting circle there",
            "Retired librarian",
        ),
        (
            ("Petition outside the library", ("1,200 signatures", "")),
            ("Spoke at the council meeting", ("Decision delayed a year", "Noted, nothing more")),
            ("Read-in protest", ("Local paper covered it", "")),
        ),
    ),
    _CoalitionKind(
        "{place} Community Garden",
        "The empty lot on Wharf Road is a dumping ground",
        "A shared vegetable garden, open to everyone",
        _INFORMAL,
        (Tie.NEIGHBOUR.value, Tie.COMMUNITY.value, Tie.FRIEND.value),
        ("I have no garden of my own", "Want the kids to see food grow"),
        (
            "Wants a plot for vegetables",
            "Keeps bees",
            "Tired of the rubbish",
            "",
            "Wants somewhere green for the kids",
        ),
        (
            ("Clean-up day on the lot", ("Twelve bags of rubbish cleared", "")),
            ("Built the raised beds", ("Six beds done", "")),
            ("Asked the council for a licence", ("Licence granted for three years", "Waiting")),
            ("Seed swap", ("", "Everyone went home with something")),
        ),
    ),
    _CoalitionKind(
        "Safe Crossing at {school}",
        "Children cross a busy road with no crossing",
        "A zebra crossing and a crossing patrol by September",
        _FORMAL,
        (Tie.COMMUNITY.value, Tie.NEIGHBOUR.value, Tie.KIN.value),
        ("My niece walks that road", "I nearly got hit there myself"),
        (
            "Their kids cross there every day",
            "Drives the road and hates it",
            "Lost a cat on that road",
            "Teacher at the school",
        ),
        (
            ("Traffic count at school time", ("410 cars in an hour", "")),
            ("Letter to the highways department", ("Site visit promised", "")),
            ("Walking bus with the parents", ("", "Thirty children joined")),
        ),
    ),
    _CoalitionKind(
        "{org} Staff Committee",
        "Unpaid overtime has become normal",
        "Overtime paid, or given back as time off",
        _FORMAL,
        (Tie.COLLEAGUE.value,),
        ("I did 60 hours unpaid last quarter", "I want to stay here without burning out"),
        (
            "Two kids and no evenings left",
            "Wants a promotion, wary of being seen",
            "Already burnt out once",
            "",
            "Union rep",
        ),
        (
            ("Anonymous overtime survey", ("Average 7 unpaid hours a week", "")),
            ("Meeting with HR", ("HR will draft a policy", "No commitment")),
            ("Presented at the all-hands", ("Policy announced", "")),
        ),
    ),
    _CoalitionKind(
        "Accessibility Working Group",
        "Our app is unusable with a screen reader",
        "Pass an independent accessibility audit",
        _INFORMAL,
        (Tie.COLLEAGUE.value, Tie.FRIEND.value),
        ("My brother uses a screen reader", "It's the right thing to ship"),
        (
            "Blind since birth; tests everything",
            "Owns the design system",
            "Wants it on their CV",
            "",
        ),
        (
            ("Screen-reader testing session", ("47 issues logged", "")),
            ("Fix-it week", ("31 issues closed", "")),
            ("External audit", ("Passed, with 4 minor notes", "Failed on forms")),
        ),
    ),
    _CoalitionKind(
        "{place} Food Bank Winter Drive",
        "Demand doubled since the autumn",
        "Stock for 200 families through February",
        _FORMAL,
        (Tie.COMMUNITY.value, Tie.FRIEND.value, Tie.NEIGHBOUR.value),
        ("I used the food bank myself once", "Can't stand empty shelves"),
        (
            "Runs the warehouse",
            "Has a van",
            "Retired, has time",
            "Their church hosts it",
            "",
        ),
        (
            ("Supermarket collection", ("1.2 tonnes collected", "")),
            ("Sorting night", ("", "Finished by ten")),
            ("Christmas hamper delivery", ("180 hampers delivered", "")),
        ),
    ),
    _CoalitionKind(
        "Football Carpool",
        "Practice is across town at 6 p.m.",
        "Every kid gets there without anyone driving every day",
        _INFORMAL,
        (Tie.KIN.value, Tie.NEIGHBOUR.value, Tie.COMMUNITY.value),
        ("I can't leave work before 5:30 four days a week",),
        ("Works shifts", "Has the big car", "Their son is the goalie", ""),
        (
            ("Made the autumn rota", ("Everyone drives once a fortnight", "")),
            ("Swapped the rota around half-term", ("", "Two families dropped out")),
        ),
    ),
    _CoalitionKind(
        "{street} Street Party",
        "",
        "A street party in June with the road closed",
        _INFORMAL,
        (Tie.NEIGHBOUR.value,),
        ("Want to know the people on our street",),
        ("Loves a party", "New on the street", "Has a barbecue", ""),
        (
            ("Road closure application", ("Approved", "")),
            ("The party itself", ("Best one yet", "Rained, still fun")),
        ),
    ),
    _CoalitionKind(
        "Bike Lane for {street}",
        "Two cyclists were hit on the high street this year",
        "A protected bike lane on the high street",
        _FORMAL,
        (Tie.COMMUNITY.value, Tie.FRIEND.value, Tie.COLLEAGUE.value),
        ("I cycle it every day",),
        ("Was one of the two hit", "Bike shop owner", "Cycles the kids to school", ""),
        (
            ("Mass ride along the route", ("300 riders", "")),
            ("Consultation response", ("Scheme added to next year's plan", "")),
        ),
    ),
    _CoalitionKind(
        "Refugee Welcome {place}",
        "New arrivals housed in a hotel with no support",
        "Every family matched with a local volunteer",
        _FORMAL,
        (Tie.COMMUNITY.value, Tie.FRIEND.value),
        ("My grandparents arrived the same way",),
        ("Speaks Arabic and Farsi", "Teacher; runs English classes", "Lawyer", ""),
        (
            ("Welcome day at the community hall", ("40 families came", "")),
            ("Matched families with volunteers", ("25 matched", "")),
            ("English conversation club", ("", "Weekly from now on")),
        ),
    ),
    _CoalitionKind(
        "Choir Piano Fund",
        "The hall's piano is beyond repair",
        "Raise £4,000 for a good second-hand piano",
        _INFORMAL,
        (Tie.COMMUNITY.value, Tie.FRIEND.value),
        ("I sing alto and can't hear the piano",),
        ("Accompanist", "Treasurer of the choir", "Just loves singing", ""),
        (
            ("Bake sale", ("£640 raised", "")),
            ("Concert for the fund", ("£2,100 raised", "")),
            ("Bought the piano", ("Delivered and tuned", "")),
        ),
    ),
    _CoalitionKind(
        "{org} Mentoring Circle",
        "Junior staff leave within a year",
        "Every new starter has a mentor for six months",
        _INFORMAL,
        (Tie.COLLEAGUE.value,),
        ("Someone did this for me once",),
        ("Was a new starter last year", "Runs onboarding", "Wants to lead a team", ""),
        (
            ("Pairing session for new starters", ("Eight pairs", "")),
            ("Retrospective with HR", ("Turnover down a third", "")),
        ),
    ),
    _CoalitionKind(
        "Climbing Wall Co-op",
        "The only wall in town is closing",
        "A members' co-op buys and runs the wall",
        _FORMAL,
        (Tie.FRIEND.value, Tie.COMMUNITY.value),
        ("It's where most of my friends are",),
        ("Route setter", "Accountant, does the books", "Climbs five days a week", ""),
        (
            ("Share offer launch", ("£38,000 pledged", "")),
            ("Negotiation with the owner", ("Price agreed", "Stalled")),
        ),
    ),
    _CoalitionKind(
        "Flood Watch {place}",
        "The river flooded the lower street twice in three years",
        "",
        _INFORMAL,
        (Tie.NEIGHBOUR.value,),
        ("Our basement flooded last time",),
        ("Ground-floor flat", "Has sandbags and a pump", "Owns the corner shop", ""),
        (
            ("Filled sandbags", ("200 bags stored", "")),
            ("Set up the warning group chat", ("", "Everyone on the street joined")),
        ),
    ),
    _CoalitionKind(
        "Family Reunion",
        "We haven't all been together since Grandma's 80th",
        "Everyone in one place for a weekend in August",
        _INFORMAL,
        (Tie.KIN.value,),
        ("I miss my cousins",),
        ("Hosting", "Flying in from abroad", "Doing the food", ""),
        (
            ("Booked the farmhouse", ("Deposit paid", "")),
            ("The reunion weekend", ("Forty of us", "")),
        ),
    ),
]
_DIFFERENCES_FORMAL = [
    "Majority vote at the monthly meeting.",
    "The committee decides; anyone can call for a vote.",
    "Written constitution; disputes go to the steering group.",
    "Consensus first, vote if we're stuck after two meetings.",
]
_DIFFERENCES_INFORMAL = [
    "We talk it through until everyone can live with it.",
    "Whoever does the work decides.",
    "Over pizza, usually.",
    "A quick poll in the group chat.",
]
_ROLES_FORMAL = ["treasurer", "secretary", "member", "member", "member", "volunteer", "outreach"]
_ROLES_INFORMAL = ["", "", "member", "helper", "driver", "baker", "organiser"]
_COALITION_PROFILES = ["vague", "unequal", "disagree", "healthy", "free_rider", "mixed"]

_JOURNAL_BY_ARCHETYPE: dict[str, list[str]] = {
    "warm": [
        "Lovely afternoon with {name}. I always come away lighter.",
        "{name} remembered something I mentioned months ago. Small things like that.",
        "Should call {name} more often. Every time we talk it's like no time has passed.",
        "Grateful for {name} this week.\nThey showed up without being asked.",
    ],
    "professional": [
        "Good working relationship with {name}: straightforward, fair, no drama.",
        "Wondering whether {name} and I could be friends outside work.",
        "{name} backed me in the meeting today. I'll remember that.",
    ],
    "generous": [
        "{name} helped again. Family is family, but I want them to know it isn't taken "
        "for granted.",
        "How do I ever give back to {name}? Maybe they don't want me to.",
    ],
    "one_sided": [
        "Another favour with {name}, the same direction as always. I don't mind, but I notice.",
        "I'm not sure {name} and I would still talk if the favours stopped.",
    ],
    "on_demand": [
        "Heard from {name} again, only because something was needed.",
        "{name} only gets in touch when there's a favour to ask. Maybe that's fine? Not sure.",
    ],
    "cooling": [
        "Haven't felt close to {name} in a while. Still helping each other out, but "
        "something's gone quiet.",
        "Short call with {name}. Polite. I miss how it used to be.",
    ],
    "turning": [
        "Lovely long walk with {name}, like the old days at university.",
        "{name} is one of the few people I can be completely silly with.",
    ],
    "neighbourly": [
        "{name} took in three parcels for me this month. Must bake them something.",
        "Nice to have {name} next door. Low-key, reliable.",
    ],
    "occasional": [
        "Ran into {name}. We always say we should meet up properly.",
        "Not sure where {name} fits in my life, and that's all right.",
    ],
    "new": [
        "Getting to know {name}. It's been a while since I made a new friend.",
        "{name} invited me to their birthday. Feels like the start of something.",
    ],
}
_JOURNAL_TURNED = [
    "Noticed that lately every conversation with {name} ends with who owes whom.",
    "{name} paid me back within two days again, almost to the penny. Why does that make me sad?",
    "I caught myself keeping a tally with {name}. When did that start?",
    "We used to just hang out, {name} and me. Now it's favours and 'we're even'.",
]
_JOURNAL_COALITION = [
    "{coalition}: good meeting. I think we're actually going to do this.",
    "Meeting for {coalition} went long. Not sure everyone wants the same outcome.",
    "Proud of what {coalition} pulled off this month.",
    "I'm carrying more of {coalition} than I signed up for.",
    "{coalition} needs a clearer goal. We keep arguing about what 'winning' means.",
    "Quiet month for {coalition}. Are we still a thing?",
]
_JOURNAL_FREE = [
    "Quiet week. Slept, read, walked.",
    "Thinking about what it means to be a good friend, and whether I keep score.\n\n"
    "I think I do, a little.",
    "New year. I want to see people for the joy of it, not because I owe them.",
    "Tired. Too many obligations, not enough free evenings.",
    "Three things I'm grateful for:\n1. Sunshine on Sunday\n2. The neighbour's cat\n"
    "3. A long phone call",
    "Who would I call at 3 a.m.? The list is shorter than I thought, and that's okay.",
    'Read that "a favour is a loan with interest". I hope not.',
]


# ---- the people and their histories ----------------------------------------------------


@dataclass(slots=True)
class _Person:
    id: int
    tie: str
    archetype: str = "occasional"
    since: int = 0  # date ordinal of the first record
    name: str = ""
    short: str = ""
    slug: str = ""
    organization: str = ""
    circle: list[int] = field(default_factory=list)
    p_given: float = 0.5  # chance a favor is mine to them
    turn: int | None = None  # when a turning/cooling relationship changed
    budget: int = 0


@dataclass(slots=True)
class _FavorRec:
    day: int
    seq: int
    contact: int
    direction: str
    weight: int
    expectation: str
    phrase: str
    description: str
    returns: _FavorRec | None
    id: int = 0


@dataclass(slots=True)
class _CoalitionRec:
    id: int
    name: str
    status: str
    start: int | None
    end: int | None
    last_action: int | None
    members: list[tuple[int, int | None, int | None]]  # contact, joined, left


_Culture = tuple[str, list[tuple[str, str]], list[tuple[str, str]], str, bool]
_Moment = tuple[int, int, str, int | None, str | None, str, tuple[int, ...]]


def _processor(type_: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How SQLAlchemy turns a Python value of `type_` into what the database stores."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


def _ascii(text: str) -> str:
    special = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(special))
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def _split_names(names: str) -> list[tuple[str, str]]:
    """'王|wang 李|li' -> [('王', 'wang'), ...]; Latin names romanise themselves."""
    out = []
    for item in names.split():
        display, _, roman = item.partition("|")
        out.append((display, _ascii(roman or display)))
    return out


class _Demo:
    """One demo journal, generated in memory, then written in bulk."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        contacts: int,
        events: int,
        progress: Callable[[float], None],
    ) -> None:
        self.rng = rng
        self.today = today.toordinal()
        self.start = self.today - SPAN_DAYS
        self.n_contacts = contacts
        self.n_events = events
        self.progress = progress
        self.people: list[_Person] = []
        self.moments: list[_Moment] = []
        self.favors: list[_FavorRec] = []
        self.coalitions: list[_CoalitionRec] = []
        self.coalition_rows: list[tuple[Any, ...]] = []
        self.membership_rows: list[tuple[Any, ...]] = []
        self.actions: list[tuple[int, int, int, str, str, tuple[int, ...]]] = []
        self.entries: list[tuple[int, int, str, int | None, int | None]] = []
        self.contact_rows: list[tuple[Any, ...]] = []
        self._coalition_kinds: list[_CoalitionKind] = []
        self.family_names: dict[int, tuple[_Culture, tuple[str, str]]] = {}
        self.cultures: list[_Culture] = [
            (key, _split_names(given), _split_names(family), sep, family_first)
            for _w, given, family, sep, family_first, key in _CULTURES
        ]
        self.culture_cw = _cumulative([c[0] for c in _CULTURES])
        self.notes = {
            kind: [
                template.format(topic=topic, work=work, place=place)
                for template in templates
                for topic, work, place in zip(_TOPICS, _WORK * 2, _PLACES * 2, strict=False)
            ]
            for kind, templates in _NOTE_TEMPLATES.items()
        }

    # -- orchestration

    def generate(self) -> None:
        """Everything, in memory; writes nothing."""
        journal_entries = round(self.n_events * 0.03)
        n_coalitions = max(1, round(self.n_contacts / 8))
        joint_actions = round(self.n_events * 0.04)
        self._make_people()
        self.progress(0.03)
        self._make_coalitions(n_coalitions)
        joint_actions = self._make_joint_actions(joint_actions)
        people_events = self.n_events - journal_entries - joint_actions
        self._allocate(people_events)
        self._make_histories()
        self._make_journal(journal_entries)
        self.progress(0.5)

    def write(self, connection: Connection) -> int:
        """Insert every row through `connection` (one transaction); the entries written.

        Rows go to the driver's executemany as plain tuples: Core's per-value bind
        processing adds about 7 µs a row, several seconds at half a million. Dates and
        timestamps are converted by SQLAlchemy's own processors for these column
        types, so they are stored exactly as the ORM would store them.
        """
        dialect = connection.dialect
        iso = self._iso_days(_processor(Date(), dialect))
        stamp = _processor(_table(Contact).c.created_at.type, dialect)

        def day(ordinal: int | None) -> str | None:
            return None if ordinal is None else iso[ordinal - self.start]

        self.moments.sort(key=itemgetter(0, 1))
        self.favors.sort(key=lambda f: (f.day, f.seq))
        self.actions.sort(key=itemgetter(0, 1))
        self.entries.sort(key=itemgetter(0, 1))
        for number, favor in enumerate(self.favors, 1):
            favor.id = number

        moments = [
            (number, day(m[0]), m[2], m[3], m[4], m[5]) for number, m in enumerate(self.moments, 1)
        ]
        moment_people = [
            (number, person) for number, m in enumerate(self.moments, 1) for person in sorted(m[6])
        ]
        favors = [
            (
                f.id,
                f.contact,
                f.direction,
                day(f.day),
                f.description,
                f.weight,
                f.expectation,
                None if f.returns is None else f.returns.id,
            )
            for f in self.favors
        ]
        actions = [
            (number, a[2], day(a[0]), a[3], a[4]) for number, a in enumerate(self.actions, 1)
        ]
        action_people = [
            (number, person) for number, a in enumerate(self.actions, 1) for person in sorted(a[5])
        ]
        entries = [
            (number, day(e[0]), e[2], e[3], e[4], None) for number, e in enumerate(self.entries, 1)
        ]
        coalitions = [(*row[:6], day(row[6]), day(row[7]), *row[8:]) for row in self.coalition_rows]
        memberships = [(*row[:8], day(row[8]), day(row[9])) for row in self.membership_rows]

        contacts = [(*row[:-1], stamp(row[-1])) for row in self.contact_rows]
        tables: list[tuple[Table, list[str], list[tuple[Any, ...]]]] = [
            (_table(Contact), _CONTACT_COLUMNS, contacts),
            (_table(Coalition), _COALITION_COLUMNS, coalitions),
            (_table(Membership), _MEMBERSHIP_COLUMNS, memberships),
            (_table(Interaction), _INTERACTION_COLUMNS, moments),
            (interaction_participants, ["interaction_id", "contact_id"], moment_people),
            (_table(Favor), _FAVOR_COLUMNS, favors),
            (_table(JointAction), _ACTION_COLUMNS, actions),
            (joint_action_participants, ["joint_action_id", "contact_id"], action_people),
            (_table(JournalEntry), _ENTRY_COLUMNS, entries),
        ]
        total = sum(len(rows) for _t, _c, rows in tables) or 1
        done = 0
        for table, columns, rows in tables:
            missing = set(columns) - set(table.c.keys())
            assert not missing, f"{table.name} has no column {missing}"
            statement = (
                f"INSERT INTO {table.name} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            for first in range(0, len(rows), _CHUNK):
                chunk = rows[first : first + _CHUNK]
                connection.exec_driver_sql(statement, chunk)
                done += len(chunk)
                self.progress(0.5 + 0.45 * done / total)
        return len(moments) + len(favors) + len(actions) + len(entries)

    def _iso_days(self, convert: Callable[[Any], Any]) -> list[str]:
        """Every day of the span as SQLAlchemy's Date type stores it."""
        return [convert(dt.date.fromordinal(o)) for o in range(self.start, self.today + 1)]

    # -- people

    def _make_people(self) -> None:
        rng = self.rng
        n = self.n_contacts
        ties = rng.choices(list(_TIE_WEIGHTS), weights=list(_TIE_WEIGHTS.values()), k=n)
        # Every tie at least once.
        every = _TIES[:]
        rng.shuffle(every)
        for position, tie in zip(rng.sample(range(n), min(n, len(every))), every, strict=False):
            ties[position] = tie
        self.people = [_Person(i + 1, tie) for i, tie in enumerate(ties)]
        for person in self.people:
            choices = _ARCHETYPES_BY_TIE[person.tie]
            person.archetype = rng.choices(
                [a for a, _w in choices], weights=[w for _a, w in choices]
            )[0]
        self._ensure_archetypes()
        for person in self.people:
            self._set_since(person)
        self._make_circles()
        showcase = dict(zip(rng.sample(range(n), min(n, len(_SHOWCASE))), _SHOWCASE, strict=False))
        for index, person in enumerate(self.people):
            self._name(person, showcase.get(index))
        self.contact_rows = [self._contact_row(p) for p in self.people]

    def _ensure_archetypes(self) -> None:
        """Enough of each telling pattern to be seen, even in a small demo."""
        n = self.n_contacts
        wanted = {
            "turning": min(3, n // 8),
            "cooling": min(2, n // 15),
            "on_demand": min(2, n // 15),
            "one_sided": min(2, n // 15),
        }
        for archetype, count in wanted.items():
            have = sum(1 for p in self.people if p.archetype == archetype)
            if have >= count:
                continue
            plain = ("warm", "occasional", "professional", "neighbourly", "new")
            candidates = [p for p in self.people if p.archetype in plain]
            # Friends first for the friendship patterns.
            friends = [p for p in candidates if p.tie == Tie.FRIEND.value]
            pool = friends if len(friends) >= count - have else candidates
            for person in self.rng.sample(pool, min(len(pool), count - have)):
                person.archetype = archetype

    def _set_since(self, p: _Person) -> None:
        rng = self.rng
        a = p.archetype
        if a == "new":
            p.since = self.today - rng.randint(60, 420)
        elif a in ("turning", "cooling", "generous") or p.tie == Tie.KIN.value:
            p.since = self.start + rng.randint(0, 300)
        elif a == "warm" or rng.random() < 0.7:
            p.since = self.start + rng.randint(0, 120)
        else:
            p.since = self.start + rng.randint(0, SPAN_DAYS - 150)
        if a == "turning":
            p.turn = self.today - rng.randint(150, 190)
        elif a == "cooling":
            p.turn = self.today - rng.randint(300, 700)
        if a in ("generous", "one_sided"):
            # Generous family mostly helps me; one-sided ties lean either way.
            leans_my_way = rng.random() < (0.7 if a == "generous" else 0.45)
            p.p_given = 0.08 if leans_my_way else 0.92
        elif a == "on_demand":
            p.p_given = 0.82

    def _make_circles(self) -> None:
        """Families, teams, friend groups, streets: who turns up together."""
        rng = self.rng
        by_tie: dict[str, list[_Person]] = {t: [] for t in _TIES}
        for person in self.people:
            by_tie[person.tie].append(person)
        for tie in _TIES:
            members = by_tie[tie]
            rng.shuffle(members)
            i = 0
            while i < len(members):
                size = rng.randint(3, 10)
                circle = members[i : i + size]
                ids = [p.id for p in circle]
                org = rng.choice(_ORGS)
                for person in circle:
                    person.circle = ids
                    if tie == Tie.COLLEAGUE.value and rng.random() < 0.85:
                        person.organization = org
                    elif tie == Tie.OTHER.value and rng.random() < 0.5:
                        person.organization = rng.choice(_SERVICE_ORGS)
                    elif tie == Tie.COMMUNITY.value and rng.random() < 0.2:
                        person.organization = f"{rng.choice(_PLACES)} Food Bank"
                    elif tie == Tie.FRIEND.value and rng.random() < 0.1:
                        person.organization = rng.choice(_ORGS)
                i += size

    def _name(self, p: _Person, showcase: str | None) -> None:
        rng = self.rng
        if showcase == "emoji":
            culture = self.cultures[0]
        elif showcase is not None:
            culture = next(c for c in self.cultures if c[0] == showcase)
        else:
            culture = rng.choices(self.cultures, cum_weights=self.culture_cw)[0]
        key, givens, families, sep, family_first = culture
        given, given_roman = rng.choice(givens)
        family, family_roman = rng.choice(families)
        if p.tie == Tie.KIN.value and showcase is None:
            # Families share a name, mostly; in-laws and cousins may not.
            kept = self.family_names.setdefault(p.circle[0], (culture, (family, family_roman)))
            if rng.random() < 0.6:
                culture, (family, family_roman) = kept
                key, givens, _families, sep, family_first = culture
                given, given_roman = rng.choice(givens)
        full = f"{family}{sep}{given}" if family_first else f"{given}{sep}{family}"
        p.short = full if key in ("chinese", "japanese", "korean") else given
        p.slug = f"{given_roman}.{family_roman}"
        roll = rng.random()
        if showcase == "emoji" or (showcase is None and roll < 0.006):
            full = f"{given} {rng.choice(_EMOJI)}"
            p.short = given
        elif showcase is None and roll < 0.02:
            if p.tie == Tie.KIN.value:
                full = f"{rng.choice(['Auntie', 'Uncle', 'Nana', 'Cousin'])} {given}"
            elif p.tie == Tie.OTHER.value:
                full = f"Dr. {family}"
                p.short = full
            else:
                full = f"{given} ({rng.choice(['climbing', 'choir', 'book club', 'yoga'])})"
        p.name = full

    def _contact_row(self, p: _Person) -> tuple[Any, ...]:
        rng = self.rng
        how_met = ""
        if rng.random() < 0.85:
            friend = "a friend"
            if len(self.people) > 1:
                other = (p.id + rng.randrange(len(self.people) - 1)) % len(self.people)
                friend = self.people[other].short
            how_met = rng.choice(_HOW_MET[p.tie]).format(
                friend=friend,
                org=p.organization or rng.choice(_ORGS),
                city=rng.choice(_CITIES),
                place=rng.choice(_PLACES),
            )
        email = ""
        if rng.random() < 0.45:
            domain = (
                _ascii(p.organization.replace(" ", "")) + ".example"
                if p.organization and rng.random() < 0.7
                else rng.choice(["example.com", "example.org", "example.net"])
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
            year = dt.date(self._today().year - age, 1, 1).toordinal()
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
            notes = rng.choice(_CONTACT_NOTES).format(
                city=rng.choice(_CITIES), handle=p.slug.replace(".", "_")
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

    def _today(self) -> dt.date:
        return dt.date.fromordinal(self.today)

    # -- histories

    def _allocate(self, budget: int) -> None:
        """Share the people's entries out: some people fill a journal, most don't."""
        rng = self.rng
        # Busier people fill more pages; so do those known for longer.
        weights = [
            _ACTIVITY[p.archetype]
            * rng.lognormvariate(0, 0.6)
            * math.sqrt(max(0.1, (self.today - p.since) / SPAN_DAYS))
            for p in self.people
        ]
        minimum = [_MINIMUM.get(p.archetype, 0) for p in self.people]
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
        for person, count in zip(self.people, counts, strict=True):
            person.budget = count

    def _make_histories(self) -> None:
        rng = self.rng
        total = len(self.people)
        for index, p in enumerate(self.people):
            n = p.budget
            if n <= 0:
                continue
            a = p.archetype
            if a == "turning" and p.turn is not None:
                recent = round(n * rng.uniform(0.35, 0.45))
                self._stretch(p, _WARM, p.since, p.turn - 1, n - recent)
                self._stretch(p, _TRADING, p.turn, self.today, recent)
            elif a == "cooling" and p.turn is not None:
                fraction = (self.today - p.turn) / (self.today - p.since)
                later = max(round(n * 0.8 * fraction), n // 4)
                self._stretch(p, _WARM, p.since, p.turn - 1, n - later)
                self._stretch(p, _COOLING, p.turn, self.today, later)
            else:
                style = {
                    "warm": _WARM,
                    "professional": _PROFESSIONAL,
                    "generous": _GENEROUS,
                    "one_sided": _ONE_SIDED,
                    "on_demand": _ON_DEMAND,
                    "neighbourly": _NEIGHBOURLY,
                    "occasional": _OCCASIONAL,
                    "new": _NEW,
                }[a]
                self._stretch(p, style, p.since, self.today, n)
            if index % 500 == 0:
                self.progress(0.05 + 0.4 * index / total)

    def _stretch(self, p: _Person, style: _Style, a: int, b: int, n: int) -> None:
        """`n` entries with `p` between days `a` and `b`, in the manner of `style`."""
        rng = self.rng
        rand = rng.random
        randint = rng.randint
        choices = rng.choices
        gauss = rng.gauss
        moments = self.moments
        favors = self.favors
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
                note = f"They asked me for {phrase}." if given else f"I asked them for {phrase}."
                self._talk(p, style, asked, Initiator.THEM if given else Initiator.ME, note)
                n -= 1
            description = phrase
            if expectation == _EXPLICIT and rand() < 0.35:
                description += rng.choice(_EXPLICIT_SUFFIXES)
            favor = _FavorRec(
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
                self._talk(p, style, thanked, by, f"Thanks for {phrase}.")
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
                    text = f"{back}, in return for {phrase}"
                    favors.append(
                        _FavorRec(
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

    def _talk(self, p: _Person, style: _Style, d: int, by: Initiator, note: str) -> None:
        """A message or call around a favor: contact on demand."""
        rng = self.rng
        kind = InteractionKind.MESSAGE.value if rng.random() < 0.65 else InteractionKind.CALL.value
        w0, _w1, wsd = style.warmth
        warmth = None if rng.random() < 0.2 else min(5, max(1, round(rng.gauss(w0, wsd))))
        self.moments.append((d, len(self.moments), kind, warmth, by.value, note, (p.id,)))

    def _group(self, p: _Person, d: int) -> tuple[int, ...]:
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

    def _note(self, kind: str, warmth: int | None, style: _Style) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            return ""
        if style.notes and roll < 0.6:
            return rng.choice(style.notes)
        if warmth is not None and warmth <= 2 and roll < 0.55:
            return rng.choice(_LOW_WARMTH_NOTES)
        note = rng.choice(self.notes[kind])
        if roll > 0.985:
            note += "\nMust remember to follow up."
        return note

    # -- coalitions

    def _make_coalitions(self, count: int) -> None:
        rng = self.rng
        kinds = rng.sample(_COALITIONS, min(count, len(_COALITIONS)))
        kinds += rng.choices(_COALITIONS, k=count - len(kinds))
        statuses = _STATUSES[:]
        rng.shuffle(statuses)
        statuses += rng.choices(_STATUSES, weights=[15, 45, 20, 20], k=max(0, count - 4))
        profiles = _COALITION_PROFILES[:]
        rng.shuffle(profiles)
        profiles += rng.choices(_COALITION_PROFILES, k=max(0, count - len(profiles)))
        by_tie: dict[str, list[_Person]] = {t: [] for t in _TIES}
        for person in self.people:
            by_tie[person.tie].append(person)
        for number, (kind, status, profile) in enumerate(
            zip(kinds, statuses, profiles, strict=False), 1
        ):
            self._coalition(number, kind, status, profile, by_tie)

    def _coalition(
        self,
        number: int,
        kind: _CoalitionKind,
        status: str,
        profile: str,
        by_tie: dict[str, list[_Person]],
    ) -> None:
        rng = self.rng
        today = self.today
        name = kind.name.format(
            street=rng.choice(_STREETS),
            place=rng.choice(_PLACES),
            school=rng.choice(["Brookside Primary", "St. Mary's Primary", "Hillcrest School"]),
            org=rng.choice(_ORGS),
        )
        if kind.name == "Family Reunion":
            name = f"Family Reunion {self._today().year - rng.randint(0, 5)}"
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
            ways = _DIFFERENCES_FORMAL if formality == _FORMAL else _DIFFERENCES_INFORMAL
            differences = rng.choice(ways)
        my_commitment = None if rng.random() < 0.1 else rng.choice([2, 3, 3, 4, 4, 5])
        if profile == "unequal":
            my_commitment = 5
        my_interest = rng.choice(kind.my_interests) if rng.random() < 0.9 else ""

        # Members: mostly people of the ties such a coalition draws on.
        size = min(len(self.people), rng.randint(3, 9))
        pool = [p for tie in kind.ties for p in by_tie[tie]]
        chosen: list[_Person] = rng.sample(pool, min(len(pool), size))
        seen = {p.id for p in chosen}
        while len(chosen) < size:
            extra = self.people[rng.randrange(len(self.people))]
            if extra.id not in seen:
                seen.add(extra.id)
                chosen.append(extra)
        # The one who started it with me is there from the first day to the last.
        first = min(range(len(chosen)), key=lambda i: chosen[i].since)
        chosen[0], chosen[first] = chosen[first], chosen[0]
        roles = _ROLES_FORMAL if formality == _FORMAL else _ROLES_INFORMAL
        lead = "chair" if formality == _FORMAL else rng.choice(["organiser", "coordinator"])
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
            self.membership_rows.append(
                (
                    len(self.membership_rows) + 1,
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
        # Some active coalitions have gone quiet: no joint action for a long time.
        last_action = end if end is not None else today
        if status == CoalitionStatus.ACTIVE.value and start is not None and rng.random() < 0.3:
            last_action = max(start, today - rng.randint(200, 400))
        self.coalitions.append(
            _CoalitionRec(number, name, status, start, end, last_action, members)
        )
        self.coalition_rows.append(
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
        self._coalition_kinds.append(kind)

    def _make_joint_actions(self, budget: int) -> int:
        """About `budget` joint actions, over the coalitions' lives; how many there are."""
        rng = self.rng
        weight = {"forming": 0.3, "active": 1.5, "achieved": 1.0, "dissolved": 0.6}
        open_ = [
            (c, k)
            for c, k in zip(self.coalitions, self._coalition_kinds, strict=True)
            if c.start is not None and c.last_action is not None
        ]
        if not open_:
            return 0
        picks = rng.choices(open_, weights=[weight[c.status] for c, _k in open_], k=budget)
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
            self.actions.append(
                (
                    d,
                    len(self.actions),
                    coalition.id,
                    description,
                    outcome,
                    tuple(rng.sample(present, k)),
                )
            )
        return len(self.actions)

    # -- the journal

    def _make_journal(self, count: int) -> None:
        rng = self.rng
        people = self.people
        telling = [p for p in people if p.archetype in ("turning", "cooling", "one_sided")]
        dated = [c for c in self.coalitions if c.start is not None]
        for _ in range(count):
            roll = rng.random()
            contact_id: int | None = None
            coalition_id: int | None = None
            if roll < 0.5:
                p = rng.choice(telling) if telling and rng.random() < 0.4 else rng.choice(people)
                d = rng.randint(p.since, self.today)
                contact_id = p.id
                if p.archetype == "turning" and p.turn is not None and rng.random() < 0.7:
                    d = rng.randint(p.turn, self.today)
                    text = rng.choice(_JOURNAL_TURNED).format(name=p.short)
                elif p.archetype == "cooling" and p.turn is not None:
                    d = rng.randint(p.turn, self.today)
                    text = rng.choice(_JOURNAL_BY_ARCHETYPE["cooling"]).format(name=p.short)
                else:
                    pool = _JOURNAL_BY_ARCHETYPE[p.archetype]
                    if p.archetype == "turning" and p.turn is not None:
                        d = rng.randint(p.since, p.turn - 1)
                    text = rng.choice(pool).format(name=p.short)
            elif roll < 0.7 and dated:
                c = rng.choice(dated)
                assert c.start is not None
                d = rng.randint(c.start, c.end if c.end is not None else self.today)
                coalition_id = c.id
                text = rng.choice(_JOURNAL_COALITION).format(coalition=c.name)
            else:
                d = rng.randint(self.start, self.today)
                text = rng.choice(_JOURNAL_FREE)
            self.entries.append((d, len(self.entries), text, contact_id, coalition_id))
