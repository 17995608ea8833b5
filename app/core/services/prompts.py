"""Stored questions: which to show, which to store, which fade, and what the user did.

The engine (`app.core.reflection.engine`) says what the rules raise on a day;
this service keeps the promise not to nag:

- at most one open question per person (the rules' evidence merged, strongest
  reason first) and per coalition rule;
- new questions come from a budget of `weekly_prompt_budget` in any seven days,
  most important first, and none while `max_waiting` wait unanswered;
- a question the rules have not raised for `resolve_after_days` closes itself,
  marked resolved: a relationship that is warm again stops being asked about;
- "not transactional" keeps a person quiet for `dismiss_quiet_days`, and then
  until their index rises `dismiss_reopen_rise` above where it was;
- snoozes hide a question until a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.changes import Changed, changed
from app.core.enums import PromptState
from app.core.errors import NotFoundError, PromptDayError, PromptNotFoundError
from app.core.models import Coalition, Contact, JournalEntry, Prompt
from app.core.records import EntryFields
from app.core.reflection import engine, history
from app.core.reflection.engine import COALITION, TRANSACTIONAL, PromptView, order, phrasings
from app.core.reflection.signals import Reading
from app.core.reflection.thresholds import Thresholds
from app.core.services import journal_entries, settings
from app.core.store import Journal

__all__ = [
    "COALITION",
    "TRANSACTIONAL",
    "PromptView",
    "answer",
    "answer_with_text",
    "candidates",
    "dismiss",
    "index_history",
    "open_count",
    "phrasings",
    "readings",
    "reflections",
    "snooze",
    "waiting",
]

_LIVE = (PromptState.OPEN, PromptState.SNOOZED)
_QUIET = (PromptState.DISMISSED, PromptState.ANSWERED)
Key = tuple[str, int, str]


# ---- the engine, judged by this journal's own thresholds -----------------------------------


def readings(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    contact_ids: Collection[int] | None = None,
    *,
    lean: bool = False,
) -> dict[int, Reading]:
    """`engine.readings`, by the journal's own thresholds (Preferences) unless given."""
    return engine.readings(
        journal, as_of, thresholds or settings.thresholds(journal), contact_ids, lean=lean
    )


def candidates(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    contact_ids: Collection[int] | None = None,
    coalitions: bool = True,
    read: Mapping[int, Reading] | None = None,
) -> list[PromptView]:
    """`engine.candidates`, by the journal's own thresholds unless given (nothing stored)."""
    return engine.candidates(
        journal, as_of, thresholds or settings.thresholds(journal), contact_ids, coalitions, read
    )


def index_history(
    journal: Journal,
    contact_id: int,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    months: int = history.MONTHS,
) -> history.IndexHistory:
    """`history.index_history`, by the journal's own thresholds unless given."""
    return history.index_history(
        journal, contact_id, as_of, thresholds or settings.thresholds(journal), months
    )


# ---- keys: one question per person, one per coalition rule ----------------------------------


def key_of(view: PromptView) -> Key:
    """What makes two questions the same question."""
    if view.subject_type == "person":
        return ("person", view.subject_id, "")
    return ("coalition", view.subject_id, view.rule)


def _stored_key(prompt: Prompt) -> Key:
    if prompt.contact_id is not None:
        return ("person", prompt.contact_id, "")
    assert prompt.coalition_id is not None
    return ("coalition", prompt.coalition_id, prompt.rule)


# ---- what the user sees ---------------------------------------------------------------------


def _last_raised(prompt: Prompt) -> dt.date:
    return prompt.last_raised_on or prompt.created_on


def _close(prompt: Prompt, state: PromptState, day: dt.date) -> None:
    prompt.state = state
    prompt.closed_on = day
    prompt.closed_at = clock.now_utc()


