"""Importing a Kith CSV export: a full restore, or a merge into a journal in use.

Into an empty journal (no records at all, trash included) the export is
restored as it was, ids kept, so that exporting again gives the same bytes.
Into a journal that has records, it is merged: every record gets a new id and
every reference follows it, and a person who is obviously someone already in
the journal (see `matching`) is not added again: what the files say about
them points at the existing person instead.

All or nothing, in one transaction: a failure anywhere leaves the journal as
it was. The check (`kith_scan`) reads every row and remembers only ids and
what references need, a few bytes a row; it reports every problem it finds,
up to fifty, and how many more. A merge, or a preview the user confirms,
takes two passes: the check, then (`kith_write`) the files read again and
inserted in batches. A restore of a folder up to `ONE_PASS_UP_TO` takes one:
each row goes in as soon as it checks out, and the first problem stops the
writing (a fifth less time for 100,000 rows: every row was parsed twice).
Its new pages stay in SQLite's memory until the commit, so a refused one
writes nothing to disk; past that size the two passes keep memory flat.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from app.core.changes import Changed, changed
from app.core.csvio import format as f
from app.core.csvio.kith_scan import CHANGED, PersonMatch, Scan
from app.core.csvio.kith_write import check_and_write, write_rows
from app.core.csvio.known_records import Tally, tally
from app.core.csvio.matching import PersonMatcher, journal_matcher
from app.core.errors import CsvImportError, access_error
from app.core.kinds import BY_KEY
from app.core.services.overview import holds_nothing
from app.core.store import Journal

RESTORE, MERGE = "restore", "merge"
# A restore of a folder up to this size is checked and written in one pass. Its
# new pages wait in memory until the commit: about twice the files' size.
ONE_PASS_UP_TO = 16 * 2**20

__all__ = [
    "MERGE",
    "RESTORE",
    "ImportSummary",
    "KithImportPlan",
    "PersonMatch",
    "import_kith_csv",
    "preview_kith_csv",
]


@dataclass(frozen=True)
class KithImportPlan:
    """What importing a folder would do, found without writing anything."""

    folder: Path
    mode: str  # RESTORE (into an empty journal, ids kept) or MERGE (new ids)
    rows: dict[str, int]  # by file name, e.g. {"favors.csv": 120, ...}
    matches: tuple[PersonMatch, ...]  # people already in the journal (merge only)
    merged_memberships: int  # memberships that became one when people matched
    # A merge's preview: by file, how many records are new, already there or conflicting.
    known: dict[str, Tally] = field(default_factory=dict)
    # What the check found, so that importing right after need not check again.
    _scan: Scan | None = field(default=None, compare=False, repr=False)

    @property
    def new_people(self) -> int:
        """How many people of contacts.csv the import adds (the rest are matched)."""
        return self.rows[f.CONTACTS.name] - len(self.matches)

    def lines(self) -> list[str]:
        """The plan in a few sentences, for the CLI and the import dialog."""
        if self.mode == RESTORE:
            lines = [f"Full restore of {self.folder} into an empty journal; ids are kept."]
        else:
            lines = [
                f"Merge of {self.folder} into a journal that already has records; "
                "every record gets a new id."
            ]
        lines.append(
            f"people: {self.rows[f.CONTACTS.name]} "
            f"({self.new_people} new, {len(self.matches)} already in the journal)"
        )
        for spec in f.IMPORTED[1:]:
            line = f"{spec.what}: {self.rows[spec.name]}"
            seen = self.known.get(spec.name)
            if seen is not None and self.rows[spec.name]:
                line += f" ({seen.new} new, {seen.there} already in the journal"
                line += f", {seen.conflicting} conflicting)" if seen.conflicting else ")"
            lines.append(line)
        if any(seen.conflicting for seen in self.known.values()):
            lines.append(
                "conflicting: already in the journal with other details; "
                "the journal's version is kept"
            )
        if self.merged_memberships:
            lines.append(f"memberships made one by matching people: {self.merged_memberships}")
        return lines


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; `changed` is for the window's change bus."""

    plan: KithImportPlan
    seconds: float
    changed: Changed

    def __str__(self) -> str:
        rows = sum(self.plan.rows.values())
        return f"imported {rows} rows from {self.plan.folder} in {self.seconds:.1f} s"


