"""Rotating daily backups and the list of a journal's backups (restoring: backup_restore).

Which files count: the backups of a journal are the files in `backups/` beside it
named `<journal name>-<YYYYMMDD>-<HHMMSS>[-<reason>][-<n>].kith`, as
`backup.default_backup_path` names them; the time in the name (UTC) is when the
backup was taken. The reason gives the kind: `daily` (rotating), `before-upgrade…`,
`before-restore…`, anything else (or none: `kith backup`) is manual.

Only daily backups are ever thinned. Among them Kith keeps the newest of each of
the last `daily` days that have one, the newest of each of the last `weekly` ISO
weeks, and the newest of each of the last `monthly` months (days, weeks and months
in local time; one backup may serve several rules), and always the newest of all.
Backups taken before an upgrade or a restore, and manual ones, are never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
import sqlite3
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core import backup, clock
from app.core.backup_health import header_problem
from app.core.errors import (
    PassphraseNeededError,
    ValidationError,
    WrongPassphraseError,
)
from app.core.kinds import BY_KEY
from app.core.models import table_of
from app.core.paths import JOURNAL_SUFFIX, backups_dir
from app.core.services.overview import COUNTED
from app.core.services.settings import retention_numbers
from app.core.store import APPLICATION_ID, Journal

DAILY = "daily"
BEFORE_RESTORE = "before-restore"
# `kith check` warns when no backup is newer than this.
RECENT_DAYS = 8
_STAMP = "%Y%m%d-%H%M%S"


class BackupKind(enum.StrEnum):
    """Why a backup was taken, in the words shown to a person."""

    DAILY = "daily"
    BEFORE_UPGRADE = "before upgrade"
    BEFORE_RESTORE = "before restore"
    MANUAL = "manual"


@dataclass(frozen=True)
class Retention:
    """How many rotating backups to keep: the newest of so many days, weeks and months."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def __post_init__(self) -> None:
        for name in ("daily", "weekly", "monthly"):
            if getattr(self, name) < 0:
                raise ValidationError(name, f"The number of {name} backups cannot be negative.")


@dataclass(frozen=True)
class BackupFile:
    """One backup of a journal, known from its name alone."""

    path: Path
    taken_at: dt.datetime  # timezone-aware UTC
    kind: BackupKind


@dataclass(frozen=True)
class BackupInfo:
    """A backup with its size and live record counts, or the reason it cannot be used."""

    path: Path
    taken_at: dt.datetime
    kind: BackupKind
    size: int
    counts: dict[str, int]  # live records by COUNTED kind; empty when it has a problem
    problem: str | None = None  # e.g. "damaged (…)"; None for a sound backup

    def counts_text(self) -> str:
        """`people 40, moments 800, …` in display order (people always, others when
        there are some), or the problem."""
        if self.problem is not None:
            return self.problem
        return ", ".join(
            f"{COUNTED[kind]} {self.counts.get(kind, 0)}"
            for kind in COUNTED
            if kind == "contact" or self.counts.get(kind)
        )


@dataclass(frozen=True)
class Rotation:
    """What one rotation did: the backup it wrote (if any) and the ones it thinned away."""

    written: Path | None
    removed: tuple[Path, ...]
    skipped: str | None = None  # why nothing was written, in words


# ---- which files are a journal's backups ---------------------------------------------------


def backup_files(journal_path: Path) -> list[BackupFile]:
    """The journal's backups in `backups/` beside it, newest first (by the time in the name)."""
    journal_path = Path(journal_path).expanduser().absolute()
    pattern = re.compile(
        rf"{re.escape(journal_path.stem)}-(\d{{8}}-\d{{6}})(?:-(.+))?{re.escape(JOURNAL_SUFFIX)}"
    )
    found: list[BackupFile] = []
    with contextlib.suppress(OSError):  # no backups folder yet: no backups
        for path in backups_dir(journal_path).iterdir():
            match = pattern.fullmatch(path.name)
            if match is None or not path.is_file():
                continue
            try:
                taken = dt.datetime.strptime(match[1], _STAMP).replace(tzinfo=dt.UTC)
            except ValueError:
                continue
            found.append(BackupFile(path, taken, _kind_of(match[2] or "")))
    return sorted(found, key=lambda f: (f.taken_at, f.path.name), reverse=True)


