"""Kith's benchmark (issue 7): the figures of the table, each against its target and floor.

Issues 16 and 17 added search's and capture's figures (find_and_capture.py).

Not a test: `make bench` runs it (pytest never collects it). It builds the large demo
journal once, caches it by seed and size, and measures every figure on fresh copies:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/kith_bench.py [--small]
        [--repeat N] [--cache DIR] [--json FILE] [--seed S]

Whole processes are timed where a user waits for a whole process (start-up), the
inside of one process where a user waits for an action. Every figure with a floor
is measured beside that floor in the same run and reported as a ratio. A figure
that fails records "error: ..." in its row; the others still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import find_and_capture  # noqa: E402  (beside this file)

from app.core import store  # noqa: E402
from app.core.demo import generate_demo  # noqa: E402

LARGE = (10_000, 500_000)
SMALL = (1_000, 20_000)
# The journal exported for "import 100,000 CSV rows" (about 100k rows in the files).
IMPORT_LARGE = (3_000, 97_000)
TIMELINE_ENTRIES = 2_000
# The tables `kith export` writes, as `sqlite3 -csv` writes them for the floor.
EXPORT_TABLES = (
    "contacts",
    "coalitions",
    "interactions",
    "interaction_participants",
    "favors",
    "memberships",
    "joint_actions",
    "joint_action_participants",
    "journal_entries",
)
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
FLOOR_AGGREGATE = """
SELECT contact_id, count(*), sum(weight) FROM favors
 WHERE deleted_at IS NULL GROUP BY contact_id
UNION ALL
SELECT p.contact_id, count(*), sum(coalesce(i.warmth, 0))
  FROM interaction_participants AS p JOIN interactions AS i ON i.id = p.interaction_id
 WHERE i.deleted_at IS NULL
 GROUP BY +p.contact_id  -- the unary + scans in moment order (4x faster than the index)
"""


# ---- results --------------------------------------------------------------------------------


@dataclass
class Figure:
    """One row of the table: samples in `unit`, a target, and perhaps a floor beside it."""

    name: str
    unit: str  # "ms", "s", "MB" or "rows/s"
    target: str
    # Whether the figure meets its target, given its median and its ratio to the floor.
    meets: Callable[[float, float | None], bool] | None = None
    samples: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    note: str = ""
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        median, floor = self.median, self.floor_median
        if median is None or not floor:
            return None
        return median / floor

    @property
    def met(self) -> bool | None:
        if self.error or self.median is None or self.meets is None:
            return None
        if self.floor and self.ratio is None:
            return None
        return self.meets(self.median, self.ratio)

    def as_json(self) -> dict[str, Any]:
        return {
            "figure": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples) if self.samples else None,
            "max": max(self.samples) if self.samples else None,
            "samples": self.samples,
            "target": self.target,
            "floor_median": self.floor_median,
            "floor_samples": self.floor,
            "ratio_to_floor": self.ratio,
            "met": self.met,
            "note": self.note,
            "error": self.error or None,
        }


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rows/s":
        return f"{value:,.0f}"
    if unit == "MB":
        return f"{value:.0f}"
    if unit == "s":
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def render(figures: Sequence[Figure]) -> str:
    head = ("figure", "median", "min–max", "target", "floor (median)", "ratio", "met")
    rows: list[tuple[str, ...]] = []
    for fig in figures:
        if fig.error or not fig.samples:
            rows.append((fig.name, fig.error or "not measured", "", fig.target, "", "", "—"))
            continue
        u = fig.unit
        spread = f"{_num(min(fig.samples), u)}–{_num(max(fig.samples), u)} {u}"
        floor = f"{_num(fig.floor_median, u)} {u}" if fig.floor else "—"
        ratio = f"{fig.ratio:.2f}×" if fig.ratio is not None else "—"
        met = {True: "yes", False: "no", None: "—"}[fig.met]
        rows.append((fig.name, f"{_num(fig.median, u)} {u}", spread, fig.target, floor, ratio, met))
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    notes = [f"- {fig.name}: {fig.note}" for fig in figures if fig.note]
    return "\n".join(out + (["", *notes] if notes else []))


# ---- journals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    path: Path
    contacts: int
    events: int
    today: dt.date


def cached_demo(cache: Path, seed: int, contacts: int, events: int) -> Demo:
    """The demo journal of this seed and size, built once into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"demo-seed{seed}-{contacts}p-{events}e.kith"
    meta = path.with_suffix(".json")
    if not (path.exists() and meta.exists()):
        for stale in (path, meta):
            stale.unlink(missing_ok=True)
        building = cache / f"building-{os.getpid()}.kith"
        print(f"building the demo journal ({contacts:,} people, {events:,} entries) …", flush=True)
        summary = generate_demo(building, contacts=contacts, events=events, seed=seed)
        print(f"  {summary}", flush=True)
        building.rename(path)
        for extra in ("-wal", "-shm", ".lock"):
            Path(str(building) + extra).unlink(missing_ok=True)
        today = dt.date.today()
        meta.write_text(json.dumps({"today": today.isoformat(), "events": summary.events}))
    info = json.loads(meta.read_text())
    # A journal cached by an older Kith is brought to today's schema once, here,
    # not in every timed copy.
    store.open_journal(path).close()
    return Demo(path, contacts, int(info["events"]), dt.date.fromisoformat(info["today"]))


