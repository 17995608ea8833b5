"""Export: the whole journal as the eight CSV files of docs/data-model.md, in a new folder.

Rows stream straight from SQLite to the files: each file is one column select
whose cells SQLite already spells as the contract wants (neutralised text,
`yes`/`no`, timestamps, ids joined by `;`), read in batches and handed to the
csv writer, so memory stays flat however big the journal is. All eight files
come from one read transaction, so they agree with each other even if the
journal changes meanwhile.

What is in the trash is left out, and so is what would point at it: the
favors and memberships of a trashed person, a trashed person among a moment's
or joint action's participants (a moment left with nobody is left out), the
memberships and joint actions of a trashed coalition. A reflection about a
trashed person or coalition is kept, without that subject. So every export
imports back cleanly.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from app.core import clock
from app.core.csvio import format as f
from app.core.csvio.export_queries import queries, trashed_people
from app.core.csvio.tables import TABLES
from app.core.errors import (
    JournalAccessError,
    JournalExistsError,
    OperationCancelledError,
    access_error,
)
from app.core.paths import make_private_folder
from app.core.store import Journal

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]
_BATCH = 5_000


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: where, how many rows in each file, how long it took."""

    folder: Path
    rows: dict[str, int]  # by file name, e.g. {"contacts.csv": 40, ...}
    seconds: float

    def __str__(self) -> str:
        counts = ", ".join(f"{self.rows[spec.name]} {spec.what}" for spec in f.IMPORTED)
        return f"exported to {self.folder}: {counts} ({self.seconds:.1f} s)"


def default_export_folder(journal_name: str, parent: Path, today: dt.date | None = None) -> Path:
    """`<journal>-export-YYYY-MM-DD` in `parent`, or `-2`, `-3`... when that is taken."""
    base = f"{journal_name}-export-{(today or clock.today()).isoformat()}"
    candidate = parent / base
    number = 1
    while candidate.exists():
        number += 1
        candidate = parent / f"{base}-{number}"
    return candidate


def export_journal(
    journal: Journal,
    folder: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    as_of: dt.date | None = None,
) -> ExportSummary:
    """Write the journal's live records to a new `folder` as Kith CSV.

    `summary.csv` carries each person's transactional index as of `as_of`
    (default: today).

    Refuses with JournalExistsError if `folder` exists (an export never
    overwrites). The folder and files are private to their owner. `progress`
    is called with the fraction done; `cancelled`, if it returns True, stops the
    export with OperationCancelledError. On any failure the half-written folder
    is removed again.
    """
    started = time.perf_counter()
    folder = Path(folder).expanduser().absolute()
    if folder.exists():
        raise JournalExistsError(f"{folder} already exists; Kith will not overwrite it.")
    try:
        make_private_folder(folder.parent)
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # whatever the umask
    except FileExistsError as error:
        raise JournalExistsError(f"{folder} already exists; Kith will not overwrite it.") from error
    except OSError as error:
        raise JournalAccessError(f"Kith cannot create {folder}: {error.strerror}.") from error
    written: list[Path] = []
    try:
        rows = _write_all(journal, folder, written, progress, cancelled, as_of)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()
        raise
    return ExportSummary(folder, rows, time.perf_counter() - started)


def _write_all(
    journal: Journal,
    folder: Path,
    written: list[Path],
    progress: Progress | None,
    cancelled: Cancelled | None,
    as_of: dt.date | None,
) -> dict[str, int]:
    from app.core.services.prompts import readings

    report = progress or (lambda _fraction: None)
    report(0.0)
    rows: dict[str, int] = {}
    try:
        # Lean readings: the summary needs each person's index, not their evidence.
        # (Run beside the other files in a thread, the export took 4.5 s instead of
        # 3.4 s on the 500k demo: SQLite and the csv writer only contended.)
        indexes = {
            cid: r.index for cid, r in readings(journal, as_of or clock.today(), lean=True).items()
        }
        with journal.engine.connect() as connection, connection.begin():
            total = max(1, _estimate(connection))
            trash = connection.execute(trashed_people().limit(1)).first() is not None
            done = 0
            for spec, statement in queries(trash):
                path = folder / spec.name
                written.append(path)
                count = 0
                for batch in _write_file(connection, path, spec, statement, indexes):
                    count += batch
                    done += batch
                    report(min(done / total, 1.0))
                    if cancelled is not None and cancelled():
                        raise OperationCancelledError("The export was cancelled; nothing was kept.")
                rows[spec.name] = count
    except (OperationalError, sqlite3.DatabaseError) as error:
        raise access_error(journal.path, error, "the export was not written") from error
    report(1.0)
    return rows


def _write_file(
    connection: Connection,
    path: Path,
    spec: f.CsvFile,
    statement: Select[Any],
    indexes: dict[int, int],
) -> Iterator[int]:
    """Stream `statement` into a new file at `path`; yields each batch's row count."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise JournalAccessError(f"Kith cannot create {path}: {error.strerror}.") from error
    try:
        with open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
            # The BOM by hand: the utf-8-sig codec encodes in Python, write by write.
            # The column names are plain words: the header needs no quoting.
            out.write(f.BOM + ",".join(spec.columns) + f.LINE_END)
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator=f.LINE_END)
            for batch in _batches(connection, statement):
                if spec is f.INTERACTIONS:
                    # A moment whose people are all in the trash is about no one
                    # visible. Filtered here: in SQL it costs a second group_concat.
                    batch = [row for row in batch if row[-1] is not None]
                elif spec is f.SUMMARY:
                    at = spec.columns.index("transactional_index")
                    batch = [(*row[:at], indexes.get(row[0]), *row[at + 1 :]) for row in batch]
                writer.writerows(batch)
                out.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
                yield len(batch)
    except OSError as error:
        raise JournalAccessError(
            f"Kith could not write {path} ({error.strerror}); the export was removed."
        ) from error


def _batches(connection: Connection, statement: Select[Any]) -> Iterator[list[Any]]:
    """The rows of `statement` in batches, as the driver's plain tuples.

    Straight from the DBAPI cursor, inside the connection's transaction:
    SQLAlchemy's Row objects cost about 0.4 s of the 4 s that the 500,000-event
    demo takes to export, and these selects need none of its type processing.
    """
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        while batch := cursor.fetchmany(_BATCH):
            yield batch
    finally:
        cursor.close()


def _estimate(connection: Connection) -> int:
    """Roughly how many rows the export will write, for the progress bar."""
    counts = {
        name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in TABLES.items()
    }
    return sum(counts.values()) + counts[f.CONTACTS.name]  # summary.csv: a row a person
