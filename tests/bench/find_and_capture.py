"""The benchmark's figures of full-text search (issue 17) and capture (issue 16).

Kept apart from kith_bench.py, which calls them: the index build on an older copy
of the large journal, a Find everywhere query per keystroke with its results on
screen, drafts from a big mbox and chat export (rate, and the reader's peak memory
against an idle reader's), and the quick log's reading per keystroke.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import capture_bench
from alembic import command
from sqlalchemy import create_engine

from app.core import migrate, store

# Words a user might look for in the demo's texts, typed a letter at a time.
TYPED = ("coffee", "climbing", "birthday", "moving house", "garcia", "jose", "lindqvist")


def _size_vacuumed(path: Path) -> int:
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("VACUUM")
    return path.stat().st_size


def index_build(copy: Path, fig: Any, timer: Callable[[], Any]) -> None:
    """Time the upgrade that builds the search index, on a copy taken back to 0004."""
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0004")
    finally:
        engine.dispose()
    before = _size_vacuumed(copy)
    with timer() as elapsed:
        store.open_journal(copy).close()  # what a user waits for: backup, then migrate
    fig.samples.append(elapsed())
    for extra in ("-wal", "-shm"):
        Path(str(copy) + extra).unlink(missing_ok=True)
    after = _size_vacuumed(copy)
    grown = (after - before) / 1e6
    fig.note = (
        f"opening a copy at revision 0004 (backup kept first, then the 17search migration); "
        f"the file grows by {grown:.0f} MB ({before / 1e6:.0f} → {after / 1e6:.0f} MB, vacuumed)"
    )


def find_everywhere(
    journal: store.Journal, repeat: int, fig: Any, timer: Callable[[], Any]
) -> None:
    """Each keystroke: the box's text set, the search run, the results painted."""
    from PySide6.QtWidgets import QApplication

    from app.ui.dialogs.search_dialog import SearchDialog

    app = QApplication.instance()
    assert app is not None
    dialog = SearchDialog(journal)
    dialog.show()
    app.processEvents()
    shown = 0
    try:
        for _ in range(repeat):
            for word in TYPED:
                for end in range(1, len(word) + 1):
                    with timer() as elapsed:
                        dialog.box.setText(word[:end])
                        dialog.run_search()  # what the box's zero timer calls
                        dialog.results.viewport().repaint()
                    fig.samples.append(elapsed() * 1000)
                    shown = max(shown, dialog.model.rowCount())
                dialog.box.setText("")
                app.processEvents()
    finally:
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    fig.note = (
        "SearchDialog over the large journal: setText(prefix) + run_search + repaint of "
        f"the results, every keystroke of {', '.join(TYPED)} (up to {shown} result rows)"
    )


def capture(
    journal_path: Path, repeat: int, figs: dict[str, Any], timer: Callable[[], Any]
) -> None:
    """Drafts from a 100,000-message mbox and a 200,000-line chat, and the quick log."""
    with tempfile.TemporaryDirectory(prefix="kith-capture-") as scratch:
        report = capture_bench.read_figures(
            Path(scratch), capture_bench.MBOX_MESSAGES, capture_bench.CHAT_LINES, repeat
        )
    floor = float(report["floor_mb"])  # type: ignore[arg-type]
    peaks = []
    for key, rate_fig in (("mbox", figs["mbox"]), ("chat", figs["chat"])):
        measured: dict[str, float] = report[key]  # type: ignore[assignment]
        peaks.append(measured["peak_mb"])
        rate_fig.samples.append(measured["rows_per_s"])
        rate_fig.note = (
            f"{measured['rows']:,} {'messages' if key == 'mbox' else 'lines'}, "
            f"{measured['bytes'] / 1e6:.0f} MB, read in a process of its own; "
            f"peak {measured['peak_mb']:.0f} MB"
        )
    figs["capture_memory"].samples.append(max(peaks))
    figs["capture_memory"].floor.append(floor)
    figs[
        "capture_memory"
    ].note = "the larger of the two readers' peaks; floor: a process that only imports the readers"
    started = time.perf_counter()
    figs["quick_log"].samples.extend(capture_bench.keystroke_figures(journal_path, repeat))
    figs["quick_log"].note = (
        "QuickLog.read of every prefix of "
        f"{len(capture_bench.LINES_TYPED)} lines against the large journal's people "
        f"({time.perf_counter() - started:.0f} s in all)"
    )