def fresh_copy(source: Path, folder: Path, name: str) -> Path:
    """A private copy of a journal, for anything that writes."""
    target = folder / name
    for extra in ("", "-wal", "-shm", ".lock"):
        Path(str(target) + extra).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    """`with timer() as elapsed:` ... `elapsed()` is the seconds the block took."""
    started = time.perf_counter()
    ended: list[float] = []
    yield lambda: (ended[0] if ended else time.perf_counter()) - started
    ended.append(time.perf_counter())


# ---- whole processes: start-up and peak memory ------------------------------------------------


def run_process(argv: Sequence[str], env: dict[str, str], folder: Path) -> tuple[float, float, str]:
    """Wall-clock seconds, peak resident MB and stdout of `argv`.

    The peak comes from `/usr/bin/time -f %M`: the rusage this process gets for its
    own child is useless, since a vfork'd child's peak starts at this process's."""
    out_path, err_path, rss_path = (folder / n for n in ("stdout.txt", "stderr.txt", "rss.txt"))
    wrapper = ["/usr/bin/time", "-f", "%M", "-o", str(rss_path)] if GNU_TIME else []
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.run(
            [*wrapper, *argv], env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        seconds = time.perf_counter() - started
    if child.returncode != 0:
        message = err_path.read_text(errors="replace").strip().splitlines()
        raise RuntimeError(f"{argv[0]} exited {child.returncode}: {message[-1:] or ''}")
    mb = float(rss_path.read_text().split()[-1]) / 1024 if GNU_TIME else float("nan")
    return seconds, mb, out_path.read_text(errors="replace")


GNU_TIME = Path("/usr/bin/time").exists()


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
    )
    return env


def startup_and_memory(demo: Demo, work: Path, runs: int, start: Figure, memory: Figure) -> None:
    kith = Path(sys.executable).with_name("kith")
    if not kith.exists():
        raise RuntimeError(f"{kith} not found (run `make venv`)")
    ready: list[float] = []
    for run in range(runs):
        for bare in (True, False):  # interleaved, so drift hits both alike
            home = Path(tempfile.mkdtemp(prefix="home-", dir=work))
            env = isolated_env(home)
            if bare:
                seconds, mb, _ = run_process([sys.executable, "-c", BARE_WINDOW], env, home)
                start.floor.append(seconds)
                if GNU_TIME:
                    memory.floor.append(mb)
            else:
                copy = fresh_copy(demo.path, work, f"start-{run}.kith")
                argv = [str(kith), "--journal", str(copy), "--exit-when-ready"]
                seconds, mb, out = run_process(argv, env, home)
                start.samples.append(seconds)
                if GNU_TIME:
                    memory.samples.append(mb)
                for word in out.split("ready in ")[1:]:
                    ready.append(float(word.split()[0]))
    if ready:
        start.note = (
            f"whole process, wall clock; kith itself reports `ready in` "
            f"{statistics.median(ready):.2f} s (median); the rest is interpreter start and "
            "shut-down (which waits for the background reflection pass)"
        )
    memory.note = (
        "peak RSS (/usr/bin/time -f %M) of the same runs as the start-up"
        if GNU_TIME
        else "not measured: /usr/bin/time is not installed"
    )


