"""The journal's settings: thresholds and backup retention stored in the journal, checked,
read back over the defaults, and used at once by the reflections and `kith prompts`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.cli import main
from app.core import clock
from app.core.enums import PromptState
from app.core.errors import ValidationError
from app.core.models import Prompt, Setting
from app.core.records import FavorFields
from app.core.reflection import tuning
from app.core.reflection.thresholds import DEFAULTS, Thresholds
from app.core.services import moments, prompts, settings
from app.core.store import Journal
from tests.histories import History

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


_history = History(TODAY)
ago, warm_years, favor, turned = (
    _history.ago,
    _history.warm_years,
    _history.favor,
    _history.turned,
)


def stored_rows(journal: Journal) -> dict[str, str]:
    with journal.session() as session:
        return {key: value for key, value in session.execute(select(Setting.key, Setting.value))}


# ---- thresholds: round trip and checks --------------------------------------------------


def test_a_new_journal_judges_by_the_documented_defaults(journal: Journal) -> None:
    assert settings.thresholds(journal) == DEFAULTS
    assert settings.retention_numbers(journal) == (7, 4, 12)
    assert stored_rows(journal) == {}


def test_changed_thresholds_are_stored_and_read_back_only_where_they_differ(
    journal: Journal,
) -> None:
    tuned = dataclasses.replace(DEFAULTS, favor_share=0.45, recent_days=120, weekly_prompt_budget=5)

    settings.save_thresholds(journal, tuned)

    assert settings.thresholds(journal) == tuned
    assert stored_rows(journal) == {
        "reflection.favor_share": "0.45",
        "reflection.recent_days": "120",
        "reflection.weekly_prompt_budget": "5",
    }
    settings.restore_default_thresholds(journal)
    assert settings.thresholds(journal) == DEFAULTS
    assert stored_rows(journal) == {}  # a later Kith's better defaults will apply


@pytest.mark.parametrize(
    ("field", "value", "sentence"),
    [
        ("favor_share", 1.5, "Favor share must be from 0% to 100%, not 150%."),
        ("one_sided_share", 0.3, "One-way weight must be from 50% to 100%, not 30%."),
        ("recent_days", 0, "Recent period must be from 7 days to 3650 days, not 0 days."),
        ("min_recent_entries", 2.5, "Entries in a window must be a whole number from 1 to 1000."),
        ("prompt_min_index", 101, "Least index must be from 0 to 100, not 101."),
        ("cooling_max_recent", float("nan"), "must be a number from 1.0 on the 1–5 scale"),
    ],
)
def test_a_threshold_out_of_range_is_refused_with_its_field_and_nothing_is_stored(
    journal: Journal, field: str, value: float, sentence: str
) -> None:
    bad = dataclasses.replace(DEFAULTS, **{field: value})

    with pytest.raises(ValidationError) as refused:
        settings.save_thresholds(journal, bad)

    assert refused.value.field == field
    assert sentence in str(refused.value)
    assert refused.value.exit_code == 8
    assert stored_rows(journal) == {}


def test_every_threshold_can_be_tuned_and_every_default_is_in_range() -> None:
    assert tuning.untunable() == ()
    assert tuning.check(DEFAULTS) is DEFAULTS
    for tunable in tuning.TUNABLES:
        assert tunable.meaning.endswith(".") and tunable.section in tuning.SECTIONS


def test_unreadable_or_out_of_range_stored_values_fall_back_to_their_defaults(
    journal: Journal,
) -> None:
    with journal.session() as session:
        for key, value in {
            "reflection.favor_share": "0.5",  # fine
            "reflection.recent_days": "-3",  # out of range
            "reflection.ledger_share": "not json",
            "reflection.min_recent_entries": "true",  # a bool is no count
            "reflection.no_such_threshold": "1",  # a newer Kith's
            "backups.daily": "0",  # never fewer than one
            "backups.weekly": '"four"',
            "backups.monthly": "24",
            "somebody.else": "{}",
        }.items():
            session.add(Setting(key=key, value=value))

    assert settings.thresholds(journal) == dataclasses.replace(DEFAULTS, favor_share=0.5)
    assert settings.retention_numbers(journal) == (7, 4, 24)


# ---- backup retention -------------------------------------------------------------------


def test_backup_retention_round_trip_and_limits(journal: Journal) -> None:
    settings.save_retention(journal, 3, 0, 24)
    assert settings.retention_numbers(journal) == (3, 0, 24)
    assert stored_rows(journal) == {
        "backups.daily": "3",
        "backups.weekly": "0",
        "backups.monthly": "24",
    }

    with pytest.raises(ValidationError) as refused:
        settings.save_retention(journal, 0, 4, 12)
    assert refused.value.field == "backups.daily"
    assert str(refused.value) == "Daily backups must be from 1 to 999."
    assert settings.retention_numbers(journal) == (3, 0, 24)  # bad input changed nothing

    settings.save_retention(journal, 7, 4, 12)
    assert stored_rows(journal) == {}


# ---- thresholds take effect at once -----------------------------------------------------


def test_raising_the_bar_withdraws_the_open_prompts_it_no_longer_raises(journal: Journal) -> None:
    dana = turned(journal, "Dana")
    shown = prompts.reflections(journal, TODAY)
    assert shown and {p.subject_id for p in shown} == {dana}

    result = settings.save_thresholds(journal, dataclasses.replace(DEFAULTS, prompt_min_index=100))

    assert {"settings", "prompt"} <= result.kinds and dana in result.contact_ids
    assert prompts.waiting(journal, TODAY) == []
    assert prompts.reflections(journal, TODAY) == []
    settings.restore_default_thresholds(journal)
    assert prompts.reflections(journal, TODAY)  # back, within the week's budget


def owing(journal: Journal, name: str) -> int:
    """Warm years, then four favors given as owed and nothing else: scorekeeping, index 62."""
    who = warm_years(journal, name)
    for days in (150, 120, 90, 60):
        moments.log_favor(journal, FavorFields(who, "given", ago(days), "lent", 3, "explicit"))
    return who


def dismissed_prompt(journal: Journal, who: int) -> Prompt:
    """Their scorekeeping prompt (other rules may raise prompts of their own)."""
    with journal.session() as session:
        found = session.scalars(
            select(Prompt).where(Prompt.contact_id == who, Prompt.rule == "scorekeeping")
        ).one()
        session.expunge(found)
        return found


def test_a_new_ruler_alone_never_brings_back_a_dismissed_prompt(journal: Journal) -> None:
    pat = owing(journal, "Pat")
    (asked,) = prompts.reflections(journal, TODAY)
    assert asked.rule == "scorekeeping" and asked.index is not None
    prompts.dismiss(journal, asked.id or 0, "We keep count for fun")
    looser = dataclasses.replace(DEFAULTS, min_recent_entries=3, prior_strength=0)
    relooked = prompts.readings(journal, TODAY, looser, [pat])[pat].index
    assert relooked >= asked.index + 15  # the same record, read much higher

    settings.save_thresholds(journal, looser)

    assert "scorekeeping" not in {p.rule for p in prompts.reflections(journal, TODAY)}
    kept = dismissed_prompt(journal, pat)
    assert kept.state == PromptState.DISMISSED and kept.dismissed_reason
    # As far from asking again as before, within reach: at 100 it may ask again.
    assert kept.dismissed_index == 100 - DEFAULTS.dismiss_reopen_rise


def test_lowering_the_ask_again_rise_applies_to_later_dismissals_only(journal: Journal) -> None:
    pat = owing(journal, "Pat")
    (asked,) = prompts.reflections(journal, TODAY)
    prompts.dismiss(journal, asked.id or 0)
    moments.log_favor(journal, FavorFields(pat, "given", ago(300), "lent", 3, "explicit"))
    now = prompts.readings(journal, TODAY, contact_ids=[pat])[pat].index
    assert asked.index is not None and asked.index < now < asked.index + 20

    settings.save_thresholds(journal, dataclasses.replace(DEFAULTS, dismiss_reopen_rise=1))

    assert "scorekeeping" not in {p.rule for p in prompts.reflections(journal, TODAY)}
    assert dismissed_prompt(journal, pat).dismissed_index == asked.index + 19


# ---- kith prompts -----------------------------------------------------------------------


def test_kith_prompts_judges_by_the_journals_stored_thresholds(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    turned(journal, "Dana")
    settings.save_thresholds(journal, Thresholds(prompt_min_index=100))
    path = str(journal.path)
    journal.close()

    for extra in ([], ["--all"]):
        assert (
            main(["--journal", path, "prompts", "--as-of", TODAY.isoformat(), "--json", *extra])
            == 0
        )
        assert json.loads(capsys.readouterr().out) == []
