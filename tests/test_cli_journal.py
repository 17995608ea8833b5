"""The `kith` command on a journal file: help, check, backup, and one clear line per refusal."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from app.core import migrate
from app.core.errors import (
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
    JournalTooNewError,
    KithError,
    NotAJournalError,
)
from app.core.paths import backups_dir
from app.core.store import create_journal, open_journal

REPO = Path(__file__).resolve().parents[1]


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _kith(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process, as a user's shell runs it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _assert_one_line_refusal(err: str) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kith: ")


@pytest.fixture
def closed_journal(journal_path: Path) -> Path:
    create_journal(journal_path).close()
    return journal_path


# --- help and version ---------------------------------------------------------------------


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"kith {__version__}"


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["check", "--help"], ["backup", "--help"], ["demo", "--help"]],
    ids=lambda argv: " ".join(argv),
)
def test_help_prints_usage(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kith")
    if argv[0] != "--help":
        assert f"usage: kith {argv[0]}" in out


def test_the_installed_command_runs_as_python_m_app() -> None:
    version = _kith("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"kith {__version__}")

    helped = _kith("check", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("usage: kith check")


# --- check --------------------------------------------------------------------------------


def test_check_on_a_healthy_journal_reports_it(
    capsys: pytest.CaptureFixture[str], closed_journal: Path
) -> None:
    assert main(["--journal", str(closed_journal), "check"]) == 0

    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == ""
    assert f"journal: {closed_journal}" in lines
    assert f"schema revision: {migrate.head_revision()}" in lines
    assert "people: 0" in lines
    assert "in the trash: 0" in lines
    assert lines[-1] == "integrity: ok"


def _not_a_journal(folder: Path) -> Path:
    path = folder / "shopping.kith"
    path.write_text("eggs, flour, milk\n")
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.kith"
    path.touch()
    return path


def _real_journal(folder: Path) -> Path:
    path = folder / "real.kith"
    create_journal(path).close()
    return path


def _too_new(folder: Path) -> Path:
    path = _real_journal(folder)
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
        raw.commit()
    return path


def _truncated(folder: Path) -> Path:
    data = _real_journal(folder).read_bytes()
    path = folder / "truncated.kith"
    path.write_bytes(data[: len(data) // 2])
    return path


REFUSALS: list[tuple[Callable[[Path], Path], type[KithError]]] = [
    (_not_a_journal, NotAJournalError),
    (_empty, NotAJournalError),
    (_too_new, JournalTooNewError),
    (_truncated, JournalDamagedError),
]


@pytest.mark.parametrize(
    ("make", "error"), REFUSALS, ids=[make.__name__.strip("_") for make, _ in REFUSALS]
)
def test_check_refuses_with_one_line_and_the_documented_exit_code(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    error: type[KithError],
) -> None:
    path = make(tmp_path)
    before = _snapshot(path)

    code = main(["--journal", str(path), "check"])

    out, err = capsys.readouterr()
    assert code == error.exit_code
    assert out == ""
    _assert_one_line_refusal(err)
    assert str(path) in err
    assert _snapshot(path) == before


def test_check_on_a_missing_journal_refuses_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typo.kith"
    assert main(["--journal", str(path), "check"]) == NotAJournalError.exit_code
    _assert_one_line_refusal(capsys.readouterr().err)
    assert not path.exists()


def test_check_refuses_a_journal_open_in_this_process(
    capsys: pytest.CaptureFixture[str], closed_journal: Path
) -> None:
    with open_journal(closed_journal):
        before = _snapshot(closed_journal)
        code = main(["--journal", str(closed_journal), "check"])
        assert _snapshot(closed_journal) == before

    assert code == JournalLockedError.exit_code
    err = capsys.readouterr().err
    _assert_one_line_refusal(err)
    assert "already open in another Kith window" in err


def test_the_command_refuses_a_journal_another_kith_has_open(closed_journal: Path) -> None:
    with open_journal(closed_journal):
        before = _snapshot(closed_journal)
        result = _kith("--journal", str(closed_journal), "check")
        assert _snapshot(closed_journal) == before

    assert result.returncode == JournalLockedError.exit_code == 5
    assert result.stdout == ""
    _assert_one_line_refusal(result.stderr)
    assert "already open in another Kith window" in result.stderr


# --- backup -------------------------------------------------------------------------------


def test_backup_writes_a_private_copy_and_says_where(
    capsys: pytest.CaptureFixture[str], closed_journal: Path
) -> None:
    assert main(["--journal", str(closed_journal), "backup"]) == 0

    (written,) = backups_dir(closed_journal).glob("*.kith")
    assert capsys.readouterr().out == f"backup written: {written}\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with open_journal(written):
        pass


def test_backup_to_a_chosen_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], closed_journal: Path
) -> None:
    out = tmp_path / "copy.kith"
    assert main(["--journal", str(closed_journal), "backup", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"backup written: {out}\n"
    with open_journal(out):
        pass


def test_backup_to_a_file_named_relative_to_the_current_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    closed_journal: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--journal", str(closed_journal), "backup", "--out", "copy.kith"]) == 0
    assert capsys.readouterr().out == f"backup written: {tmp_path / 'copy.kith'}\n"
    with open_journal(tmp_path / "copy.kith"):
        pass


def test_backup_refuses_to_overwrite_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], closed_journal: Path
) -> None:
    out = tmp_path / "precious.kith"
    out.write_bytes(b"last year's backup")
    before = _snapshot(out)

    code = main(["--journal", str(closed_journal), "backup", "--out", str(out)])

    assert code == JournalExistsError.exit_code == 7
    out_text, err = capsys.readouterr()
    assert out_text == ""
    _assert_one_line_refusal(err)
    assert "will not overwrite" in err
    assert _snapshot(out) == before
