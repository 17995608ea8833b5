"""The scenario library (tests/scenarios.py) against the issue's "done means" figures.

`make reflect-report` prints the same figures by profile; this keeps them from slipping.
"""

from __future__ import annotations

from pathlib import Path

from tests.tools import reflect_report


def test_the_held_out_histories_are_judged_as_a_thoughtful_friend_would(tmp_path: Path) -> None:
    _by_profile, total, wrong = reflect_report.scores(tmp_path, held_out=True)
    assert total.precision >= 0.9 and total.recall >= 0.85, wrong


def test_the_tuning_histories_never_ask_about_care(tmp_path: Path) -> None:
    by_profile, total, wrong = reflect_report.scores(tmp_path, held_out=False)
    assert total.fp == 0, wrong
    for name in ("crisis support", "mutual aid", "generous family", "new parent"):
        assert by_profile[name].fp == 0


def test_a_simulated_year_of_weekly_visits_never_piles_up(tmp_path: Path) -> None:
    year = reflect_report.simulated_year(tmp_path, seed=1)
    assert year.open_at_end <= 12 and year.open_not_showing == 0
    assert year.new_per_week_mean <= 1 and year.controls_asked == 0
