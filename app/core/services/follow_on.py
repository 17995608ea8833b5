"""What follows a write, decided once: the people it touched read and judged again.

After a moment or a favor is saved, the people it touched get a fresh reading (the
People table's index column) and the engine judges them again: new questions are
stored within the week's budget, waiting ones get today's evidence. The window
asks for this in one place (app/ui/follow_on.py) after the write's own `Changed`
has reached every view, and publishes the `Changed` this returns: one delivery
after another, never one inside another. Before, the People place decided this
itself, in the middle of delivering the write, and read each person twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core import clock
from app.core.changes import Changed, changed
from app.core.kinds import ChangeKind
from app.core.reflection.signals import Reading
from app.core.services import prompts, settings
from app.core.store import Journal

# The kinds of record whose writes can change what the engine makes of a person.
JUDGED_KINDS = frozenset({ChangeKind.INTERACTION, ChangeKind.FAVOR})
# The kinds whose writes change a person's reading (the index column) at least.
READ_KINDS = JUDGED_KINDS | {ChangeKind.CONTACT, ChangeKind.MEMBERSHIP, ChangeKind.TRASH}


@dataclass(frozen=True)
class FollowOn:
    """What `after_write` found: a `Changed` to publish (empty when nothing changed),
    and the touched people's fresh readings."""

    changed: Changed = field(default_factory=Changed)
    readings: Mapping[int, Reading] = field(default_factory=dict)


def needs_follow_on(result: Changed) -> bool:
    """Whether `result` is a write whose people should be read (and perhaps judged)
    again: it names people, and it is not itself a follow-on (a question changed)."""
    return bool(result.contact_ids) and bool(result.kinds & READ_KINDS)


def after_write(journal: Journal, result: Changed, as_of: dt.date | None = None) -> FollowOn:
    """Read the people `result` touched again and, after a moment or a favor, judge
    them: returns their readings and a `Changed("prompt")` naming the people whose
    questions are new or fresher, with the new questions' ids in `prompt_ids`.

    The thresholds are read once and each person is read once (the same reading
    feeds the index column and the judgement). Nothing is judged for other writes.
    """
    if not needs_follow_on(result):
        return FollowOn()
    day = as_of or clock.today()
    ids = sorted(result.contact_ids)
    thresholds = settings.thresholds(journal)
    read = prompts.readings(journal, day, thresholds, ids)
    if not result.kinds & JUDGED_KINDS:
        return FollowOn(readings=read)
    before = {view.id for view in prompts.waiting(journal, day, contact_ids=ids)}
    found = prompts.candidates(journal, day, thresholds, ids, coalitions=False, read=read)
    shown = prompts.reflections(journal, day, thresholds, contact_ids=ids, found=found)
    theirs = [view for view in shown if view.subject_type == "person" and view.subject_id in ids]
    if not theirs:
        return FollowOn(readings=read)
    raised = {view.id for view in theirs if view.id is not None and view.id not in before}
    people = {view.subject_id for view in theirs}
    return FollowOn(changed(ChangeKind.PROMPT, contacts=people, prompts=raised), read)
