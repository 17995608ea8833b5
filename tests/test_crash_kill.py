"""A writer killed with SIGKILL at a random moment never loses what it committed.

The child (tests/tools/crash_writer.py) logs people, moments, favors and
reflections through Kith's services as fast as it can and lists each id only
after the service call returned. Every run, this harness kills it at a random
moment, reopens the journal with `store.open_journal` (the dead writer's lock
must not be in the way), and checks that SQLite's integrity check says `ok` and
that every listed id is there.

`KITH_KILL_RUNS=500` asks for a longer run (default 50); `KITH_KILL_SEED` replays
the random choices of an earlier run (the seed is printed).
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import text

from app.core import store

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="the kill harness forks its writers (POSIX only)"
)

WRITER = Path(__file__).parent / "tools" / "crash_writer.py"
RUNS = int(os.environ.get("KITH_KILL_RUNS", "50"))
# A kill lands anywhere from before the first commit to a few dozen commits in.
MOST_DELAY_S = 0.04
TABLES = {
    "contact": "contacts",
    "moment": "interactions",
    "favor": "favors",
    "entry": "journal_entries",
}


class Writer:
    """The crash_writer server: forks one writer per run, reports how each ended."""

    def __init__(self, errors: Path) -> None:
        self._errors = errors
        self._process = subprocess.Popen(
            [sys.executable, str(WRITER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors.open("wb"),
        )
        assert self._process.stdout is not None
        self._out: IO[bytes] = self._process.stdout
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out, selectors.EVENT_READ)

    def start(self, journal: Path, ids: Path, seed: int) -> int:
        """Fork a writer; return its pid once it has the journal open and is writing."""
        assert self._process.stdin is not None
        order = {"journal": str(journal), "ids": str(ids), "seed": seed}
        self._process.stdin.write(json.dumps(order).encode() + b"\n")
        self._process.stdin.flush()
        word, pid = self._line().split()[:2]
        assert word == "writing", self._trouble(f"the writer stopped before writing: {word}")
        return int(pid)

    def ended(self, pid: int) -> int:
        """How the writer `pid` ended: minus the signal's number, or its exit code."""
        word, which, status = self._line().split()
        assert (word, int(which)) == ("exited", pid), self._trouble(f"unexpected {word}")
        return int(status)

    def _line(self) -> str:
        # A hung writer fails the test with its stderr, never hangs the suite.
        if not self._selector.select(timeout=60):
            raise AssertionError(self._trouble("the writer said nothing for 60 s"))
        line = self._out.readline().decode()
        if not line:
            raise AssertionError(self._trouble("the writer server died"))
        return line

    def _trouble(self, what: str) -> str:
        return f"{what}\n{self._errors.read_text(errors='replace')}"

    def stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._selector.close()
        self._out.close()


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Writer]:
    server = Writer(tmp_path / "writer-stderr.txt")
    try:
        yield server
    finally:
        server.stop()


def committed_ids(ids: Path) -> dict[str, set[int]]:
    """What the writers listed as committed; a line cut short by the kill is ignored."""
    found: dict[str, set[int]] = {kind: set() for kind in TABLES}
    for line in ids.read_text().splitlines(keepends=True):
        if line.endswith("\n"):
            kind, new_id = line.split()
            found[kind].add(int(new_id))
    return found


def present_ids(journal: store.Journal) -> dict[str, set[int]]:
    with journal.engine.connect() as connection:
        return {
            kind: set(connection.execute(text(f"SELECT id FROM {table}")).scalars())
            for kind, table in TABLES.items()
        }


def test_killing_a_writer_at_random_moments_never_loses_a_committed_id(
    tmp_path: Path, writer: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("KITH_KILL_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    path, ids = tmp_path / "journal.kith", tmp_path / "ids.txt"
    store.create_journal(path).close()
    ids.touch()
    started = time.perf_counter()

    for run in range(RUNS):
        pid = writer.start(path, ids, rng.randrange(2**32))
        # The random moment of the kill is the point of the test, not a wait for something.
        time.sleep(rng.uniform(0, MOST_DELAY_S))
        os.kill(pid, signal.SIGKILL)
        assert writer.ended(pid) == -signal.SIGKILL

        with store.open_journal(path) as journal:
            assert store.integrity_check(journal) == "ok", f"run {run}, seed {seed}"
            present = present_ids(journal)
        listed = committed_ids(ids)
        for kind, wanted in listed.items():
            missing = wanted - present[kind]
            assert not missing, f"run {run}, seed {seed}: {kind} ids lost: {sorted(missing)}"

    elapsed = time.perf_counter() - started
    listed = committed_ids(ids)
    counts = Counter({kind: len(found) for kind, found in listed.items()})
    committed = sum(counts.values())
    with store.open_journal(path) as journal:
        present = present_ids(journal)
    found = sum(len(listed[kind] & present[kind]) for kind in TABLES)
    assert committed > 0, "no writer ever got to commit: the kills came too early"
    with capsys.disabled():
        print(
            f"\nkill test: {RUNS} runs killed with SIGKILL, {committed} ids committed "
            f"({', '.join(f'{n} {kind}' for kind, n in sorted(counts.items()))}), "
            f"{found} found, integrity ok every time; seed {seed}, {elapsed:.1f} s"
        )
    assert found == committed
