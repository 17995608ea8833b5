"""The engine: every person's reading and the questions the rules raise on a day.

Pure: the day and the thresholds are arguments, never looked up, and nothing
is stored (the stored questions, their budget and their fading live in
`app.core.services.prompts`). One question per person: the rules' evidence is
merged into one, its strongest reason first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache

from app.core import collector
from app.core.enums import PromptState
from app.core.paths import resources_dir
from app.core.reflection.coalition_rules import coalition_findings
from app.core.reflection.signals import SEVERITY, Reading, read_person
from app.core.reflection.stats import person_stats
from app.core.reflection.thresholds import Thresholds
from app.core.store import Journal

TRANSACTIONAL = "transactional"
COALITION = "coalition"


@dataclass(frozen=True)
class PromptView:
    """A question as the Reflections place and `kith prompts` show it."""

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
    rules: tuple[str, ...] = ()  # every rule behind it, strongest first

    def as_json(self) -> dict[str, object]:
        """The documented fields of `kith prompts --json`."""
        return {
            "id": self.id,
            "state": self.state,
            "rule": self.rule,
            "rules": list(self.rules or (self.rule,)),
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


def question(rule: str, name: str, turn: int) -> str:
    """The question for `rule` about `name`; `turn` picks among its phrasings."""
    texts = phrasings()[rule]
    return texts[turn % len(texts)].format(name=name)


def readings(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds,
    contact_ids: Collection[int] | None = None,
    *,
    lean: bool = False,
) -> dict[int, Reading]:
    """Every live person's reading (or only `contact_ids`'), counting entries up to `as_of`.

    `lean` drops the signals of everyone below the index where prompts start
    (their index and explanation stay): what a view of the whole journal keeps."""
    read: dict[int, Reading] = {}
    with collector.paused():
        stats = person_stats(journal, as_of, thresholds, contact_ids)
        for contact_id, figures in stats.items():
            reading = read_person(figures, thresholds)
            if lean and reading.signals and reading.index < thresholds.prompt_min_index:
                reading = Reading(contact_id, reading.name, reading.index, reading.explanation, ())
            read[contact_id] = reading
    return read


def person_question(reading: Reading, thresholds: Thresholds) -> PromptView | None:
    """The one question a reading raises, or None: its strongest prompting signal's
    words, and every prompting signal's evidence, strongest first."""
    if reading.index < thresholds.prompt_min_index:
        return None
    signals = reading.prompting()
    if not signals:
        return None
    lead = signals[0]
    return PromptView(
        lead.rule,
        TRANSACTIONAL,
        "person",
        reading.contact_id,
        reading.name,
        question(lead.rule, reading.name, reading.contact_id),
        " ".join(s.evidence for s in signals),
        reading.index,
        reading.index + 10 * SEVERITY[lead.rule] * lead.strength,
        rules=tuple(s.rule for s in signals),
    )


def candidates(
    journal: Journal,
    as_of: dt.date,
    thresholds: Thresholds,
    contact_ids: Collection[int] | None = None,
    coalitions: bool = True,
    read: Mapping[int, Reading] | None = None,
) -> list[PromptView]:
    """Every question the rules raise on `as_of`, most important first (nothing stored):
    one per person, one per coalition rule.

    `read`: these people's readings on `as_of`, already made."""
    found: list[PromptView] = []
    if read is None:
        read = readings(journal, as_of, thresholds, contact_ids)
    for reading in read.values():
        view = person_question(reading, thresholds)
        if view is not None:
            found.append(view)
    if coalitions:
        for finding in coalition_findings(journal, as_of, thresholds):
            found.append(
                PromptView(
                    finding.rule,
                    COALITION,
                    "coalition",
                    finding.coalition_id,
                    finding.name,
                    question(finding.rule, finding.name, finding.coalition_id),
                    finding.evidence,
                    None,
                    40 + 40 * finding.weight,
                    rules=(finding.rule,),
                )
            )
    found.sort(key=order)
    return found


def order(view: PromptView) -> tuple[float, str, int, str]:
    """Most important first, then a stable order."""
    return (-view.importance, view.subject_type, view.subject_id, view.rule)
