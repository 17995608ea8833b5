"""Capture figures for `make bench` (issue 16): drafts from big exports, the quick log's keystroke.

- drafts from a 100,000-message mbox and from a 200,000-line WhatsApp export:
  messages (lines) per second, and the reading process's peak memory, each read
  in a process of its own so that the peak is the reader's alone;
- the quick-log reading per keystroke, typed a character at a time against the
  journal's people (the large demo: 10,000 of them).

Run alone: `python tests/bench/capture_bench.py [--messages N] [--lines N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MBOX_MESSAGES = 100_000
CHAT_LINES = 200_000
LINES_TYPED = (
    "coffee with Sam and Ana yesterday, warm",
    "Sam helped me move last Saturday, big favor, I owe her",
    "call with Mum 2026-11-30",
    "lent Jonas my drill 3 days ago",
)
_NAMES = ("Sam Okafor", "Ana Lima", "Jonas Berg", "Priya Shah", "Léa Martin", "Zoe Chen")

# Reads one export and prints {"rows": ..., "seconds": ..., "peak_mb": ...}.
_READER = """
import json, resource, sys, time
from pathlib import Path
from app.core.capture import drafts
from app.core.capture import exports
import datetime as dt
path, source, me = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
started = time.perf_counter()
found = exports.read_export(path, source, me=me, today=dt.date(2026, 12, 2))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"drafts": len(found), "seconds": seconds, "peak_mb": peak}))
"""
_BASELINE = """
import json, resource
from app.core.capture import drafts, chats, mail
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_mbox(path: Path, messages: int, seed: int = 16) -> None:
    """An mbox of `messages` mails between me and six people over three years."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8") as out:
        for number in range(messages):
            when = start + dt.timedelta(minutes=number * 15 + rng.randint(0, 10))
            name = rng.choice(_NAMES)
            address = name.split()[0].lower() + "@example.org"
            mine = rng.random() < 0.5
            sender = "Alex Doe <alex@example.org>" if mine else f"{name} <{address}>"
            to = f"{name} <{address}>" if mine else "Alex Doe <alex@example.org>"
            stamp = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
            out.write(
                f"From x@example.org {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: {sender}\nTo: {to}\nSubject: Re: plans {number}\n"
                f"Message-ID: <m{number}@example.org>\nDate: {stamp}\n\n"
                + "A line of the body, as mail has.\n" * rng.randint(2, 12)
                + "\n"
            )


def write_chat(path: Path, lines: int, seed: int = 16) -> None:
    """A WhatsApp Android export of `lines` lines (some messages run over several)."""
    rng = random.Random(seed)
    start = dt.datetime(2023, 1, 1, 8)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        number = 0
        while written < lines:
            when = start + dt.timedelta(minutes=number * 7)
            sender = "Alex Doe" if rng.random() < 0.5 else "Sam Okafor"
            out.write(f"{when:%d/%m/%Y, %H:%M} - {sender}: message number {number}\n")
            written += 1
            if rng.random() < 0.1 and written < lines:
                out.write("and a second line of it\n")
                written += 1
            number += 1


def _run(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def read_figures(work: Path, messages: int, lines: int, repeat: int) -> dict[str, object]:
    """Rows per second and peak memory of each reader, beside an idle reader's memory."""
    mbox, chat = work / "big.mbox", work / "big-chat.txt"
    write_mbox(mbox, messages)
    write_chat(chat, lines)
    floor = _run(_BASELINE)["peak_mb"]
    report: dict[str, object] = {"floor_mb": floor}
    for key, path, source, me, rows in (
        ("mbox", mbox, "mail", "alex@example.org", messages),
        ("chat", chat, "chat", "Alex Doe", lines),
    ):
        rates, peaks = [], []
        for _ in range(repeat):
            measured = _run(_READER, str(path), source, me)
            rates.append(rows / measured["seconds"])
            peaks.append(measured["peak_mb"])
        report[key] = {
            "rows": rows,
            "bytes": path.stat().st_size,
            "rows_per_s": statistics.median(rates),
            "peak_mb": statistics.median(peaks),
        }
    return report


def keystroke_figures(journal_path: Path | None, repeat: int) -> list[float]:
    """Milliseconds per keystroke: each prefix of each line read, after one warm-up."""
    from app.core.capture.people_match import PeopleIndex
    from app.core.capture.quicklog import QuickLog, read_day

    today = dt.date(2026, 12, 2)
    if journal_path is not None:
        from app.core import store

        with store.open_journal(journal_path) as journal:
            index = PeopleIndex.load(journal)
    else:
        index = PeopleIndex([(i + 1, f"{name} {i}") for i, name in enumerate(_NAMES * 1700)])
    reader = QuickLog(index)
    read_day("yesterday", today)  # dateparser's one-off loading: the window does it on open
    samples = []
    for _ in range(repeat):
        for line in LINES_TYPED:
            for end in range(1, len(line) + 1):
                started = time.perf_counter()
                reader.read(line[:end], today)
                samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=MBOX_MESSAGES)
    parser.add_argument("--lines", type=int, default=CHAT_LINES)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--journal", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kith-capture-") as scratch:
        report = read_figures(Path(scratch), args.messages, args.lines, args.repeat)
    keys = keystroke_figures(args.journal, args.repeat)
    report["keystroke_ms"] = {
        "median": statistics.median(keys),
        "p95": sorted(keys)[int(len(keys) * 0.95)],
        "max": max(keys),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