# ---- in one process ---------------------------------------------------------------------------


def reflection(journal: store.Journal, demo: Demo, copy: Path, repeat: int, fig: Figure) -> None:
    from app.core.services import prompts

    people = len(prompts.readings(journal, demo.today))  # warm-up (imports, caches)
    for _ in range(repeat):
        with timer() as elapsed:
            prompts.readings(journal, demo.today)
        fig.samples.append(elapsed())
    with sqlite3.connect(copy) as connection:
        connection.execute(FLOOR_AGGREGATE).fetchall()
        for _ in range(repeat):
            with timer() as elapsed:
                connection.execute(FLOOR_AGGREGATE).fetchall()
            fig.floor.append(elapsed())
    connection.close()
    fig.note = f"readings(journal, as_of={demo.today}) over {people:,} people"


def export(journal: store.Journal, copy: Path, work: Path, repeat: int, fig: Figure) -> None:
    from app.core.csvio import export_journal

    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        raise RuntimeError("the sqlite3 command is not installed: no floor")
    rows = 0
    for run in range(repeat):
        folder = work / f"export-{run}"
        with timer() as elapsed:
            summary = export_journal(journal, folder)
        fig.samples.append(elapsed())
        rows = sum(summary.rows.values())
        shutil.rmtree(folder)
        floor = work / f"floor-export-{run}"
        floor.mkdir()
        script = [".headers on", ".mode csv"]
        for table in EXPORT_TABLES:
            script += [f".once {floor / (table + '.csv')}", f"SELECT * FROM {table};"]
        with timer() as elapsed:
            subprocess.run(
                [sqlite, "-batch", str(copy)],
                input="\n".join(script) + "\n",
                text=True,
                check=True,
                capture_output=True,
            )
        fig.floor.append(elapsed())
        shutil.rmtree(floor)
    fig.note = (
        f"export_journal, {rows:,} rows in 8 files (summary.csv runs a reflection pass); "
        f"floor: the sqlite3 CLI writing the {len(EXPORT_TABLES)} tables (whole process)"
    )


