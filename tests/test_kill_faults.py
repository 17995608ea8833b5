"""Issue 20's SIGKILL suite: every long operation killed at seeded random moments.

After each kill the journal opens (in its old form or its new one), holds every
record it held, has no scratch copy beside it once opened, and no backup that is
cut short carries a backup's name. `KITH_FAULTS=large` for the README's figures.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core import backup, cipher, encryption
from app.core.backup_health import header_problem
from app.core.demo import generate_demo
from app.core.errors import KithError
from app.core.paths import backups_dir
from app.core.store import open_journal
from tests.faults import Tally, live_ids, scale, seed

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[1]
OLD, NEW = "old passphrase", "new passphrase"


@dataclass(frozen=True)
class Operation:
    name: str
    argv: Callable[[Path, Path], list[str]]  # (journal, other file) → kith arguments
    encrypted_before: bool
    keys_after: tuple[str | None, ...]  # the passphrases the journal may open with after


OPERATIONS = [
    Operation("encrypt", lambda j, _o: ["--journal", str(j), "encrypt"], False, (None, NEW)),
    Operation("decrypt", lambda j, _o: ["--journal", str(j), "decrypt"], True, (OLD, None)),
    Operation("rekey", lambda j, _o: ["--journal", str(j), "rekey"], True, (OLD, NEW)),
    Operation("backup", lambda j, _o: ["--journal", str(j), "backup"], False, (None,)),
    Operation("restore", lambda j, o: ["--journal", str(j), "restore", str(o)], False, (None,)),
]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kill-sources")
    plain = folder / "plain.kith"
    generate_demo(plain, contacts=30, events=900, seed=7)
    other = folder / "other.kith"
    generate_demo(other, contacts=5, events=40, seed=8)
    encrypted = folder / "encrypted.kith"
    shutil.copyfile(plain, encrypted)
    encryption.encrypt_journal(encrypted, OLD)
    return {
        "plain": plain,
        "other": backup.backup_file(other, folder / "other-b.kith"),
        "encrypted": encrypted,
    }


def _start(argv: list[str]) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KITH_PASSPHRASE": OLD,
        "KITH_NEW_PASSPHRASE": NEW,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app", *argv],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _prepare(op: Operation, sources: dict[str, Path], folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    journal = folder / "j.kith"
    shutil.copyfile(sources["encrypted" if op.encrypted_before else "plain"], journal)
    os.chmod(journal, 0o600)
    return journal


def _after_the_kill(
    op: Operation, journal: Path, expected: list[dict[str, set[int]] | None]
) -> str | None:
    """What broke, or None."""
    opened = None
    for key in op.keys_after:
        try:
            with open_journal(journal, key=key) as done:
                opened = live_ids(journal, key)
                notices = done.notices
        except KithError:
            continue
        break
    if opened is None:
        return "the journal does not open with the old passphrase nor the new one"
    if opened not in expected:
        return "records were lost"
    left = [
        p.name
        for p in journal.parent.iterdir()
        if ".converting" in p.name or ".restoring" in p.name
    ]
    if left:
        return f"scratch files stayed after opening: {left}"
    for file in backups_dir(journal).glob("*.kith"):
        problem = header_problem(file)
        if problem is not None:
            return f"{file.name} carries a backup's name but is {problem}"
    del notices
    return None


def test_every_long_operation_killed_anywhere_loses_nothing(
    sources: dict[str, Path], tmp_path: Path
) -> None:
    rng = random.Random(seed())
    tallies: dict[str, Tally] = {}
    for op in OPERATIONS:
        tally = tallies.setdefault(op.name, Tally())
        journal = _prepare(op, sources, tmp_path / "measure")
        started = time.perf_counter()
        whole = _start(op.argv(journal, sources["other"]))
        _out, err = whole.communicate(timeout=120)
        assert whole.returncode == 0, err.decode()
        took = time.perf_counter() - started
        expected = [live_ids(sources["plain"])]
        if op.name == "restore":
            expected.append(live_ids(sources["other"]))
        for n in range(scale(3, 40)):
            journal = _prepare(op, sources, tmp_path / f"{op.name}-{n}")
            process = _start(op.argv(journal, sources["other"]))
            time.sleep(rng.uniform(0.05, took))
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=120)
            tally.record(f"{op.name} killed (run {n})", _after_the_kill(op, journal, expected))
    for name, tally in tallies.items():
        print(tally.line(f"SIGKILL during {name}"))
    broken = [line for tally in tallies.values() for line in tally.broken]
    assert broken == [], "\n".join(broken)


def test_a_killed_creation_leaves_nothing_that_blocks_the_next(tmp_path: Path) -> None:
    rng = random.Random(seed())
    held = 0
    runs = scale(3, 30)
    for n in range(runs):
        path = tmp_path / f"new-{n}.kith"
        process = _start(["--journal", str(path), "demo", "--contacts", "20"])
        time.sleep(rng.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
        if path.exists():  # complete enough to be a journal: it opens
            with open_journal(path):
                pass
        again = _start(["--journal", str(tmp_path / f"new-{n}.kith"), "demo", "--contacts", "3"])
        _out, err = again.communicate(timeout=120)
        assert again.returncode in (0, 7), err.decode()
        assert b"Traceback" not in err
        if again.returncode == 7:
            assert path.exists()
        held += 1
    print(f"SIGKILL during demo: {held} of {runs} held (seed {seed()})")
    assert cipher.PAGE_SIZE  # the module is imported for the suite's KDF setting