def _kind_of(reason: str) -> BackupKind:
    # A reason may carry a counter (`daily-2`) or details (`before-upgrade-from-0001`).
    if re.fullmatch(rf"{DAILY}(-\d+)?", reason):
        return BackupKind.DAILY
    if reason.startswith("before-upgrade"):
        return BackupKind.BEFORE_UPGRADE
    if reason.startswith(BEFORE_RESTORE):
        return BackupKind.BEFORE_RESTORE
    return BackupKind.MANUAL


# ---- rotation --------------------------------------------------------------------------------


def thinning_plan(
    files: Sequence[BackupFile], retention: Retention, tz: dt.tzinfo | None = None
) -> tuple[list[BackupFile], list[BackupFile]]:
    """Split the daily backups among `files` into (kept, removed) by `retention`.

    Other kinds are in neither list: they are never thinned. `tz` is the zone whose
    days, weeks and months count (None: the computer's own).
    """
    daily = sorted(
        (f for f in files if f.kind is BackupKind.DAILY),
        key=lambda f: (f.taken_at, f.path.name),
        reverse=True,
    )
    keep = {daily[0].path} if daily else set()
    buckets: list[tuple[int, Callable[[dt.datetime], Hashable]]] = [
        (retention.daily, lambda t: t.date()),
        (retention.weekly, lambda t: t.isocalendar()[:2]),
        (retention.monthly, lambda t: (t.year, t.month)),
    ]
    for count, bucket in buckets:
        seen: set[Hashable] = set()
        for file in daily:  # newest first: the first of a bucket is its newest
            key = bucket(file.taken_at.astimezone(tz))
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(file.path)
    return [f for f in daily if f.path in keep], [f for f in daily if f.path not in keep]


def backed_up_today(
    journal_path: Path, now: dt.datetime | None = None, tz: dt.tzinfo | None = None
) -> bool:
    """Whether a daily backup of the journal was already taken on `now`'s local day."""
    today = (now or clock.now_utc()).astimezone(tz).date()
    return any(
        f.kind is BackupKind.DAILY and f.taken_at.astimezone(tz).date() == today
        for f in sound_backup_files(journal_path)
    )


def sound_backup_files(journal_path: Path) -> list[BackupFile]:
    """`backup_files` without the ones whose file is cut short or not a journal:
    only these count as today's backup, are kept when thinning, or are the newest."""
    return [f for f in backup_files(journal_path) if header_problem(f.path) is None]


