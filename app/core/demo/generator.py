"""`generate_demo`: a new demo journal, drafted in memory, then written in one transaction."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core import store
from app.core.demo.coalitions import make_coalitions, make_joint_actions
from app.core.demo.draft import Draft
from app.core.demo.histories import make_histories
from app.core.demo.journal import make_journal
from app.core.demo.people import make_people
from app.core.demo.texts import load_texts
from app.core.demo.writer import write

EVENTS_PER_PERSON = 30


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
    texts = load_texts()
    journal = store.create_journal(path)
    try:
        draft = Draft(random.Random(seed), (today or dt.date.today()).toordinal(), texts, report)
        _draft(draft, contacts, EVENTS_PER_PERSON * contacts if events is None else events)
        with journal.engine.begin() as connection:
            written = write(draft, connection)
    except BaseException:
        journal.close()
        _discard(journal.path)
        raise
    journal.close()
    report(1.0)
    return DemoSummary(journal.path, contacts, written, time.perf_counter() - started)


def _draft(draft: Draft, contacts: int, events: int) -> None:
    """Everything, in memory and in the order that keeps a seed's rows the same."""
    journal_entries = round(events * 0.03)
    n_coalitions = max(1, round(contacts / 8))
    joint_actions = round(events * 0.04)
    make_people(draft, contacts)
    draft.progress(0.03)
    make_coalitions(draft, n_coalitions)
    joint_actions = make_joint_actions(draft, joint_actions)
    make_histories(draft, events - journal_entries - joint_actions)
    make_journal(draft, journal_entries)
    draft.progress(0.5)


def _ignore(_fraction: float) -> None:
    return None


def _discard(path: Path) -> None:
    """Remove a demo journal this call created and could not finish."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