def _quiet_until(stored: Iterable[Prompt], t: Thresholds) -> dict[Key, tuple[dt.date, int, bool]]:
    """For each subject a closed question was about: the day it may ask again from,
    the index it must clearly rise above, and whether it may ever ask again."""
    quiet: dict[Key, tuple[dt.date, int, bool]] = {}
    for p in stored:
        if p.state not in _QUIET:
            continue
        key = _stored_key(p)
        closed = p.closed_on or p.created_on
        until = closed + dt.timedelta(days=t.dismiss_quiet_days)
        held = quiet.get(key)
        again = p.family == TRANSACTIONAL  # a coalition question answered stays answered
        if held is None or until > held[0]:
            quiet[key] = (until, max(p.quiet_index, held[1] if held else -1), again)
    return quiet


def reflections(
    journal: Journal,
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
    *,
    persist: bool = True,
    contact_ids: Collection[int] | None = None,
    found: Sequence[PromptView] | None = None,
) -> list[PromptView]:
    """The questions to show on `as_of`, as opening the Reflections place that day does.

    Waiting questions the rules still raise get today's evidence; those they have
    not raised for `resolve_after_days` resolve; new ones are stored within the
    week's budget. With `persist` all of that is written (the window, `kith
    prompts --keep`); without, nothing is, and what is shown is what would be.
    `contact_ids` judges only these people (after a log), with `after_log_prompts`
    more room. `found`: what `candidates` raised that day for the whole journal,
    worked out beforehand (the window does that off the UI thread)."""
    day = as_of or clock.today()
    t = thresholds or settings.thresholds(journal)
    fresh = (
        list(found)
        if found is not None
        else candidates(journal, day, t, contact_ids, coalitions=contact_ids is None)
    )
    judged = None if contact_ids is None else {("person", c) for c in contact_ids}
    raised = {key_of(v): v for v in fresh}
    with journal.session() as session:
        stored = list(session.scalars(select(Prompt).order_by(Prompt.id)))
        live: dict[Key, Prompt] = {}
        for p in stored:
            if p.state not in _LIVE:
                continue
            key = _stored_key(p)
            if key in live:  # two about one person (from an older Kith): keep the first
                if persist:
                    _close(p, PromptState.RESOLVED, day)
                continue
            live[key] = p
        # Fading: a waiting question the rules no longer raise closes after a while.
        for key, p in list(live.items()):
            if key in raised or (judged is not None and key[:2] not in judged):
                continue
            if (day - _last_raised(p)).days >= t.resolve_after_days:
                del live[key]
                if persist:
                    _close(p, PromptState.RESOLVED, day)
        quiet = _quiet_until(stored, t)
        week = day - dt.timedelta(days=7)
        spent = sum(1 for p in stored if week < p.created_on <= day)
        budget = t.weekly_prompt_budget
        if contact_ids is not None:  # right after a log: see Thresholds.after_log_prompts
            budget += t.after_log_prompts
        room = max(0, min(budget - spent, t.max_waiting - len(live)))
        new: set[Key] = set()
        for view in fresh:
            key = key_of(view)
            if key in live:
                if persist:  # keep a waiting question's words and evidence current
                    p = live[key]
                    p.rule, p.question = view.rule, view.question
                    p.evidence, p.index = view.evidence, view.index
                    p.last_raised_on = day
                continue
            if key in quiet:
                until, index, again = quiet[key]
                if not again or day < until:
                    continue
                if (view.index or 0) < index + t.dismiss_reopen_rise:
                    continue
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
                last_raised_on=day,
                dismissed_reason="",
            )
            live[key] = prompt
            new.add(key)
            if persist:
                session.add(prompt)
        if persist:
            session.flush()
        names = _subject_names(session, live.values())
        shown = [
            _view(p, names, raised)
            for key, p in live.items()
            if (
                p.state == PromptState.OPEN
                or (p.snoozed_until is not None and p.snoozed_until <= day)
            )
            and key[:2] in names  # not about someone in the trash
        ]
    shown.sort(key=order)
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


