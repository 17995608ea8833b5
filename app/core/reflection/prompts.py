"""Reflective prompts: which to show, in what words, and what the user did with them.

The engine proposes candidates (a person's prompting signals, a coalition's
broken health rules); this module keeps to the rules that stop it nagging: at
most one open prompt per subject and rule, a few new prompts a day (most
important first), snoozes, and "not transactional" staying quiet until the
index clearly rises.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.core import clock, collector
from app.core.changes import Changed, changed
from app.core.enums import PromptState
from app.core.errors import NotFoundError, ValidationError
from app.core.models import Coalition, Contact, JournalEntry, Prompt
from app.core.paths import resources_dir
from app.core.reflection.coalition_rules import coalition_findings
from app.core.reflection.signals import Reading, read_person
from app.core.reflection.stats import person_stats
from app.core.reflection.thresholds import Thresholds
from app.core.services import settings
from app.core.store import Journal

TRANSACTIONAL = "transactional"
COALITION = "coalition"
_LIVE = (PromptState.OPEN, PromptState.SNOOZED)


@dataclass(frozen=True)
class PromptView:
    """A prompt as the Reflections place and `kith prompts` show it."""

    rule: str
    family: str
    subject_type: str  # "person" or "coalition"
    subject_id: int
    subject_name: str
    question: str
    evidence: str
    index: int | None
    importance: float
    id: int | None = None  # None until stored
    state: str = PromptState.OPEN.value

    def as_json(self) -> dict[str, object]:
        """The documented fields of `kith prompts --json`."""
        return {
            "rule": self.rule,
            "family": self.family,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "question": self.question,
            "evidence": self.evidence,
            "index": self.index,
        }


@cache
def phrasings() -> dict[str, list[str]]:
    """Prompt wording, from resources/prompts/prompts.json (a writer edits it, not code)."""
    path = resources_dir() / "prompts" / "prompts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {rule: texts for rule, texts in data.items() if not rule.startswith("_")}


def _question(rule: str, name: str, turn: int) -> str:
    texts = phrasings()[rule]
    return texts[turn % len(texts)].format(name=name)


# ---- what the engine proposes ---------------------------------------------------------------


def readings(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    contact_ids: Collection[int] | None = None,
    *,
    lean: bool = False,
) -> dict[int, Reading]:
    """Every live person's reading (or only `contact_ids`'), counting entries up to `as_of`.
    Without `thresholds`, the journal's own (Preferences), over the defaults.

    `lean` drops the signals of everyone below the index where prompts start
    (their index and explanation stay): what a view of the whole journal keeps.
    On the 10,000-person demo the signals and the figures their evidence
    holds weigh about 15 MB."""
    thresholds = thresholds or settings.thresholds(journal)
    read: dict[int, Reading] = {}
    with collector.paused():
        stats = person_stats(journal, as_of, thresholds, contact_ids)
        for contact_id, figures in stats.items():
            reading = read_person(figures, thresholds)
            if lean and reading.signals and reading.index < thresholds.prompt_min_index:
                reading = Reading(contact_id, reading.name, reading.index, reading.explanation, ())
            read[contact_id] = reading
    return read


def candidates(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    contact_ids: Collection[int] | None = None,
    coalitions: bool = True,
    read: Mapping[int, Reading] | None = None,
) -> list[PromptView]:
    """Every prompt the rules raise on `as_of`, most important first (nothing stored).

    `read`: these people's readings on `as_of`, already made (the window reads
    everyone once for both its index column and its prompts)."""
    found: list[PromptView] = []
    thresholds = thresholds or settings.thresholds(journal)
    if read is None:
        read = readings(journal, as_of, thresholds, contact_ids)
    for reading in read.values():
        if reading.index < thresholds.prompt_min_index:
            continue
        for signal in reading.prompting():
            found.append(
                PromptView(
                    signal.rule,
                    TRANSACTIONAL,
                    "person",
                    reading.contact_id,
                    reading.name,
                    _question(signal.rule, reading.name, reading.contact_id),
                    signal.evidence,
                    reading.index,
                    reading.index + 10 * signal.strength,
                )
            )
    if coalitions:
        for finding in coalition_findings(journal, as_of, thresholds):
            found.append(
                PromptView(
                    finding.rule,
                    COALITION,
                    "coalition",
                    finding.coalition_id,
                    finding.name,
                    _question(finding.rule, finding.name, finding.coalition_id),
                    finding.evidence,
                    None,
                    40 + 40 * finding.weight,
                )
            )
    found.sort(key=lambda p: (-p.importance, p.subject_type, p.subject_id, p.rule))
    return found


# ---- what the user sees ---------------------------------------------------------------------


def _key(subject_type: str, subject_id: int, rule: str) -> tuple[str, int, str]:
    return (subject_type, subject_id, rule)


def _stored_key(prompt: Prompt) -> tuple[str, int, str]:
    if prompt.contact_id is not None:
        return _key("person", prompt.contact_id, prompt.rule)
    assert prompt.coalition_id is not None
    return _key("coalition", prompt.coalition_id, prompt.rule)


def reflections(
    journal: Journal,
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
    *,
    persist: bool = True,
    contact_ids: Collection[int] | None = None,
    found: Sequence[PromptView] | None = None,
) -> list[PromptView]:
    """The prompts to show on `as_of`: open ones, snoozes that ran out, and new ones
    up to the daily cap. With `persist`, new prompts are stored (the window does
    that); without, nothing is written (`kith prompts`). `contact_ids` limits the
    new prompts to these people (after a log: only they are re-evaluated). `found`
    passes what `candidates` raised that day for the whole journal, worked out
    beforehand: the window does that off the UI thread, and only stores here, since
    SQLite takes one writer at a time."""
    day = as_of or clock.today()
    thresholds = thresholds or settings.thresholds(journal)
    fresh = (
        list(found)
        if found is not None
        else candidates(journal, day, thresholds, contact_ids, coalitions=contact_ids is None)
    )
    with journal.session() as session:
        stored = list(session.scalars(select(Prompt)))
        live = {_stored_key(p): p for p in stored if p.state in _LIVE}
        quiet: dict[tuple[str, int, str], int] = {}
        for p in stored:
            if p.state not in _LIVE:
                quiet[_stored_key(p)] = max(quiet.get(_stored_key(p), -1), p.quiet_index)
        created_today = sum(1 for p in stored if p.created_on == day)
        cap = thresholds.daily_prompt_cap
        if contact_ids is not None:  # right after a log: see Thresholds.after_log_prompts
            cap += thresholds.after_log_prompts
        room = max(0, cap - created_today)
        for view in fresh:
            key = _key(view.subject_type, view.subject_id, view.rule)
            if key in live:
                if persist:  # keep a waiting prompt's evidence current
                    live[key].evidence, live[key].index = view.evidence, view.index
                continue
            if key in quiet and view.family == TRANSACTIONAL:
                if (view.index or 0) < quiet[key] + thresholds.dismiss_reopen_rise:
                    continue
            elif key in quiet:
                continue  # a coalition prompt dismissed or answered stays answered
            if room == 0:
                continue
            room -= 1
            prompt = Prompt(
                rule=view.rule,
                family=view.family,
                contact_id=view.subject_id if view.subject_type == "person" else None,
                coalition_id=view.subject_id if view.subject_type == "coalition" else None,
                state=PromptState.OPEN,
                question=view.question,
                evidence=view.evidence,
                index=view.index,
                created_on=day,
            )
            live[key] = prompt
            if persist:
                session.add(prompt)
        if persist:
            session.flush()
        names = _subject_names(session, live.values())
        shown = [
            _view(p, names, fresh)
            for p in live.values()
            if (
                p.state == PromptState.OPEN
                or (p.snoozed_until is not None and p.snoozed_until <= day)
            )
            and _stored_key(p)[:2] in names  # not about someone in the trash
        ]
    shown.sort(key=lambda p: (-p.importance, p.subject_type, p.subject_id, p.rule))
    return shown


def _subject_names(session: Session, prompts: Collection[Prompt]) -> dict[tuple[str, int], str]:
    """The names of the prompts' subjects that are not in the trash."""
    people = {p.contact_id for p in prompts if p.contact_id is not None}
    groups = {p.coalition_id for p in prompts if p.coalition_id is not None}
    names: dict[tuple[str, int], str] = {}
    if people:
        for cid, name in session.execute(
            select(Contact.id, Contact.name).where(
                Contact.id.in_(people), Contact.deleted_at.is_(None)
            )
        ):
            names[("person", cid)] = name
    if groups:
        for cid, name in session.execute(
            select(Coalition.id, Coalition.name).where(
                Coalition.id.in_(groups), Coalition.deleted_at.is_(None)
            )
        ):
            names[("coalition", cid)] = name
    return names