def _settle(app: Any, place: Any) -> None:
    """Let the place's background look over the journal end and its result land."""
    deadline = time.monotonic() + 120
    while place.busy() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def search(app: Any, place: Any, repeat: int, fig: Figure) -> None:
    names = [str(place.model.index(row, 0).data()) for row in range(place.model.rowCount())]
    if not names:
        raise RuntimeError("the people list is empty")
    step = max(1, len(names) // 5)
    picked = [names[i] for i in range(step // 2, len(names), step)][:5]
    for _ in range(repeat):
        for name in picked:
            for end in range(1, min(len(name), 8) + 1):
                with timer() as elapsed:
                    place.search.setText(name[:end])
                    app.processEvents()
                fig.samples.append(elapsed() * 1000)
            place.search.setText("")
            app.processEvents()
    fig.note = (
        f"PeoplePlace over {len(names):,} people: search.setText(prefix) + processEvents, "
        f"every keystroke of up to 8 letters of {', '.join(picked)}"
    )


def busiest_person(copy: Path) -> tuple[int, int]:
    """(id, timeline entries) of the live person with the most entries."""
    query = """
        SELECT contact_id, count(*) AS n FROM (
            SELECT p.contact_id FROM interaction_participants AS p
              JOIN interactions AS i ON i.id = p.interaction_id WHERE i.deleted_at IS NULL
            UNION ALL SELECT contact_id FROM favors WHERE deleted_at IS NULL
            UNION ALL SELECT contact_id FROM journal_entries
             WHERE deleted_at IS NULL AND contact_id IS NOT NULL)
        JOIN contacts ON contacts.id = contact_id WHERE contacts.deleted_at IS NULL
        GROUP BY contact_id ORDER BY n DESC LIMIT 1"""
    with sqlite3.connect(copy) as connection:
        contact_id, count = connection.execute(query).fetchone()
    connection.close()
    return int(contact_id), int(count)


def top_up(journal: store.Journal, contact_id: int, count: int, today: dt.date) -> None:
    """Give a person `count` more favors, in one unit of work through the models."""
    from app.core.enums import Direction, Expectation
    from app.core.models import Favor

    with journal.session() as session:
        session.add_all(
            Favor(
                contact_id=contact_id,
                direction=Direction.GIVEN if n % 2 else Direction.RECEIVED,
                occurred_on=today - dt.timedelta(days=n % 2000),
                description=f"bench favor {n}",
                weight=1 + n % 5,
                expectation=Expectation.NONE,
            )
            for n in range(count)
        )


def open_person(
    app: Any, place: Any, contact_id: int, entries: int, repeat: int, fig: Figure
) -> None:
    from app.ui.kit.rows_model import ID_ROLE

    ids = [int(place.model.index(row, 0).data(ID_ROLE)) for row in range(place.model.rowCount())]
    other = next(i for i in ids if i != contact_id)
    for _ in range(repeat + 1):  # the first is a warm-up
        place.select_person(other)
        app.processEvents()
        with timer() as elapsed:
            place.select_person(contact_id)
            app.processEvents()
        fig.samples.append(elapsed() * 1000)
    fig.samples.pop(0)
    shown = place.page.timeline.model().rowCount()
    fig.note = (
        f"PeoplePlace.select_person + processEvents, person {contact_id} with {entries:,} "
        f"entries ({shown:,} timeline rows shown), from another person"
    )


def log_one_favor(journal: store.Journal, contact_id: int, repeat: int, fig: Figure) -> None:
    from app.core.records import FavorFields
    from app.core.services import moments, prompts

    today = dt.date.today()
    for n in range(repeat + 1):  # the first is a warm-up
        fields = FavorFields(contact_id, "given", today, f"bench favor {n}", 2)
        with timer() as elapsed:
            moments.log_favor(journal, fields)
            prompts.reflections(journal, today, contact_ids=[contact_id])
        fig.samples.append(elapsed() * 1000)
    fig.samples.pop(0)
    fig.note = (
        f"log_favor + reflections(contact_ids=[{contact_id}]); floor: sqlite3 INSERT + commit"
    )


def bare_insert(copy: Path, repeat: int, fig: Figure) -> None:
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE IF NOT EXISTS bench_scratch (id INTEGER PRIMARY KEY, v)")
        for n in range(repeat + 1):
            with timer() as elapsed:
                connection.execute("BEGIN")
                connection.execute("INSERT INTO bench_scratch (v) VALUES (?)", (n,))
                connection.execute("COMMIT")
            fig.floor.append(elapsed() * 1000)
        fig.floor.pop(0)
    finally:
        connection.close()


def typical_person(journal: store.Journal) -> int:
    """A person in the middle of the people list by favors given and received."""
    from app.core.services import contacts

    rows = contacts.list_contacts(journal)
    rows.sort(key=lambda r: (r.favors_given + r.favors_received, r.id))
    return int(rows[len(rows) // 2].id)


def in_process(demo: Demo, work: Path, repeat: int, figs: dict[str, Figure]) -> None:
    """Figures 2-6, on one fresh copy, read-only figures before the ones that write."""
    copy = fresh_copy(demo.path, work, "inprocess.kith")
    journal = store.open_journal(copy)
    try:
        guard(
            figs["reflection"], lambda: reflection(journal, demo, copy, repeat, figs["reflection"])
        )
        guard(figs["export"], lambda: export(journal, copy, work, repeat, figs["export"]))
        contact_id, entries = busiest_person(copy)
        if entries < TIMELINE_ENTRIES:
            top_up(journal, contact_id, TIMELINE_ENTRIES - entries, demo.today)
            entries = TIMELINE_ENTRIES
        guard(figs["search"], lambda: window_figures(journal, contact_id, entries, repeat, figs))
        guard(
            figs["find"],
            lambda: find_and_capture.find_everywhere(journal, repeat, figs["find"], timer),
        )
        person = typical_person(journal)
        guard(figs["log"], lambda: log_one_favor(journal, person, repeat, figs["log"]))
    finally:
        journal.close()
    guard(figs["log"], lambda: bare_insert(copy, repeat, figs["log"]), keep=True)


def window_figures(
    journal: store.Journal, contact_id: int, entries: int, repeat: int, figs: dict[str, Figure]
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.bus import ChangeBus
    from app.ui.people.place import PeoplePlace

    app = QApplication.instance() or QApplication(sys.argv)
    place = PeoplePlace(journal, ChangeBus())
    place.resize(1200, 800)
    place.show()
    _settle(app, place)
    try:
        guard(figs["search"], lambda: search(app, place, repeat, figs["search"]))
        _settle(app, place)
        guard(
            figs["open"],
            lambda: open_person(app, place, contact_id, entries, repeat, figs["open"]),
        )
        _settle(app, place)
    finally:
        place.wait_for_work()
        place.close()
        place.deleteLater()
        app.processEvents()


def import_rows(demo: Demo, work: Path, repeat: int, fig: Figure) -> None:
    from app.core.csvio import export_journal, import_kith_csv

    folder = demo.path.with_name(demo.path.stem + "-export")
    if not folder.exists():
        building = demo.path.with_name(f"exporting-{os.getpid()}")
        copy = fresh_copy(demo.path, work, "to-export.kith")
        with store.open_journal(copy) as journal:
            export_journal(journal, building, as_of=demo.today)
        building.rename(folder)
    rows = 0
    for run in range(repeat):
        target = work / f"import-{run}.kith"
        store.create_journal(target).close()
        with store.open_journal(target) as journal, timer() as elapsed:
            summary = import_kith_csv(journal, folder)
        rows = sum(summary.plan.rows.values())
        fig.samples.append(rows / elapsed())
        fig.name = f"import {rows:,} CSV rows"
        for extra in ("", "-wal", "-shm", ".lock"):
            Path(str(target) + extra).unlink(missing_ok=True)
    fig.note = (
        f"import_kith_csv of {rows:,} CSV rows (demo {demo.contacts:,} people / "
        f"{demo.events:,} entries, exported) into an empty journal"
    )


def guard(fig: Figure, work: Callable[[], None], *, keep: bool = False) -> None:
    """Run `work`; a failure becomes the figure's "error: ..." instead of ending the run."""
    try:
        work()
    except Exception as error:  # any failure is a row of the table, not the end of the run
        message = f"error: {type(error).__name__}: {error}"
        if not (keep and fig.error):
            fig.error = message[:200]
        print(f"  {fig.name}: {message}", file=sys.stderr, flush=True)


# ---- the whole --------------------------------------------------------------------------------


def figures() -> dict[str, Figure]:
    return {
        "start": Figure(
            "cold start to a usable window",
            "s",
            "≤ 2× floor (bare QMainWindow)",
            lambda _m, r: r is not None and r <= 2,
        ),
        "search": Figure(
            "search-as-you-type, per keystroke", "ms", "≤ 16 ms", lambda m, _r: m <= 16
        ),
        "open": Figure(
            f"open a person with {TIMELINE_ENTRIES:,} entries",
            "ms",
            "≤ 50 ms",
            lambda m, _r: m <= 50,
        ),
        "reflection": Figure(
            "reflection pass, whole journal", "s", "≤ 0.5 s", lambda m, _r: m <= 0.5
        ),
        "log": Figure("log one favor + re-evaluate", "ms", "≤ 10 ms median", lambda m, _r: m <= 10),
        "export": Figure(
            "CSV export, whole journal",
            "s",
            "≤ 2× floor (sqlite3 -csv)",
            lambda _m, r: r is not None and r <= 2,
        ),
        "import": Figure(
            "import ~100,000 CSV rows", "rows/s", "≥ 50,000 rows/s", lambda m, _r: m >= 50_000
        ),
        "find": Figure(
            "find everywhere, per keystroke", "ms", "≤ 16 ms median", lambda m, _r: m <= 16
        ),
        "index": Figure("build the search index (upgrade)", "s", "≤ 30 s", lambda m, _r: m <= 30),
        "mbox": Figure(
            "drafts from a 100,000-message mbox",
            "rows/s",
            # A heavy year of mail (20,000 messages) read in under 4 s.
            "≥ 5,000 messages/s",
            lambda m, _r: m >= 5_000,
        ),
        "chat": Figure(
            "drafts from a 200,000-line chat",
            "rows/s",
            # Years of a busy chat (200,000 lines) in under 4 s.
            "≥ 50,000 lines/s",
            lambda m, _r: m >= 50_000,
        ),
        "capture_memory": Figure(
            "peak memory reading those exports",
            "MB",
            "≤ 2× floor (idle reader)",
            lambda _m, r: r is not None and r <= 2,
        ),
        "quick_log": Figure(
            "quick log reading, per keystroke", "ms", "≤ 16 ms median", lambda m, _r: m <= 16
        ),
        "memory": Figure(
            "peak memory, large journal open",
            "MB",
            "≤ 2.5× floor (bare window)",
            lambda _m, r: r is not None and r <= 2.5,
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--small", action="store_true", help="a 1,000/20,000 journal (quick)")
    parser.add_argument("--repeat", type=int, default=5, help="samples per figure (5)")
    parser.add_argument(
        "--process-repeat", type=int, default=3, help="samples per whole-process figure (3)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "kith-bench", metavar="DIR"
    )
    parser.add_argument(
        "--json", type=Path, default=os.environ.get("KITH_BENCH_JSON") or None, metavar="FILE"
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="KEYS",
        help="measure only the steps holding these figures (comma-separated keys)",
    )
    args = parser.parse_args(argv)
    repeat, runs = max(1, args.repeat), max(1, args.process_repeat)
    contacts, events = SMALL if args.small else LARGE
    figs = figures()
    started = time.perf_counter()
    demo = cached_demo(args.cache.expanduser(), args.seed, contacts, events)
    import_demo = (
        demo if args.small else cached_demo(args.cache.expanduser(), args.seed, *IMPORT_LARGE)
    )
    print(f"journal: {demo.path} ({demo.contacts:,} people, {demo.events:,} entries)", flush=True)
    with tempfile.TemporaryDirectory(prefix="kith-bench-") as scratch:
        work = Path(scratch)
        steps: list[tuple[str, list[str], Callable[[], None]]] = [
            (
                "start-up and memory",
                ["start", "memory"],
                lambda: startup_and_memory(demo, work, runs, figs["start"], figs["memory"]),
            ),
            (
                "in-process figures",
                ["reflection", "export", "search", "open", "log", "find"],
                lambda: in_process(demo, work, repeat, figs),
            ),
            (
                "import",
                ["import"],
                lambda: import_rows(import_demo, work, repeat, figs["import"]),
            ),
            (
                "search index",
                ["index"],
                lambda: find_and_capture.index_build(
                    fresh_copy(demo.path, work, "older.kith"), figs["index"], timer
                ),
            ),
            (
                "capture",
                ["mbox", "chat", "capture_memory", "quick_log"],
                lambda: find_and_capture.capture(demo.path, max(1, repeat // 5), figs, timer),
            ),
        ]
        only = {key for key in args.only.split(",") if key}
        for label, keys, step in steps:
            if only and not only & set(keys):
                continue
            print(f"measuring {label} …", flush=True)
            try:
                step()
            except Exception as error:  # every figure of the step not yet measured
                print(f"  {label}: error: {type(error).__name__}: {error}", file=sys.stderr)
                for key in keys:
                    if not figs[key].samples and not figs[key].error:
                        figs[key].error = f"error: {type(error).__name__}: {error}"[:200]
    table = render(list(figs.values()))
    print()
    print(table)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    if args.json:
        report = {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {
                "platform": platform.platform(),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            "journal": {
                "path": str(demo.path),
                "contacts": demo.contacts,
                "events": demo.events,
                "seed": args.seed,
                "built_on": demo.today.isoformat(),
            },
            "repeat": repeat,
            "process_repeat": runs,
            "figures": [fig.as_json() for fig in figs.values()],
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
