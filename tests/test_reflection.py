"""The reflection engine on dated histories: who it asks about, and who it leaves alone."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.core.enums import Tie
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.reflection.thresholds import DEFAULTS, Thresholds
from app.core.services import coalitions, contacts, journal_entries, moments, prompts, trash
from app.core.store import Journal

TODAY = dt.date(2026, 11, 24)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def every(start_days_ago: int, end_days_ago: int, step: int) -> Iterator[int]:
    yield from range(start_days_ago, end_days_ago, -step)


class History:
    """Builds one person's dated record through the services, as a user would."""

    def __init__(self, journal: Journal, name: str, tie: Tie = Tie.FRIEND) -> None:
        self.journal = journal
        self.id = contacts.add_contact(journal, ContactFields(name, tie)).new_id or 0

    def moment(self, ago: int, warmth: int | None = 4) -> None:
        moments.log_moment(self.journal, MomentFields(days_ago(ago), (self.id,), warmth=warmth))

    def favor(
        self,
        ago: int,
        direction: str = "given",
        weight: int = 2,
        expectation: str = "none",
        repays: int | None = None,
    ) -> int:
        fields = FavorFields(
            self.id, direction, days_ago(ago), "a favor", weight, expectation, repays
        )
        return moments.log_favor(self.journal, fields).new_id or 0

    def tit_for_tat(self, ago: int) -> None:
        """I ask, they help; I pay it back a few days later, as owed."""
        asked = self.favor(ago, "received", 2, "explicit")
        self.favor(ago - 4, "given", 2, "explicit", repays=asked)


def rules_for(journal: Journal, who: int, as_of: dt.date = TODAY) -> set[str]:
    """Every rule behind the one question about `who` (its evidence merges them)."""
    return {
        rule
        for p in prompts.candidates(journal, as_of)
        if p.subject_type == "person" and p.subject_id == who
        for rule in p.rules
    }


def questions_about(journal: Journal, who: int, as_of: dt.date = TODAY) -> list[prompts.PromptView]:
    return [
        p
        for p in prompts.candidates(journal, as_of)
        if p.subject_type == "person" and p.subject_id == who
    ]


def index_of(journal: Journal, who: int, as_of: dt.date = TODAY) -> int:
    return prompts.readings(journal, as_of, contact_ids=[who])[who].index


def test_a_friendship_that_turns_into_favor_trading_is_noticed(journal: Journal) -> None:
    dana = History(journal, "Dana")
    for ago in every(1500, 200, 30):  # four years of warm time together
        dana.moment(ago, warmth=5)
    for ago in every(150, 10, 20):  # then tit for tat
        dana.tit_for_tat(ago)
    fired = rules_for(journal, dana.id)
    assert {"turning", "scorekeeping"} <= fired
    assert index_of(journal, dana.id) >= 60
    (question,) = questions_about(journal, dana.id)
    assert question.rule == "turning" and "Dana" in question.question
    assert re.search(r"before that, \d+ of \d+ \(\d+ owed or repaying\)", question.evidence)


def test_the_turn_is_not_seen_before_it_happened(journal: Journal) -> None:
    dana = History(journal, "Dana")
    for ago in every(1500, 200, 30):
        dana.moment(ago, warmth=5)
    for ago in every(150, 10, 20):
        dana.tit_for_tat(ago)
    # Judged as of a year ago, only the warm years count.
    assert rules_for(journal, dana.id, days_ago(365)) == set()
    assert index_of(journal, dana.id, days_ago(365)) < 10


def test_a_friendship_that_stays_warm_despite_favors_is_left_alone(journal: Journal) -> None:
    sam = History(journal, "Sam")
    for ago in every(1500, 0, 14):
        sam.moment(ago, warmth=5)
    for ago in every(1400, 0, 90):
        sam.favor(ago, "given", 3)
        sam.favor(ago - 20, "received", 3)
    assert rules_for(journal, sam.id) == set()
    assert index_of(journal, sam.id) < 35


