"""`kith prompts --keep` and `kith prompt dismiss|snooze|answer`: the window's buttons, scripted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.services import journal_entries, prompts
from app.core.store import Journal, open_journal
from tests.histories import History

TODAY = dt.date(2026, 11, 24)
_history = History(TODAY)


def shown(path: str, capsys: pytest.CaptureFixture[str], day: dt.date = TODAY) -> list[dict]:  # type: ignore[type-arg]
    argv = ["--journal", path, "prompts", "--as-of", day.isoformat(), "--json", "--keep"]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.fixture
def three(journal: Journal) -> str:
    for name in ("Dana", "Ben", "Cy"):
        _history.turned(journal, name)
    path = str(journal.path)
    journal.close()
    return path


def test_keep_stores_what_the_window_would_and_prints_ids_and_states(
    three: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = shown(three, capsys)
    assert len(first) == 3 and all(p["id"] and p["state"] == "open" for p in first)
    assert [p["id"] for p in shown(three, capsys)] == [p["id"] for p in first]  # same questions
    with open_journal(Path(three)) as journal:
        assert {p.id for p in prompts.waiting(journal, TODAY)} == {p["id"] for p in first}


def test_without_keep_nothing_is_stored(three: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--journal", three, "prompts", "--as-of", TODAY.isoformat(), "--json"]
    assert main(argv) == 0
    assert all(p["id"] is None for p in json.loads(capsys.readouterr().out))
    with open_journal(Path(three)) as journal:
        assert prompts.waiting(journal, TODAY) == []


def test_dismiss_snooze_and_answer_act_on_one_question_each(
    three: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = (str(p["id"]) for p in shown(three, capsys))
    day = TODAY.isoformat()
    assert (
        main(["--journal", three, "prompt", "dismiss", a, "--reason", "kin", "--as-of", day]) == 0
    )
    week = (TODAY + dt.timedelta(days=7)).isoformat()
    assert main(["--journal", three, "prompt", "snooze", b, "--until", week, "--as-of", day]) == 0
    assert main(["--journal", three, "prompt", "answer", c, "--text", "We should talk."]) == 0
    out = capsys.readouterr().out
    assert "dismissed" in out and "snoozed until" in out and "answered by reflection" in out
    assert shown(three, capsys, TODAY + dt.timedelta(days=1)) == []
    back = shown(three, capsys, TODAY + dt.timedelta(days=7))
    assert [str(p["id"]) for p in back] == [b] and back[0]["state"] == "snoozed"
    with open_journal(Path(three)) as journal:
        (entry,) = journal_entries.list_entries(journal)
        assert entry.text == "We should talk." and entry.prompt_rule


@pytest.mark.parametrize(
    ("argv", "code", "sentence"),
    [
        (["prompt", "dismiss", "999"], 26, "There is no open question 999."),
        (["prompt", "dismiss", "x1"], 26, "is not a question id"),
        (["prompt", "snooze", "1", "--until", "2026-13-01"], 27, "is not a day"),
        (["prompt", "snooze", "1", "--until", "2026-11-24", "--as-of", "2026-11-24"], 27,
         "Pick a day after today"),
        (["prompts", "--as-of", "yesterday"], 27, "is not a day"),
    ],
)  # fmt: skip
def test_unknown_ids_and_bad_days_get_one_sentence_and_their_exit_code(
    three: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, sentence: str
) -> None:
    shown(three, capsys)
    before = Path(three).read_bytes()
    assert main(["--journal", three, *argv]) == code
    err = capsys.readouterr().err
    assert sentence in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert Path(three).read_bytes() == before
