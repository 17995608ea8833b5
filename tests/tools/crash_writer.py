"""The child of the kill harness (tests/test_crash_kill.py): writes to a journal until killed.

Started once, it imports Kith's services and then reads commands on stdin, one
JSON object a line: `{"journal": PATH, "ids": PATH, "seed": N}`. For each it
forks a writer, so that a run starts in milliseconds instead of paying for
Python's imports again. The fork happens here, where no journal was ever
opened: an SQLite connection must never cross a fork.

The writer opens the journal through Kith's own store and logs people,
moments, favors and reflections through the services as fast as it can,
saying `writing PID` on stdout once the first is committed. After each service
call returns (its commit is done) it appends `KIND ID` to the ids file, so every
id listed there was committed; one committed but not yet listed is fine. It
writes until the harness kills it; this server then reports `exited PID STATUS`
(STATUS: minus the signal's number when a signal ended it, else the exit code).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import traceback
from pathlib import Path

from sqlalchemy.orm import configure_mappers

from app.core import migrate, store
from app.core.records import ContactFields, EntryFields, FavorFields, MomentFields
from app.core.services import contacts, journal_entries, moments

_WORDS = [
    "lunch",
    "drill",
    "sofa",
    "garden",
    "lift",
    "soup",
    "call",
    "chess",
    "move",
    "letter",
    "cake",
    "walk",
]


def _say(line: str) -> None:
    # os.write, not print: no buffer that a SIGKILL could strand.
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def _one_write(journal: store.Journal, rng: random.Random, people: list[int]) -> tuple[str, int]:
    """One service call, chosen at random; returns what it wrote and the new id."""
    roll = rng.random()
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    words = " ".join(rng.choices(_WORDS, k=rng.randint(2, 12)))
    if not people or roll < 0.1:
        result = contacts.add_contact(journal, ContactFields(f"Person {rng.randrange(10**6)}"))
        assert result.new_id is not None
        people.append(result.new_id)
        return "contact", result.new_id
    if roll < 0.5:
        who = tuple(rng.sample(people, k=min(len(people), rng.randint(1, 3))))
        result = moments.log_moment(journal, MomentFields(day, who, warmth=rng.randint(1, 5)))
        kind = "moment"
    elif roll < 0.9:
        favor = FavorFields(rng.choice(people), rng.choice(["given", "received"]), day, words, 2)
        result = moments.log_favor(journal, favor)
        kind = "favor"
    else:
        # A commit that spans several pages, so that a kill can land in the middle of
        # writing one to the WAL, not only between small ones.
        result = journal_entries.write_entry(journal, EntryFields(day, words * 400))
        kind = "entry"
    assert result.new_id is not None
    return kind, result.new_id


def write_until_killed(journal_path: Path, ids_path: Path, seed: int) -> None:
    """The writer: never returns, the harness ends it with SIGKILL."""
    rng = random.Random(seed)
    journal = store.open_journal(journal_path)
    # The people earlier writers listed (all committed): cheaper than asking the journal.
    listed = ids_path.read_text().splitlines(keepends=True) if ids_path.exists() else []
    people = [
        int(line.split()[1])
        for line in listed
        if line.startswith("contact ") and line.endswith("\n")  # whole lines only
    ]
    ids = os.open(ids_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for count in itertools.count():
        kind, new_id = _one_write(journal, rng, people)
        # One write() of a short line: the kernel keeps it whole even if we die next.
        os.write(ids, f"{kind} {new_id}\n".encode())
        if count == 0:
            # Said after the first commit, not before: however slow the machine, the
            # harness's random delay then falls among writes, not in start-up.
            _say(f"writing {os.getpid()}")


def main() -> None:
    # Done once here rather than in every writer: reading the migrations, setting up
    # the ORM's mappers. Neither opens a journal.
    migrate.head_revision()
    configure_mappers()
    for line in sys.stdin:
        order = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(Path(order["journal"]), Path(order["ids"]), order["seed"])
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        _say(f"exited {pid} {code}")


if __name__ == "__main__":
    main()
