"""The `kith` command's shape: `--journal` before or after the command, progress on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.cli.progress import terminal_progress
from app.core.store import open_journal


def test_journal_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.kith"
    assert main(["demo", "--journal", str(path), "--contacts", "3", "--events", "10"]) == 0
    assert str(path) in capsys.readouterr().out
    with open_journal(path) as journal:
        assert journal.path == path


def test_journal_after_the_command_wins_over_the_one_before(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--journal", str(tmp_path / "a.kith"), "check", "--journal", str(tmp_path / "b.kith")]
    )
    assert args.journal == tmp_path / "b.kith"


def test_journal_before_the_command_still_counts(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--journal", str(tmp_path / "a.kith"), "check"])
    assert args.journal == tmp_path / "a.kith"


def test_journal_stands_after_a_nested_command_too(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["import", "csv", str(tmp_path), "--journal", str(tmp_path / "j.kith")]
    )
    assert args.journal == tmp_path / "j.kith"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_redraws_one_line_on_a_terminal() -> None:
    screen = _Terminal()
    progress = terminal_progress("writing demo.kith", screen)
    for fraction in (0.0, 0.004, 0.5, 0.5, 1.0):
        progress(fraction)
    assert screen.getvalue() == (
        "\rwriting demo.kith    0%\rwriting demo.kith   50%\rwriting demo.kith  100%\n"
    )


def test_progress_stays_silent_off_a_terminal() -> None:
    pipe = io.StringIO()
    progress = terminal_progress("importing", pipe)
    progress(0.5)
    progress(1.0)
    assert pipe.getvalue() == ""