def rotate(
    journal: Journal,
    retention: Retention = Retention(),
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> Rotation:
    """Take today's daily backup of an open journal unless there is one, then thin.

    An empty journal is not backed up (there is nothing to lose). Raises a KithError
    (e.g. a full disk) when the backup cannot be written; nothing is thinned then.
    Safe to run off the UI thread: it reads the journal through its own connection.
    """
    now = now or clock.now_utc()
    written: Path | None = None
    skipped: str | None = None
    if backed_up_today(journal.path, now, tz):
        skipped = "a backup was already taken today"
    elif _is_empty(journal.path, journal.key):
        skipped = "the journal is empty"
    else:
        out = backup.default_backup_path(journal.path, DAILY, now)
        written = backup.backup_file(journal.path, out, key=journal.key)
    # A damaged daily backup is neither kept in place of a sound one nor thinned
    # away unseen: it stays, listed with its problem, until the person deletes it.
    _kept, remove = thinning_plan(sound_backup_files(journal.path), retention, tz)
    removed: list[Path] = []
    for file in remove:
        if file.path != written:
            with contextlib.suppress(FileNotFoundError):
                file.path.unlink()
            removed.append(file.path)
    return Rotation(written, tuple(removed), skipped)


def _is_empty(path: Path, key: str | None) -> bool:
    with backup.read_only_connection(path, key=key) as raw:
        return not any(
            raw.execute(f"SELECT 1 FROM {_table(kind)} LIMIT 1").fetchone() for kind in COUNTED
        )


def _table(kind: str) -> str:
    return table_of(BY_KEY[kind].model).name


# ---- listing --------------------------------------------------------------------------------


def list_backups(
    journal_path: Path, *, key: str | None = None, check: bool = False
) -> list[BackupInfo]:
    """Every backup of the journal, newest first, with size and record counts.

    A backup that is not a Kith journal, is cut short or cannot be counted is
    listed with its problem. `check` adds the full checks on each (`integrity_check`,
    `foreign_key_check`): thorough but slow; a restore checks its backup anyway.
    """
    return [describe(f, key=key, check=check) for f in backup_files(journal_path)]


def describe(file: BackupFile, *, key: str | None = None, check: bool = False) -> BackupInfo:
    """One backup's size and live record counts, or what is wrong with it."""
    try:
        size = file.path.stat().st_size
    except OSError as error:
        return BackupInfo(file.path, file.taken_at, file.kind, 0, {}, f"unreadable ({error})")
    problem = header_problem(file.path)
    if problem is not None:
        return BackupInfo(file.path, file.taken_at, file.kind, size, {}, problem)
    try:
        with backup.read_only_connection(file.path, key=key) as raw:
            problem = backup_problem(raw, "integrity_check" if check else None, size)
            counts = {} if problem else _counts(raw)
    except sqlite3.DatabaseError as error:
        problem, counts = database_problem(error), {}
    except PassphraseNeededError:
        problem, counts = "encrypted: Kith needs the journal's passphrase to read it", {}
    except WrongPassphraseError:
        problem, counts = "encrypted with another passphrase", {}
    return BackupInfo(file.path, file.taken_at, file.kind, size, counts, problem)


def backup_problem(
    raw: sqlite3.Connection, check: str | None, size: int | None = None
) -> str | None:
    """What is wrong with the journal file behind `raw` (not Kith's, cut short to `size`
    bytes, failing the `check` pragma), in a few words; None when nothing is."""
    # int(): an encrypted backup's connection (SQLCipher) may hand pragmas back as text.
    (app_id,) = raw.execute("PRAGMA application_id").fetchone()
    if int(app_id) != APPLICATION_ID:
        return "not a Kith journal"
    if size is not None:
        # A backup is a single file (no WAL): shorter than its own page count says is cut.
        (pages,) = raw.execute("PRAGMA page_count").fetchone()
        (page_size,) = raw.execute("PRAGMA page_size").fetchone()
        if int(pages) * int(page_size) > size:
            return "damaged (the file is cut short)"
    if check is not None:
        if check == "integrity_check":  # the full checks, as a backup is verified
            verdict = backup.verdict_of_connection(raw)
        else:
            rows = raw.execute(f"PRAGMA {check}").fetchmany(5)
            verdict = "; ".join(str(r[0]) for r in rows)
        if verdict != "ok":
            return f"damaged ({verdict})"
    return None


def database_problem(error: sqlite3.DatabaseError) -> str:
    """SQLite's refusal to read a file, in the few words a listing shows."""
    if "not a database" in str(error):
        return "not a Kith journal, or encrypted with another passphrase"
    return f"damaged ({error})"


def _counts(raw: sqlite3.Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in COUNTED:
        table = _table(kind)
        try:
            row = raw.execute(f"SELECT count(*) - count(deleted_at) FROM {table}").fetchone()
        except sqlite3.OperationalError:
            # An old schema (a backup taken before an upgrade) may lack the column or table.
            try:
                row = raw.execute(f"SELECT count(*) FROM {table}").fetchone()
            except sqlite3.OperationalError:
                row = (0,)
        counts[kind] = int(row[0])
    return counts


def newest_backup(journal_path: Path) -> BackupFile | None:
    """The journal's most recent sound backup of any kind, or None."""
    files = sound_backup_files(journal_path)
    return files[0] if files else None


def age_text(taken_at: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long ago, in words a person uses: `5 hours ago`, `3 days ago`."""
    seconds = ((now or clock.now_utc()) - taken_at).total_seconds()
    if seconds < 0:
        return "in the future (is the computer's clock right?)"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            amount = int(seconds // size)
            return f"{amount} {unit}{'s' if amount != 1 else ''} ago"
    return "just now"


def size_text(size: int) -> str:
    """A file size as a person reads it: `812 KB`, `68.4 MB`."""
    amount = float(size)
    for unit in ("bytes", "KB", "MB"):
        if amount < 1000:
            return f"{amount:.0f} {unit}" if unit != "MB" else f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:.1f} GB"


def retention_of(journal: Journal) -> Retention:
    """The journal's own retention numbers (Preferences), or the defaults."""
    return Retention(*retention_numbers(journal))
