"""Issue 20's full-disk suite: every command on a small tmpfs filled to the brim.

Needs root (to mount a tmpfs) on Linux; skipped with that reason elsewhere. Each
command either does its work or says one sentence with a documented exit code,
and the journal holds every record it held. `KITH_FAULTS=large` for more levels.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import backup, cipher
from app.core.demo import generate_demo
from tests.faults import Tally, live_ids, refusal_problem, run_kith, scale, seed

SIZE = 3 * 1024 * 1024


def _can_mount() -> str | None:
    if not sys.platform.startswith("linux"):
        return "tmpfs is Linux's"
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    if shutil.which("mount") is None:
        return "no mount command"
    return None


@contextlib.contextmanager
def _tmpfs() -> Iterator[Path]:
    point = Path(tempfile.mkdtemp(prefix="kith-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.decode()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)
        point.rmdir()


def _fill(point: Path, leave: int) -> None:
    """Fill the file system until only about `leave` bytes are free."""
    filler = point / "filler"
    with open(filler, "wb") as out:
        free = shutil.disk_usage(point).free - leave
        chunk = b"\0" * 65536
        while free > 0:
            try:
                out.write(chunk[: min(len(chunk), free)])
                out.flush()
            except OSError:
                break
            free -= min(len(chunk), free)


_COMMANDS = [
    ["check"],
    ["backup"],
    ["prompts"],
    ["export", "--out", "{point}/exp"],
    ["encrypt"],
    ["log", "--add-people", "coffee with Zed Quill today"],
    ["restore", "{good}"],
    ["new", "--journal", "{point}/fresh.kith"],
    ["demo", "--journal", "{point}/demo.kith", "--contacts", "5"],
]


@pytest.mark.skipif(_can_mount() is not None, reason=str(_can_mount()))
def test_every_command_on_a_full_disk_says_one_sentence_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)
    monkeypatch.setenv("KITH_PASSPHRASE", "full disk")
    monkeypatch.setenv("KITH_NEW_PASSPHRASE", "full disk")
    source = tmp_path / "demo.kith"
    generate_demo(source, contacts=10, events=200, seed=4)
    expected = live_ids(source)
    assert expected is not None
    small = [0, 65536, 400_000]
    large = [0, 1024, 4096, 16384, 65536, 131072, 262144, 400_000, 600_000, 900_000]
    levels = large if scale(0, 1) else small
    tally = Tally()
    with _tmpfs() as point:
        for leave in levels:
            for argv in _COMMANDS:
                for entry in point.iterdir():
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                journal = point / "j.kith"
                shutil.copyfile(source, journal)
                good = backup.backup_file(source, point / f"good-{leave}.kith")
                _fill(point, leave)
                args = [a.format(point=point, good=good) for a in argv]
                code, out, err = run_kith(["--journal", str(journal), *args])
                problem = refusal_problem(code, err, out)
                (point / "filler").unlink()
                if problem is None and (argv[0] not in ("restore", "log") or code != 0):
                    key = "full disk" if cipher.is_encrypted(journal) else None
                    after = live_ids(journal, key)
                    if after is None or any(
                        ids - after.get(t, set()) for t, ids in expected.items()
                    ):
                        problem = "the journal lost records"
                tally.record(f"{leave} bytes free: kith {argv[0]}", problem)
                if os.environ.get("KITH_FAULTS_VERBOSE"):
                    print(leave, argv[0], code, err.strip()[:150])
    print(tally.line(f"full disk (tmpfs of {SIZE // 1024} KiB)"))
    assert tally.broken == [], "\n".join(tally.broken[:20])
    assert seed() is not None