def test_an_always_professional_contact_is_not_turning(journal: Journal) -> None:
    colleague = History(journal, "Priya", Tie.COLLEAGUE)
    for ago in every(1500, 0, 12):
        colleague.favor(ago, "given" if ago % 24 else "received", 2, "implicit")
        if ago % 36 == 0:
            colleague.moment(ago, warmth=3)
    fired = rules_for(journal, colleague.id)
    assert "turning" not in fired
    assert "favor_dominated" not in fired  # always so: steady, not a change


def test_a_generous_relative_is_not_a_ledger(journal: Journal) -> None:
    aunt = History(journal, "Aunt Rosa", Tie.KIN)
    for ago in every(1500, 0, 20):
        aunt.moment(ago, warmth=5)
    for ago in every(700, 0, 25):
        aunt.favor(ago, "received", 4, "none")
    assert rules_for(journal, aunt.id) == set()


def test_a_one_sided_giver_with_expectations_is_asked_about(journal: Journal) -> None:
    lee = History(journal, "Lee")
    for ago in every(1500, 0, 45):
        lee.moment(ago, warmth=3)
    for ago in every(330, 0, 30):
        lee.favor(ago, "given", 3, "implicit")
    lee.favor(100, "received", 1)
    assert "one_sided_giving" in rules_for(journal, lee.id)
    (prompt,) = questions_about(journal, lee.id)
    assert "you gave 9" in prompt.evidence  # percent of the weight, with the numbers


def test_contact_only_around_favors_is_noticed(journal: Journal) -> None:
    kim = History(journal, "Kim")
    for ago in every(1200, 360, 20):  # years of meeting for its own sake
        kim.moment(ago, warmth=4)
    for ago in every(350, 0, 40):  # now only when a favor is asked
        kim.favor(ago, "received", 2, "implicit")
        kim.moment(ago - 1, warmth=3)
    assert "contact_on_demand" in rules_for(journal, kim.id)
    (question,) = questions_about(journal, kim.id)
    assert re.search(r"where chance alone would give about \d+", question.evidence)


def test_contact_around_favors_from_the_first_day_is_steady(journal: Journal) -> None:
    """No past, no turn: someone met only around favors from the start is who they are."""
    kim = History(journal, "Kim")
    for ago in every(350, 0, 40):
        kim.favor(ago, "received", 2, "implicit")
        kim.moment(ago - 1, warmth=3)
    assert rules_for(journal, kim.id) == set()
    reading = prompts.readings(journal, TODAY, contact_ids=[kim.id])[kim.id]
    on_demand = [s for s in reading.signals if s.rule == "contact_on_demand"]
    assert on_demand and on_demand[0].fired and on_demand[0].steady


def test_cooling_warmth_while_favors_go_on_is_noticed(journal: Journal) -> None:
    jo = History(journal, "Jo")
    for ago in every(1000, 200, 30):
        jo.moment(ago, warmth=5)
    for ago in every(170, 0, 25):
        jo.moment(ago, warmth=2)
        jo.favor(ago - 2, "given", 2)
    assert "cooling" in rules_for(journal, jo.id)
    (prompt,) = questions_about(journal, jo.id)
    assert re.search(r"averaged warmth 2\.0, down from 4\.\d before", prompt.evidence)


def test_two_entries_are_not_enough_to_speak(journal: Journal) -> None:
    new = History(journal, "New neighbour")
    new.tit_for_tat(10)
    assert rules_for(journal, new.id) == set()


def _turned(journal: Journal, name: str) -> History:
    person = History(journal, name)
    for ago in every(1500, 200, 30):
        person.moment(ago, warmth=5)
    for ago in every(150, 10, 20):
        person.tit_for_tat(ago)
    return person


def test_at_most_one_open_question_per_person_its_strongest_reason_first(
    journal: Journal,
) -> None:
    dana = _turned(journal, "Dana")
    first = prompts.reflections(journal, TODAY)
    again = prompts.reflections(journal, TODAY + dt.timedelta(days=1))
    assert [p.subject_id for p in again] == [dana.id]
    assert [p.id for p in first] == [p.id for p in again]
    (raised,) = prompts.candidates(journal, TODAY)
    assert len(raised.rules) >= 2 and raised.rules[0] == raised.rule
    assert "Dana" in raised.evidence


