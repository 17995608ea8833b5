"""`kith check`: what a journal holds and whether it is whole, as one report.

The command line prints `CheckReport.lines()`; anything else (a window, a test)
can ask for the same report. The full checks are SQLite's (`integrity_check`,
with CHECK constraints, and `foreign_key_check`) and the data model's value rules
(`health.findings`), each finding on its own line; the running totals are compared
with the entries only when the journal is whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.core import health, store, totals
from app.core.backup_rotation import RECENT_DAYS, BackupFile, age_text, newest_backup
from app.core.clock import now_utc
from app.core.errors import JournalDamagedError
from app.core.services.overview import RecordCounts, record_counts
from app.core.store import Journal

# `kith check`'s exit code when anything is wrong: the one a damaged journal has.
DAMAGED = JournalDamagedError.exit_code


@dataclass(frozen=True)
class CheckReport:
    """What `check_journal` found."""

    path: Path
    revision: str | None
    counts: RecordCounts
    findings: tuple[str, ...]  # empty: the journal is whole
    wrong_totals: int  # people whose running totals differ from their entries
    repaired: bool  # and they were recomputed
    newest_backup: BackupFile | None

    @property
    def whole(self) -> bool:
        return not self.findings

    @property
    def exit_code(self) -> int:
        """0 when whole (and the totals agree, or were repaired), else DAMAGED."""
        return 0 if self.whole and (not self.wrong_totals or self.repaired) else DAMAGED

    def lines(self) -> list[str]:
        """The report as `kith check` prints it, one line each."""
        out = [f"journal: {self.path}", f"schema revision: {self.revision}"]
        out += self.counts.lines()
        out.append(f"in the trash: {self.counts.trashed}")
        out += self._backup_lines()
        if self.whole:
            if not self.wrong_totals:
                out.append("running totals: ok")
            elif self.repaired:
                out.append(f"running totals: recomputed for {self.wrong_totals} people")
            else:
                out.append(
                    f"running totals: {self.wrong_totals} people differ from their entries; "
                    "`kith check --repair-totals` recomputes them"
                )
        count = len(self.findings)
        problems = f"{count} problem{'s' if count > 1 else ''} found"
        out.append(f"integrity: {'ok' if self.whole else problems}")
        out += [f"  {finding}" for finding in self.findings]
        if not self.whole:
            out.append(
                "the journal is damaged; restore it from a backup (`kith backups`, "
                "`kith restore BACKUP`), or export what reads (`kith export`)"
            )
        return out

    def _backup_lines(self) -> list[str]:
        newest = self.newest_backup
        if newest is None:
            out = ["newest backup: none"]
        else:
            out = [f"newest backup: {newest.path} ({newest.kind}, {age_text(newest.taken_at)})"]
        empty = not any(self.counts.live.values()) and not self.counts.trashed
        if empty:
            return out  # nothing to lose yet, and Kith skips backing up an empty journal
        if newest is None or now_utc() - newest.taken_at > dt.timedelta(days=RECENT_DAYS):
            out.append(
                f"warning: no backup is newer than {RECENT_DAYS} days; "
                "run `kith backup`, or open Kith, which takes one each day"
            )
        return out


def check_journal(journal: Journal, *, repair_totals: bool = False) -> CheckReport:
    """Check `journal` whole: counts, the full checks, running totals, newest backup.

    With `repair_totals`, totals that differ from the entries are recomputed (only
    in a journal that is otherwise whole: repairing a damaged one hides damage).
    """
    revision = store.stored_revision(journal.path, key=journal.key)
    counts = record_counts(journal)
    found = tuple(health.findings(journal))
    wrong = totals.mismatched(journal) if not found else []
    repaired = bool(wrong) and repair_totals
    if repaired:
        totals.rebuild(journal)
    return CheckReport(
        journal.path, revision, counts, found, len(wrong), repaired, newest_backup(journal.path)
    )
