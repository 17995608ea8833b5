"""Issue 20's fault-injection suite: damaged journals, SIGKILLs, a full disk.

Small in `make test`; `KITH_FAULTS=large` runs the figures quoted in the README
(`KITH_FAULT_SEED` picks other offsets and delays). Each test prints its tally.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import pytest

from app.core import backup, cipher, encryption
from app.core.demo import generate_demo
from tests.faults import (
    Tally,
    damaged_copies,
    live_ids,
    refusal_problem,
    run_kith,
    scale,
    seed,
    snapshot,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM is POSIX")

_READERS = [["check"], ["backups"], ["prompts"], ["search", "a"], ["due"]]


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """A demo journal's bytes and a sound backup of it."""
    folder = tmp_path_factory.mktemp("demo")
    source = folder / "demo.kith"
    generate_demo(source, contacts=8, events=120, seed=5)
    return source.read_bytes(), backup.backup_file(source, folder / "good.kith")


def _try(
    tally: Tally,
    name: str,
    journal_bytes: bytes,
    argv: list[str],
    folder: Path,
    good: Path,
    key: str | None = None,
) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    journal = folder / "j.kith"
    journal.write_bytes(journal_bytes)
    before = snapshot(folder)
    args = [a.replace("{folder}", str(folder)) for a in argv]
    code, out, err = run_kith(["--journal", str(journal), *args])
    problem = refusal_problem(code, err, out)
    command = argv[0]
    if problem is None and code not in (0, None) and command in ("check", "prompts", "search"):
        # A refusal changes nothing (SQLite's own -shm beside a WAL journal aside).
        after = {k: v for k, v in snapshot(folder).items() if not k.endswith("-shm")}
        if after != {k: v for k, v in before.items() if not k.endswith("-shm")}:
            problem = "refused, but files changed"
    if problem is None and command == "restore":
        offset = int(name.split("@")[1])
        if code != 0 and not (code == 3 and offset < 100):  # a header no longer Kith's
            problem = f"restore refused: {err.strip()[:200]}"
        elif code == 0 and live_ids(journal, key) != live_ids(good, key):
            problem = "the restored journal is not the backup"
    tally.record(f"{name} kith {' '.join(argv)}", problem)


def test_damaged_journals_give_one_sentence_and_restore_always_works(
    demo_files: tuple[bytes, Path], tmp_path: Path
) -> None:
    data, good = demo_files
    tally = Tally()
    commands = [*_READERS, ["backup"], ["export", "--out", "{folder}/exp"], ["restore", str(good)]]
    rng = random.Random(seed())
    for name, damaged in damaged_copies(data, scale(10, 150), rng):
        for argv in commands:
            _try(tally, name, damaged, argv, tmp_path / "run", good)
    print(tally.line("damaged plain journals × 8 commands"))
    assert tally.broken == [], "\n".join(tally.broken[:20])


def test_damaged_encrypted_journals_and_4k_cuts_give_one_sentence(
    demo_files: tuple[bytes, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)
    monkeypatch.setenv("KITH_PASSPHRASE", "a passphrase")
    data, _good = demo_files
    source = tmp_path / "enc" / "demo.kith"
    source.parent.mkdir()
    source.write_bytes(data)
    plain_good = backup.backup_file(source, tmp_path / "enc" / "plain-good.kith")
    encryption.encrypt_journal(source, "a passphrase")
    good = backup.backup_file(source, tmp_path / "enc" / "good.kith", key="a passphrase")
    encrypted = source.read_bytes()
    step = max(4096, (len(encrypted) // 4096 // scale(4, 40)) * 4096)
    cuts = [(f"cut4k@{k}", encrypted[:k]) for k in range(4096, len(encrypted), step)]
    rng = random.Random(seed())
    commands = [
        *_READERS[:3],
        ["backup"],
        ["export", "--out", "{folder}/exp"],
        ["restore", str(good)],
        ["restore", str(plain_good)],
        ["decrypt"],
    ]
    tally = Tally()
    for name, damaged in [*cuts, *damaged_copies(encrypted, scale(6, 60), rng)]:
        for argv in commands:
            # The restored journal is compared with the plain backup's rows below.
            _try(tally, name, damaged, argv, tmp_path / "run", plain_good, "a passphrase")
    print(tally.line("damaged encrypted journals × 8 commands"))
    assert tally.broken == [], "\n".join(tally.broken[:20])


def test_the_harness_reads_a_journal_whose_text_is_not_utf8(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "odd.kith"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        raw.execute("INSERT INTO contacts VALUES (1, CAST(x'ff00fe' AS TEXT))")
    raw.close()
    assert live_ids(path) == {"contacts": {1}}
    assert os.path.exists(path)