def preview_kith_csv(
    journal: Journal | None,
    folder: Path,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> KithImportPlan:
    """Check every file of the export in `folder` and say what importing it would do.

    `journal` None stands for a new, empty journal. Raises CsvImportError
    listing the problems when the folder cannot be imported. Writes nothing.
    """
    folder = Path(folder)
    if journal is None:
        return _plan(Scan(folder, None, progress, cancelled))
    try:
        with journal.engine.connect() as connection, connection.begin():
            scan = Scan(folder, _matcher(connection), progress, cancelled)
            plan = _plan(scan)
            if scan.matcher is not None:
                plan = replace(plan, known=tally(scan, connection))
    except (OperationalError, sqlite3.DatabaseError) as error:
        raise access_error(journal.path, error, "the import could not be checked") from error
    return plan


def import_kith_csv(
    journal: Journal,
    folder: Path,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    plan: KithImportPlan | None = None,
) -> ImportSummary:
    """Import the export in `folder`: all of it, in one transaction, or nothing.

    Every row is checked before it is written (see the module's note on one
    pass and two), unless `plan` comes from `preview_kith_csv` of the same
    folder and neither the files nor the journal's people have changed since:
    then its checks stand and only the writing pass runs.
    Raises CsvImportError listing the problems found, OperationCancelledError if
    `cancelled()` turned True, JournalAccessError if the journal could not be
    written; in each case nothing was imported.
    """
    started = time.perf_counter()
    folder = Path(folder)
    try:
        with journal.engine.connect() as connection:
            one_pass = (
                plan is None and _size(folder) <= ONE_PASS_UP_TO and holds_nothing(connection)
            )
            connection.rollback()  # that look began a transaction; the pragma needs none
            with _pages_in_memory(connection, one_pass), connection.begin():
                # A favor may repay one listed after it: references are checked at commit.
                connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                matcher = _matcher(connection)
                scan = plan._scan if plan is not None else None
                if plan is not None and scan is not None and scan.still_valid(folder, matcher):
                    scan.resume(progress, cancelled)
                    write_rows(scan, connection)
                elif matcher is None and one_pass:
                    scan = Scan(folder, None, progress, cancelled)
                    check_and_write(scan, connection)
                    plan = _plan_of(scan)
                else:
                    scan = Scan(folder, matcher, progress, cancelled, span=0.5)
                    plan = _plan(scan)
                    write_rows(scan, connection)
    except IntegrityError as error:
        # Only if the files changed between the passes: the first checked every reference.
        raise CsvImportError([CHANGED]) from error
    except (OperationalError, sqlite3.OperationalError) as error:
        raise access_error(journal.path, error, "nothing was imported") from error
    return ImportSummary(plan, time.perf_counter() - started, changed(*BY_KEY))


def _plan(scan: Scan) -> KithImportPlan:
    scan.check()
    return _plan_of(scan)


def _plan_of(scan: Scan) -> KithImportPlan:
    return KithImportPlan(
        scan.folder,
        RESTORE if scan.matcher is None else MERGE,
        dict(scan.rows),
        tuple(scan.matches),
        scan.merged_memberships,
        _scan=scan,
    )


def _size(folder: Path) -> int:
    """How many bytes the folder's files hold (0 for what cannot be read)."""
    total = 0
    for spec in f.IMPORTED:
        with contextlib.suppress(OSError):
            total += (folder / spec.name).stat().st_size
    return total


@contextlib.contextmanager
def _pages_in_memory(connection: Connection, keep: bool) -> Iterator[None]:
    """With `keep`, the transaction opened inside keeps its new pages in SQLite's
    cache until the commit, instead of writing them to the WAL once the cache is
    full. Set on the driver's connection before BEGIN: inside a transaction,
    SQLite takes the setting but goes on spilling. (Only for the one pass: a
    merge's pages would include every index page of a big journal it touches.)"""
    if not keep:
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA cache_spill = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA cache_spill = ON")


def _matcher(connection: Connection) -> PersonMatcher | None:
    """People to match against, or None when the journal is empty (a full restore)."""
    return None if holds_nothing(connection) else journal_matcher(connection)