def _view(prompt: Prompt, names: dict[tuple[str, int], str], fresh: list[PromptView]) -> PromptView:
    subject_type, subject_id, rule = _stored_key(prompt)
    importance = next(
        (
            v.importance
            for v in fresh
            if _key(v.subject_type, v.subject_id, v.rule) == (subject_type, subject_id, rule)
        ),
        float(prompt.index or 40),
    )
    return PromptView(
        rule,
        prompt.family,
        subject_type,
        subject_id,
        names.get((subject_type, subject_id), ""),
        prompt.question,
        prompt.evidence,
        prompt.index,
        importance,
        prompt.id,
        prompt.state.value,
    )


# ---- what the user does with a prompt ---------------------------------------------------------


def _live_prompt(session: Session, prompt_id: int) -> Prompt:
    prompt = session.get(Prompt, prompt_id)
    if prompt is None or prompt.state not in _LIVE:
        raise NotFoundError(f"There is no open prompt {prompt_id}.")
    return prompt


def _subjects(prompt: Prompt) -> Changed:
    return changed(
        "prompt",
        contacts={prompt.contact_id} if prompt.contact_id else None,
        coalitions={prompt.coalition_id} if prompt.coalition_id else None,
    )


def snooze(journal: Journal, prompt_id: int, until: dt.date) -> Changed:
    """Hide a prompt until `until` (it comes back that day, if still relevant)."""
    if until <= clock.today():
        raise ValidationError("snoozed_until", "Pick a day after today to snooze until.")
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        prompt.state, prompt.snoozed_until = PromptState.SNOOZED, until
        return _subjects(prompt)


