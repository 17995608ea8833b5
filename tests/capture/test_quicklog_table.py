"""The quick-log grammar, line by line: what a user types and what Kith must understand.

Each row is a line and its expected reading, written compactly:
`moment kind day people warmth initiated` or `favor direction day people weight expectation`.
People are the journal's names joined by `;`, `?Name` for a name nobody has and
`~Name` for one that fits several people; `-` is "not recorded". Today is
Wednesday 2 December 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.capture.people_match import AMBIGUOUS, UNKNOWN, PeopleIndex
from app.core.capture.quicklog import FAVOR, QuickLog, Reading

TODAY = dt.date(2026, 12, 2)
PEOPLE = [
    (1, "Sam Okafor"),
    (2, "Sam Reyes"),
    (3, "Ana Lima"),
    (4, "Jonas Berg"),
    (5, "Mum"),
    (6, "Priya Shah"),
    (7, "Léa Martin"),
    (8, "Tom"),
    (9, "Zoe Chen"),
    (10, "Dad"),
]

TABLE = [
    # the issue's own examples
    (
        "coffee with Sam Okafor and Ana yesterday, warm",
        "moment shared_time 2026-12-01 Sam Okafor;Ana Lima 4 -",
    ),
    (
        "Sam Okafor helped me move last Saturday, big favor, I owe her",
        "favor received 2026-11-28 Sam Okafor 4 explicit",
    ),
    ("lent Jonas my drill", "favor given 2026-12-02 Jonas Berg 2 none"),
    ("call with Mum 2026-11-30", "moment call 2026-11-30 Mum - -"),
    # dates
    ("coffee with Tom today", "moment shared_time 2026-12-02 Tom - -"),
    ("lunch with Tom yesterday", "moment shared_time 2026-12-01 Tom - -"),
    ("dinner with Tom last Friday", "moment shared_time 2026-11-27 Tom - -"),
    ("dinner with Tom on Friday", "moment shared_time 2026-11-27 Tom - -"),
    ("walk with Tom 3 days ago", "moment shared_time 2026-11-29 Tom - -"),
    ("walk with Tom three days ago", "moment shared_time 2026-11-29 Tom - -"),
    ("drinks with Tom a week ago", "moment shared_time 2026-11-25 Tom - -"),
    ("talked to Tom 2 weeks ago", "moment conversation 2026-11-18 Tom - -"),
    ("met Tom on 30 Nov", "moment meeting 2026-11-30 Tom - -"),
    ("met Tom 30 November", "moment meeting 2026-11-30 Tom - -"),
    ("met Tom Nov 30", "moment meeting 2026-11-30 Tom - -"),
    ("met Tom on the 1st of December", "moment meeting 2026-12-01 Tom - -"),
    ("call with Tom 2026-10-05", "moment call 2026-10-05 Tom - -"),
    ("call with Tom 5 Oct 2025", "moment call 2025-10-05 Tom - -"),
    ("call with Tom 25/11", "moment call 2026-11-25 Tom - -"),
    ("call with Tom last Wednesday", "moment call 2026-11-25 Tom - -"),
    ("call with Tom this Monday", "moment call 2026-11-30 Tom - -"),
    ("tea with Mum the day before yesterday", "moment shared_time 2026-11-30 Mum - -"),
    ("tea with Mum this morning", "moment shared_time 2026-12-02 Mum - -"),
    ("met Tom 15 Dec", "moment meeting 2025-12-15 Tom - -"),
    # several people
    (
        "dinner with Ana, Jonas and Priya on Sunday",
        "moment shared_time 2026-11-29 Ana Lima;Jonas Berg;Priya Shah - -",
    ),
    (
        "hike with Zoe Chen and Léa yesterday, lovely",
        "moment shared_time 2026-12-01 Zoe Chen;Léa Martin 5 -",
    ),
    ("video call with Mum and Dad", "moment call 2026-12-02 Mum;Dad - -"),
    (
        "board games at Priya's with Tom and Ana",
        "moment shared_time 2026-12-02 Priya Shah;Tom;Ana Lima - -",
    ),
    ("coffee with lea martin", "moment shared_time 2026-12-02 Léa Martin - -"),
    ("called mum", "moment call 2026-12-02 Mum - me"),
    # kinds, warmth and who started it
    ("texted Jonas about the weekend", "moment message 2026-12-02 Jonas Berg - me"),
    ("Jonas texted me, awkward", "moment message 2026-12-02 Jonas Berg 2 them"),
    ("Priya called me yesterday, very warm", "moment call 2026-12-01 Priya Shah 5 them"),
    ("I called Priya, it was fine", "moment call 2026-12-02 Priya Shah 3 me"),
    ("long talk with Ana, warmth 4", "moment conversation 2026-12-02 Ana Lima 4 -"),
    ("quick chat with Tom, cold", "moment conversation 2026-12-02 Tom 1 -"),
    ("emailed Zoe", "moment message 2026-12-02 Zoe Chen - me"),
    ("meeting with Zoe and Jonas", "moment meeting 2026-12-02 Zoe Chen;Jonas Berg - -"),
    ("comforted Ana after the funeral", "moment support 2026-12-02 Ana Lima - -"),
    ("Tom invited me to his party, great fun", "moment shared_time 2026-12-02 Tom 5 them"),
    (
        "caught up with Léa, we both reached out",
        "moment conversation 2026-12-02 Léa Martin - mutual",
    ),
    ("saw Tom", "moment conversation 2026-12-02 Tom - -"),
    ("Brunch with Priya in Lisbon", "moment shared_time 2026-12-02 Priya Shah - -"),
    ("drinks with Tom, nice", "moment shared_time 2026-12-02 Tom 4 -"),
    # favors given
    ("helped Ana move house last Saturday", "favor given 2026-11-28 Ana Lima 2 none"),
    ("I drove Priya to the airport, huge favor", "favor given 2026-12-02 Priya Shah 5 none"),
    ("lent Tom 50 euros, he promised to pay it back", "favor given 2026-12-02 Tom 2 explicit"),
    ("Tom borrowed my car yesterday, big favor", "favor given 2026-12-01 Tom 4 none"),
    ("watered Zoe's plants, tiny favor", "favor given 2026-12-02 Zoe Chen 1 none"),
    ("cooked for Mum and Dad, as a gift", "favor given 2026-12-02 Mum;Dad 2 none"),
    ("babysat for Priya, Priya owes me", "favor given 2026-12-02 Priya Shah 2 explicit"),
    (
        "fixed Jonas's bike, small favor, no strings attached",
        "favor given 2026-12-02 Jonas Berg 2 none",
    ),
    (
        "picked Ana up from the station, she should return the favor",
        "favor given 2026-12-02 Ana Lima 2 implicit",
    ),
    ("gave Léa a lift 3 days ago, weight 3", "favor given 2026-11-29 Léa Martin 3 none"),
    # favors received
    (
        "Ana drove me to the airport, huge favor, as a gift",
        "favor received 2026-12-02 Ana Lima 5 none",
    ),
    (
        "borrowed Jonas's ladder last Friday, small favor",
        "favor received 2026-11-27 Jonas Berg 2 none",
    ),
    ("Priya lent me her tent, I owe her one", "favor received 2026-12-02 Priya Shah 2 implicit"),
    ("Mum helped me paint the kitchen, big favor", "favor received 2026-12-02 Mum 4 none"),
    ("got a lift from Tom yesterday", "favor received 2026-12-01 Tom 2 none"),
    (
        "Zoe covered my shift, major favor, I owe Zoe",
        "favor received 2026-12-02 Zoe Chen 4 explicit",
    ),
    ("Dad fixed my car, medium favor", "favor received 2026-12-02 Dad 3 none"),
    ("Tom and Ana helped me move, huge help", "favor received 2026-12-02 Tom;Ana Lima 5 none"),
    ("Jonas kindly watered my plants, tiny", "favor received 2026-12-02 Jonas Berg 1 none"),
    ("Léa did me a favor, I probably owe her", "favor received 2026-12-02 Léa Martin 2 implicit"),
    # names to settle
    ("coffee with Sam yesterday", "moment shared_time 2026-12-01 ~Sam - -"),
    ("Sam helped me move", "favor received 2026-12-02 ~Sam 2 none"),
    ("walk with Bob last week", "moment shared_time 2026-11-25 ?Bob - -"),
    ("lent Jonah my drill", "favor given 2026-12-02 ?Jonah 2 none"),
    ("dinner with Ana and Carla Souza", "moment shared_time 2026-12-02 Ana Lima;?Carla Souza - -"),
]


def _compact(reading: Reading) -> str:
    def person(p: object) -> str:
        from app.core.capture.people_match import PersonMatch

        assert isinstance(p, PersonMatch)
        if p.status == UNKNOWN:
            return f"?{p.text}"
        if p.status == AMBIGUOUS:
            return f"~{p.text}"
        return p.name

    people = ";".join(person(p) for p in reading.people) or "nobody"
    if reading.entry == FAVOR:
        assert reading.direction and reading.expectation
        return (
            f"favor {reading.direction.value} {reading.day.isoformat()} {people} "
            f"{reading.weight} {reading.expectation.value}"
        )
    started = reading.initiated_by.value if reading.initiated_by else "-"
    return (
        f"moment {reading.kind.value} {reading.day.isoformat()} {people} "
        f"{reading.warmth or '-'} {started}"
    )


def test_the_table_has_at_least_sixty_lines() -> None:
    assert len(TABLE) >= 60


@pytest.mark.parametrize(("line", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_each_line_reads_as_expected(line: str, expected: str) -> None:
    reading = QuickLog(PeopleIndex(PEOPLE)).read(line, TODAY)
    assert _compact(reading) == expected
