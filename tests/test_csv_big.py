"""Large imports stream: memory stays bounded, and the speed is printed (never asserted).

The normal suite runs a 5 MB import under tracemalloc. The 100,000-row and
100 MB imports run only with KITH_BIG=1 (about 10 s together); each runs in a
process of its own, so that its peak RSS is its own:

    KITH_BIG=1 .venv/bin/pytest tests/test_csv_big.py -s
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from app.core.csvio import format as f
from app.core.csvio import import_kith_csv
from app.core.errors import CsvImportError
from app.core.store import Journal, create_journal, open_journal

REPO = Path(__file__).resolve().parents[1]
big = pytest.mark.skipif(not os.environ.get("KITH_BIG"), reason="set KITH_BIG=1 to run")


def write_export(
    folder: Path,
    *,
    people: int,
    moments: int,
    favors: int,
    entries: int,
    text_size: int = 40,
    coalitions: int = 20,
) -> int:
    """A valid Kith export with these many rows, written straight to CSV; the row count."""
    folder.mkdir(parents=True)
    filler = ('Notes with commas, "quotes" and a line\nbreak; ' * (text_size // 40 + 1))[:text_size]

    def write(spec: f.CsvFile, rows: object) -> int:
        count = 0
        with (folder / spec.name).open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(spec.columns)
            for row in rows:  # type: ignore[attr-defined]
                writer.writerow(row)
                count += 1
        return count

    def day(n: int) -> str:
        return f"20{10 + n % 14}-{1 + n % 12:02d}-{1 + n % 28:02d}"

    total = write(
        f.CONTACTS,
        (
            [i, f"Person {i}", "friend", "", f"p{i}@example.org", "", "", "", "", "", ""]
            for i in range(1, people + 1)
        ),
    )
    total += write(
        f.COALITIONS,
        (
            [i, f"Group {i}", "", "", "informal", "active", "", "", "", "", ""]
            for i in range(1, coalitions + 1)
        ),
    )
    total += write(
        f.INTERACTIONS,
        (
            [
                i,
                day(i),
                "call",
                1 + i % 5,
                "me",
                filler,
                f"{1 + i % people}" if i % 3 else f"{1 + i % people};{1 + (i + 1) % people}",
            ]
            for i in range(1, moments + 1)
        ),
    )
    total += write(
        f.FAVORS,
        (
            [
                i,
                1 + ((i + 1) // 2) % people,
                "given" if i % 2 else "received",
                day(0),
                filler,
                3,
                "none",
                i - 1 if i % 2 == 0 else "",
            ]
            for i in range(1, favors + 1)
        ),
    )
    total += write(
        f.MEMBERSHIPS,
        ([1 + i % coalitions, i, "", "", "", "yes", "", "", ""] for i in range(1, people + 1)),
    )
    total += write(
        f.JOINT_ACTIONS, ([i, 1 + i % coalitions, day(i), "did", "", "1;2"] for i in range(1, 100))
    )
    total += write(f.JOURNAL, ([i, day(i), filler, "", "", ""] for i in range(1, entries + 1)))
    return total


def test_a_5_mb_import_streams_in_bounded_memory(journal: Journal, tmp_path: Path) -> None:
    rows = write_export(
        tmp_path / "export",
        people=300,
        moments=4_000,
        favors=600,
        entries=600,
        text_size=1_000,
    )
    size = sum(p.stat().st_size for p in (tmp_path / "export").iterdir())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        summary = import_kith_csv(journal, tmp_path / "export")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    print(
        f"\n{rows} rows, {size / 2**20:.1f} MB in {seconds:.2f} s (under tracemalloc): "
        f"Python peak {peak / 2**20:.1f} MB"
    )
    assert sum(summary.plan.rows.values()) == rows
    assert peak < size / 4  # streamed: never the file, nor a table, in memory


def test_a_restore_refused_at_its_last_row_writes_nothing_to_disk(tmp_path: Path) -> None:
    # One pass: the rows before the bad one went into the transaction, about
    # 8 MB of pages, more than SQLite's cache holds. They must wait in memory,
    # not in the journal's WAL, until the rollback.
    write_export(
        tmp_path / "export", people=300, moments=6_000, favors=600, entries=600, text_size=1_000
    )
    entries = tmp_path / "export" / f.JOURNAL.name
    with entries.open("a", encoding="utf-8", newline="") as out:
        out.write("601,not a day,text,,,\r\n")
    path = tmp_path / "empty.kith"
    create_journal(path).close()
    files = [path, path.with_name(path.name + "-wal")]

    def state() -> list[tuple[int, int] | None]:
        return [(p.stat().st_size, p.stat().st_mtime_ns) if p.exists() else None for p in files]

    with open_journal(path) as journal:
        before = state()
        with pytest.raises(CsvImportError) as refused:
            import_kith_csv(journal, tmp_path / "export")
        assert state() == before
    (problem,) = refused.value.problems
    assert problem.file == f.JOURNAL.name and problem.column == "written_on"


def _measure(tmp_path: Path, **sizes: int) -> dict[str, float]:
    """Write an export of `sizes`, import it in a process of its own, print and return
    its rows, megabytes, seconds and RSS (before the import, and at its peak)."""
    rows = write_export(tmp_path / "export", **sizes)
    megabytes = sum(p.stat().st_size for p in (tmp_path / "export").iterdir()) / 2**20
    create_journal(tmp_path / "big.kith").close()
    done = subprocess.run(
        [sys.executable, __file__, str(tmp_path / "export"), str(tmp_path / "big.kith")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = dict(json.loads(done.stdout.splitlines()[-1]), rows=rows, megabytes=megabytes)
    print(
        f"\n{rows} rows, {megabytes:.0f} MB in {result['seconds']:.2f} s = "
        f"{rows / result['seconds']:,.0f} rows/s; peak RSS {result['peak_mb']:.0f} MB "
        f"(before the import: {result['base_mb']:.0f} MB)"
    )
    return result


@big
def test_100000_rows_import(tmp_path: Path) -> None:
    result = _measure(tmp_path, people=5_000, moments=55_000, favors=30_000, entries=4_881)
    assert result["rows"] == 100_000


@big
def test_a_100_mb_import_keeps_memory_bounded(tmp_path: Path) -> None:
    sizes = {"people": 1_000, "moments": 1_000, "favors": 1_000, "entries": 50_000}
    result = _measure(tmp_path, **sizes, text_size=2_000)
    assert result["megabytes"] > 100
    assert result["peak_mb"] - result["base_mb"] < 60


def _rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    from app.core.store import open_journal

    with open_journal(Path(sys.argv[2])) as target:
        # Start the peak afresh: opening a journal (Alembic) peaks higher than we do.
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")
        base = _rss_mb("VmRSS")
        started = time.perf_counter()
        import_kith_csv(target, Path(sys.argv[1]))
        seconds = time.perf_counter() - started
        peak = _rss_mb("VmHWM")
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "base_mb": base}))