def dismiss(journal: Journal, prompt_id: int, reason: str = "") -> Changed:
    """ "Not transactional": quiet for this subject and rule until the index clearly rises."""
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        prompt.state = PromptState.DISMISSED
        prompt.dismissed_reason = reason.strip()
        prompt.dismissed_index = prompt.index
        prompt.closed_at = clock.now_utc()
        return _subjects(prompt)


def answer(journal: Journal, prompt_id: int, entry_id: int) -> Changed:
    """Link the journal entry that answers a prompt, and close it."""
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        entry = session.get(JournalEntry, entry_id)
        if entry is None or entry.deleted_at is not None:
            raise NotFoundError(f"There is no journal entry {entry_id}.")
        entry.prompt_rule = prompt.rule
        prompt.state = PromptState.ANSWERED
        prompt.journal_entry_id = entry_id
        prompt.dismissed_index = prompt.index
        prompt.closed_at = clock.now_utc()
        return _subjects(prompt) | changed("journal_entry")


def _waiting(day: dt.date) -> ColumnElement[bool]:
    """Prompts that wait for the user on `day`, about people and coalitions not in the trash."""
    return (
        (Prompt.state == PromptState.OPEN)
        | ((Prompt.state == PromptState.SNOOZED) & (Prompt.snoozed_until <= day))
    ) & or_(
        Prompt.contact_id.in_(select(Contact.id).where(Contact.deleted_at.is_(None))),
        Prompt.coalition_id.in_(select(Coalition.id).where(Coalition.deleted_at.is_(None))),
    )


def waiting(
    journal: Journal,
    as_of: dt.date | None = None,
    *,
    contact_ids: Collection[int] | None = None,
    coalition_ids: Collection[int] | None = None,
) -> list[PromptView]:
    """The stored prompts that wait in Reflections (about these people or coalitions, if
    given), without evaluating or writing anything: what a page shows of its subject's
    prompts. Ordered by their stored index, highest first."""
    day = as_of or clock.today()
    statement = select(Prompt).where(_waiting(day))
    if contact_ids is not None or coalition_ids is not None:
        statement = statement.where(
            or_(
                Prompt.contact_id.in_(list(contact_ids or ())),
                Prompt.coalition_id.in_(list(coalition_ids or ())),
            )
        )
    with journal.session() as session:
        stored = list(session.scalars(statement))
        names = _subject_names(session, stored)
        shown = [_view(p, names, []) for p in stored]
    shown.sort(key=lambda p: (-p.importance, p.subject_type, p.subject_id, p.rule))
    return shown


def open_count(journal: Journal, as_of: dt.date | None = None) -> int:
    """How many prompts wait in Reflections (the sidebar badge), without evaluating anything."""
    day = as_of or clock.today()
    with journal.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(Prompt).where(_waiting(day))) or 0
        )