def test_the_weekly_budget_keeps_the_most_important(journal: Journal) -> None:
    for name in ("Ana", "Ben", "Cy"):
        _turned(journal, name)
    capped = Thresholds(weekly_prompt_budget=2)
    shown = prompts.reflections(journal, TODAY, capped)
    assert len(shown) == 2
    assert len(prompts.candidates(journal, TODAY, capped)) == 3
    # the rest of the week brings nothing new; the next week, the third
    assert len(prompts.reflections(journal, TODAY + dt.timedelta(days=6), capped)) == 2
    assert len(prompts.reflections(journal, TODAY + dt.timedelta(days=7), capped)) == 3


def test_snooze_dismiss_and_answer(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    dana = _turned(journal, "Dana")
    _turned(journal, "Ben")
    _turned(journal, "Cy")
    shown = prompts.reflections(journal, TODAY)
    snoozed, dismissed, answered = shown[0], shown[1], shown[2]
    assert snoozed.id and dismissed.id and answered.id

    prompts.snooze(journal, snoozed.id, TODAY + dt.timedelta(days=7))
    prompts.dismiss(journal, dismissed.id, "We always help each other")
    entry = journal_entries.write_entry(
        journal, EntryFields(TODAY, "I think we should talk.", contact_id=answered.subject_id)
    ).new_id
    prompts.answer(journal, answered.id, entry or 0)

    later = prompts.reflections(journal, TODAY + dt.timedelta(days=1))
    assert not {snoozed.id, dismissed.id, answered.id} & {p.id for p in later}
    assert journal_entries.get_entry(journal, entry or 0).prompt_rule == answered.rule
    back = prompts.reflections(journal, TODAY + dt.timedelta(days=8))
    assert snoozed.id in {p.id for p in back}
    assert dismissed.subject_id not in {p.subject_id for p in back}
    assert dana.id in {snoozed.subject_id, dismissed.subject_id, answered.subject_id}
    assert prompts.open_count(journal, TODAY + dt.timedelta(days=8)) == len(back)


def test_not_transactional_keeps_a_person_quiet_for_half_a_year(journal: Journal) -> None:
    sam = _turned(journal, "Sam")
    (shown,) = prompts.reflections(journal, TODAY)
    prompts.dismiss(journal, shown.id or 0, as_of=TODAY)
    for ago in every(9, 0, 3):  # the pattern only grows
        sam.tit_for_tat(ago)
    quiet = DEFAULTS.dismiss_quiet_days
    for later in (1, 30, quiet - 1):
        assert prompts.reflections(journal, TODAY + dt.timedelta(days=later)) == []


def test_a_dismissed_prompt_returns_only_when_the_index_clearly_rises(journal: Journal) -> None:
    no_wait = Thresholds(dismiss_quiet_days=0, dismiss_reopen_rise=10)
    sam = History(journal, "Sam")
    for ago in every(1500, 200, 30):
        sam.moment(ago, warmth=5)
    for ago in every(150, 60, 50):
        sam.tit_for_tat(ago)
    before = index_of(journal, sam.id)
    shown = prompts.reflections(journal, TODAY, no_wait)
    assert shown
    for prompt in shown:
        prompts.dismiss(journal, prompt.id or 0, as_of=TODAY)
    assert prompts.reflections(journal, TODAY + dt.timedelta(days=1), no_wait) == []
    for ago in every(55, 0, 5):  # the pattern clearly grows
        sam.tit_for_tat(ago)
    assert index_of(journal, sam.id) >= before + 10 or before >= 90
    if before < 90:
        assert prompts.reflections(journal, TODAY + dt.timedelta(days=1), no_wait) != []


def test_after_one_log_only_that_person_is_evaluated(journal: Journal) -> None:
    dana = _turned(journal, "Dana")
    other = _turned(journal, "Other")
    fresh = prompts.reflections(journal, TODAY, contact_ids=[dana.id])
    assert fresh and {p.subject_id for p in fresh} == {dana.id}
    assert other.id not in {p.subject_id for p in fresh}


def test_a_log_that_tips_someone_is_heard_when_the_day_is_full(journal: Journal) -> None:
    for name in ("Ana", "Ben", "Cy"):
        _turned(journal, name)
    assert len(prompts.reflections(journal, TODAY)) == 3  # the week's budget, used up
    dana = _turned(journal, "Dana")
    assert dana.id not in {p.subject_id for p in prompts.reflections(journal, TODAY)}
    after_log = prompts.reflections(journal, TODAY, contact_ids=[dana.id])
    theirs = [p for p in after_log if p.subject_id == dana.id]
    assert len(theirs) == 1  # one question per person


def test_waiting_reads_stored_prompts_and_skips_the_trash(journal: Journal) -> None:
    dana, ben = _turned(journal, "Dana"), _turned(journal, "Ben")
    shown = prompts.reflections(journal, TODAY)
    assert {p.id for p in prompts.waiting(journal, TODAY)} == {p.id for p in shown}
    assert {p.subject_id for p in shown} == {dana.id, ben.id}  # one question each
    assert len(prompts.waiting(journal, TODAY, contact_ids=[dana.id])) == 1
    assert [p.subject_id for p in prompts.waiting(journal, TODAY, contact_ids=[ben.id])] == [ben.id]
    trash.move_to_trash(journal, "contact", dana.id)
    assert dana.id not in {p.subject_id for p in prompts.reflections(journal, TODAY)}
    assert dana.id not in {p.subject_id for p in prompts.waiting(journal, TODAY)}
    assert prompts.open_count(journal, TODAY) == len(prompts.waiting(journal, TODAY))


def _coalition(journal: Journal, **fields: object) -> int:
    defaults: dict[str, object] = {
        "name": "Tenants",
        "issue": "Rent",
        "desired_outcome": "Fair rent",
        "status": "active",
        "my_commitment": 4,
    }
    defaults.update(fields)
    return coalitions.add_coalition(journal, CoalitionFields(**defaults)).new_id or 0  # type: ignore[arg-type]


def _member(journal: Journal, group: int, name: str, **fields: object) -> None:
    who = contacts.add_contact(journal, ContactFields(name)).new_id or 0
    values: dict[str, object] = {
        "interest": "lower rent",
        "commitment": 4,
        "knows_goal": True,
        "agrees_outcome": True,
    }
    values.update(fields)
    coalitions.add_member(journal, MemberFields(group, who, **values))  # type: ignore[arg-type]


def coalition_rules(journal: Journal) -> set[str]:
    return {p.rule for p in prompts.candidates(journal, TODAY) if p.family == "coalition"}


def test_a_healthy_coalition_raises_nothing(journal: Journal) -> None:
    group = _coalition(journal)
    _member(journal, group, "Ana")
    _member(journal, group, "Ben")
    coalitions.log_joint_action(journal, JointActionFields(group, days_ago(10), "Met"))
    assert coalition_rules(journal) == set()


@pytest.mark.parametrize(
    ("coalition", "members", "rule", "words"),
    [
        ({"issue": ""}, [{}, {}], "coalition_no_goal", "no issue written down"),
        ({}, [{"knows_goal": False}, {}], "coalition_goal_unknown", "1 of 2 members"),
        ({}, [{"agrees_outcome": False}, {}], "coalition_disagreement", "don't agree"),
        (
            {"my_commitment": 5},
            [{"commitment": 1}, {}],
            "coalition_unequal_commitment",
            "from 1 to 5",
        ),
        ({}, [{"interest": ""}, {}], "coalition_no_stake", "1 of 2 members of"),
        ({}, [{"interest": ""}, {}], "coalition_no_stake", "has no stated interest"),
        ({}, [{"interest": ""}, {"interest": ""}], "coalition_no_stake", "have no stated"),
    ],
)
def test_each_coalition_rule(
    journal: Journal,
    coalition: dict[str, object],
    members: list[dict[str, object]],
    rule: str,
    words: str,
) -> None:
    group = _coalition(journal, **coalition)
    for number, fields in enumerate(members):
        _member(journal, group, f"Member {number}", **fields)
    coalitions.log_joint_action(journal, JointActionFields(group, days_ago(10), "Met"))
    found = [p for p in prompts.candidates(journal, TODAY) if p.rule == rule]
    assert len(found) == 1 and words in found[0].evidence
    assert coalition_rules(journal) == {rule}


def test_an_active_coalition_with_no_joint_action_for_long_is_asked_about(
    journal: Journal,
) -> None:
    group = _coalition(journal, started_on=days_ago(400))
    _member(journal, group, "Ana")
    _member(journal, group, "Ben")
    coalitions.log_joint_action(journal, JointActionFields(group, days_ago(200), "Met"))
    assert coalition_rules(journal) == {"coalition_stale"}
    achieved = _coalition(journal, name="Done", status="achieved", issue="")
    assert achieved and coalition_rules(journal) == {"coalition_stale"}


def test_kith_prompts_json_lists_what_reflections_would_show(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    _turned(journal, "Dana")
    path = str(journal.path)
    journal.close()
    assert main(["--journal", path, "prompts", "--as-of", TODAY.isoformat(), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown and set(shown[0]) == {
        "id",
        "state",
        "rule",
        "rules",
        "family",
        "subject_type",
        "subject_id",
        "subject_name",
        "question",
        "evidence",
        "index",
    }
    assert {p["family"] for p in shown} == {"transactional"}
    assert main(["--journal", path, "prompts", "--as-of", TODAY.isoformat(), "--all"]) == 0
    assert "(transactional)" in capsys.readouterr().out
    # listing writes nothing: the window would still offer the same prompts
    assert main(["--journal", path, "prompts", "--as-of", "2020-01-01"]) == 0
    assert "No questions as of 2020-01-01." in capsys.readouterr().out


def test_lean_readings_keep_every_index_and_every_prompt(tmp_path: Path) -> None:
    """The window keeps lean readings of everyone: same indexes, same prompts."""
    from app.core.demo import generate_demo
    from app.core.store import open_journal

    today = dt.date(2026, 11, 24)
    generate_demo(tmp_path / "demo.kith", contacts=40, seed=2, today=today)
    with open_journal(tmp_path / "demo.kith") as demo:
        full = prompts.readings(demo, today)
        lean = prompts.readings(demo, today, lean=True)
        assert {c: (r.index, r.explanation) for c, r in full.items()} == {
            c: (r.index, r.explanation) for c, r in lean.items()
        }
        dropped = [c for c, r in lean.items() if full[c].signals and not r.signals]
        assert dropped and all(full[c].index < DEFAULTS.prompt_min_index for c in dropped)
        assert prompts.candidates(demo, today, read=lean) == prompts.candidates(
            demo, today, read=full
        )


def test_reading_many_people_at_once_gives_what_reading_each_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a few hundred people, the engine reads the whole journal and picks."""
    from app.core.demo import generate_demo
    from app.core.reflection import stats
    from app.core.store import open_journal

    today = dt.date(2026, 11, 24)
    generate_demo(tmp_path / "demo.kith", contacts=30, seed=4, today=today)
    with open_journal(tmp_path / "demo.kith") as demo:
        some = sorted(prompts.readings(demo, today))[::2]
        one_by_one = {c: stats.person_stats(demo, today, DEFAULTS, [c])[c] for c in some}
        monkeypatch.setattr(stats, "_MANY", 3)
        assert stats.person_stats(demo, today, DEFAULTS, some) == one_by_one


def test_a_prompt_dismissed_at_index_zero_counts_from_zero() -> None:
    """Preferences can move a dismissed prompt's index down to 0; 0 is a value."""
    from app.core.models import Prompt

    assert Prompt(index=40, dismissed_index=0).quiet_index == 0
    assert Prompt(index=40, dismissed_index=None).quiet_index == 40
    assert Prompt(index=None, dismissed_index=None).quiet_index == 0