def _view(
    prompt: Prompt, names: dict[tuple[str, int], str], raised: Mapping[Key, PromptView]
) -> PromptView:
    key = _stored_key(prompt)
    fresh = raised.get(key)
    subject_type = key[0]
    return PromptView(
        prompt.rule,
        prompt.family,
        subject_type,
        key[1],
        names.get((subject_type, key[1]), ""),
        prompt.question,
        prompt.evidence,
        prompt.index,
        fresh.importance if fresh is not None else float(prompt.index or 40),
        prompt.id,
        prompt.state.value,
        fresh.rules if fresh is not None else (prompt.rule,),
    )


# ---- what the user does with a question ---------------------------------------------------


def _live_prompt(session: Session, prompt_id: int) -> Prompt:
    prompt = session.get(Prompt, prompt_id)
    if prompt is None or prompt.state not in _LIVE:
        raise PromptNotFoundError(f"There is no open question {prompt_id}.")
    return prompt


def _subjects(prompt: Prompt) -> Changed:
    return changed(
        "prompt",
        contacts={prompt.contact_id} if prompt.contact_id else None,
        coalitions={prompt.coalition_id} if prompt.coalition_id else None,
    )


def snooze(
    journal: Journal, prompt_id: int, until: dt.date, as_of: dt.date | None = None
) -> Changed:
    """Hide a question until `until` (it comes back that day, if still raised)."""
    day = as_of or clock.today()
    if until <= day:
        raise PromptDayError("snoozed_until", "Pick a day after today to snooze until.")
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        prompt.state, prompt.snoozed_until = PromptState.SNOOZED, until
        return _subjects(prompt)


def dismiss(
    journal: Journal, prompt_id: int, reason: str = "", as_of: dt.date | None = None
) -> Changed:
    """ "Not transactional": quiet about this person for `dismiss_quiet_days`, and then
    until their index clearly rises."""
    day = as_of or clock.today()
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        _close(prompt, PromptState.DISMISSED, day)
        prompt.dismissed_reason = reason.strip()
        prompt.dismissed_index = prompt.index
        return _subjects(prompt)


def answer(
    journal: Journal, prompt_id: int, entry_id: int, as_of: dt.date | None = None
) -> Changed:
    """Link the journal entry that answers a question, and close it."""
    day = as_of or clock.today()
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        entry = session.get(JournalEntry, entry_id)
        if entry is None or entry.deleted_at is not None:
            raise NotFoundError(f"There is no journal entry {entry_id}.")
        entry.prompt_rule = prompt.rule
        _close(prompt, PromptState.ANSWERED, day)
        prompt.journal_entry_id = entry_id
        prompt.dismissed_index = prompt.index
        return _subjects(prompt) | changed("journal_entry")


def answer_with_text(
    journal: Journal, prompt_id: int, text: str, as_of: dt.date | None = None
) -> Changed:
    """Write a reflection about the question's subject that answers it, and close it
    (what the window's "Write a reflection" and `kith prompt answer` do)."""
    day = as_of or clock.today()
    with journal.session() as session:
        prompt = _live_prompt(session, prompt_id)
        fields = EntryFields(day, text, prompt.contact_id, prompt.coalition_id, prompt.rule)
    written = journal_entries.write_entry(journal, fields)
    assert written.new_id is not None
    return answer(journal, prompt_id, written.new_id, day) | written


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
    """The stored questions that wait in Reflections (about these people or coalitions,
    if given), without evaluating or writing anything: what a page shows of its
    subject's questions. Ordered by their stored index, highest first."""
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
        shown = [_view(p, names, {}) for p in stored]
    shown.sort(key=order)
    return shown


def open_count(journal: Journal, as_of: dt.date | None = None) -> int:
    """How many questions wait in Reflections (their part of the sidebar badge; reminders
    and birthdays are counted apart), without evaluating anything."""
    day = as_of or clock.today()
    with journal.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(Prompt).where(_waiting(day))) or 0
        )
