"""The fault-injection harness of issue 20: damaged journals, killed operations, full disks.

Every run records what was tried and whether Kith's promise held: one sentence
and a documented exit code (never a traceback, never a hang), the file left as
it was when refused, and no saved record lost. Offsets and kill delays come from
a seeded random generator, so a run is repeatable (`KITH_FAULT_SEED`).

The harness reads journals with the standard sqlite3 module set to hand text
back as bytes: a damaged file may hold text that is not UTF-8, and the harness
must not be the one that crashes on it.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import signal
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Exit codes a refusal may have (README's table); anything else, or an exception, breaks.
DOCUMENTED = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24}
HANG_SECONDS = 30


def seed() -> int:
    """The seed of this run: KITH_FAULT_SEED, or a fixed one (so `make test` repeats)."""
    return int(os.environ.get("KITH_FAULT_SEED", "20"))


def scale(small: int, large: int) -> int:
    """`small` in `make test`, `large` with KITH_FAULTS=large."""
    return large if os.environ.get("KITH_FAULTS") == "large" else small


@dataclass
class Tally:
    """Runs tried and held, and a line for each that broke."""

    tried: int = 0
    held: int = 0
    broken: list[str] = field(default_factory=list)

    def record(self, what: str, problem: str | None) -> None:
        self.tried += 1
        if problem is None:
            self.held += 1
        else:
            self.broken.append(f"{what}: {problem}")

    def line(self, name: str) -> str:
        return f"{name}: {self.held} of {self.tried} held (seed {seed()})"


def damaged_copies(source: bytes, count: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """`count` damaged versions of a journal's bytes: a flipped byte, a zeroed 512-byte
    block, or a cut, each at an offset drawn from `rng` (the header's first page often)."""
    kinds = ("flip", "zero", "cut")
    for n in range(count):
        kind = kinds[n % len(kinds)]
        if n % 4 == 0:
            offset = rng.randrange(0, min(len(source), 4096))  # the header and schema page
        else:
            offset = rng.randrange(0, len(source))
        data = bytearray(source)
        if kind == "flip":
            data[offset] ^= 1 << rng.randrange(8)
        elif kind == "zero":
            data[offset : offset + 512] = bytes(len(data[offset : offset + 512]))
        else:
            del data[offset:]
        yield f"{kind}@{offset}", bytes(data)


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Hang


def run_kith(argv: Sequence[str]) -> tuple[int | None, str, str]:
    """`kith ARGV` in this process: (exit code or None if it raised, stdout, stderr).

    A traceback is put in stderr; a run longer than HANG_SECONDS counts as a hang.
    """
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    code: int | None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    except _Hang:
        code = None
        err.write(f"hang: no answer within {HANG_SECONDS} s\n")
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException:
        code = None
        err.write(traceback.format_exc())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def refusal_problem(code: int | None, err: str, out: str = "") -> str | None:
    """What is wrong with how a command ended; None when it kept the promise.

    `kith check` ending 6 with its report on stdout (each finding listed) is kept.
    """
    if code is None:
        return "crashed or hung: " + err.strip().splitlines()[-1] if err.strip() else "crashed"
    if code not in DOCUMENTED:
        return f"exit {code}: {err.strip()[:200]}"
    if "Traceback" in err:
        return "a traceback on stderr"
    if code == 6 and "\nintegrity: " in out and not err.strip():
        return None
    if code != 0:
        lines = [line for line in err.splitlines() if line.startswith("kith: ")]
        if len(lines) != 1:
            return f"{len(lines)} sentences on stderr: {err.strip()[:200]}"
    return None


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (name → bytes), to prove a refusal changed nothing."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def live_ids(path: Path, key: str | None = None) -> dict[str, set[int]] | None:
    """Ids of every row of the journal's main tables, read as bytes; None if unreadable.

    `key`: the passphrase, for an encrypted journal.
    """
    from app.core import cipher

    try:
        with contextlib.closing(cipher.open_keyed(path, key)) as raw:
            with contextlib.suppress(AttributeError):
                raw.text_factory = bytes
            if raw.execute("PRAGMA integrity_check").fetchone()[0] not in (b"ok", "ok"):
                return None
            tables = [
                t.decode() if isinstance(t, bytes) else str(t)
                for (t,) in raw.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                    "('contacts', 'interactions', 'favors', 'journal_entries', 'coalitions')"
                )
            ]
            return {t: {int(r) for (r,) in raw.execute(f'SELECT id FROM "{t}"')} for t in tables}
    except Exception:
        return None


_STAMPED = re.compile(r"\d{8}-\d{6}")
