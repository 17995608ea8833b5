"""The troubles a user can meet, each with one human sentence and a CLI exit code.

The core raises these; the UI shows the sentence in a dialog and the CLI prints
it as one line on stderr and exits with `exit_code`. The README lists the codes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


class KithError(Exception):
    """Expected trouble: shown to the user as `str(error)`, never as a traceback.

    `details` are further lines a list of problems may add (the CLI prints them
    under the sentence, a dialog in a list below it).
    """

    exit_code = 1
    details: tuple[str, ...] = ()


class NotAJournalError(KithError):
    exit_code = 3


class JournalTooNewError(KithError):
    exit_code = 4


class JournalLockedError(KithError):
    exit_code = 5


class JournalDamagedError(KithError):
    exit_code = 6


class JournalLinkedError(KithError):
    """The journal file has more than one name (hard links); SQLite would corrupt it."""

    exit_code = 21


class JournalExistsError(KithError):
    exit_code = 7


class ValidationError(KithError):
    """A value the journal cannot hold; `field` names the form field it came from."""

    exit_code = 8

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(KithError):
    exit_code = 9


class PromptNotFoundError(NotFoundError):
    """No question waits with that id (none was ever made, or it is closed)."""

    exit_code = 26


class PromptDayError(ValidationError):
    """A day a question cannot use: not a date, or a snooze ending on or before the day."""

    exit_code = 27


class JournalAccessError(KithError):
    """The operating system refused to read or write a file (permissions, full disk)."""

    exit_code = 10


class MigrationFailedError(KithError):
    exit_code = 11


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong in a file being imported: where, and why, in a sentence.

    `line` is the line (as a text editor counts them) where the row starts;
    `line` and `column` are None for a problem with the whole file.
    """

    file: str
    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        if self.line is None and self.column is None:
            return f"{self.file} {self.reason}"
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class CsvImportError(KithError):
    """A Kith CSV export was refused; nothing was imported.

    `problems` lists what was found (up to a limit), `more` how many others.
    """

    exit_code = 12

    def __init__(self, problems: list[CsvProblem], more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        total = len(self.problems) + more
        if total == 1:
            message = f"Nothing was imported: {self.problems[0]}"
        else:
            message = (
                f"Nothing was imported: {total} problems were found, the first: {self.problems[0]}"
            )
        super().__init__(message if message.endswith(".") else message + ".")
        if total > 1:
            extra = (f"... and {more} more",) if more else ()
            self.details = tuple(str(p) for p in self.problems) + extra


class PeopleImportError(KithError):
    """A vCard or contacts CSV file Kith cannot read; nobody was imported."""

    exit_code = 13


class PassphraseNeededError(KithError):
    """The journal is encrypted and no passphrase was given for it."""

    exit_code = 14


class WrongPassphraseError(KithError):
    """The passphrase does not unlock the encrypted journal; the file was not changed."""

    exit_code = 15


class EncryptionUnavailableError(KithError):
    """An encrypted journal, and no SQLCipher in this installation of Kith."""

    exit_code = 16


class EncryptionStateError(KithError):
    """Encrypting a journal that already is, or decrypting one that is not."""

    exit_code = 17


class OperationCancelledError(KithError):
    """The person pressed Cancel; nothing was written half-way."""

    exit_code = 130


def not_a_journal(path: Path, why: str) -> NotAJournalError:
    return NotAJournalError(f"{path} {why}, so Kith left it untouched. Choose a Kith journal.")


def access_error(
    path: Path, error: BaseException, outcome: str, kept: str = "the journal is as it was"
) -> JournalAccessError:
    """SQLite's refusal to write `path` (full disk, read-only, busy, I/O) as one sentence.

    `outcome` says what became of the work ("this change was not saved"), `kept`
    what is safe. Takes SQLAlchemy's wrapped errors and the driver's own alike.
    """
    cause = getattr(error, "orig", None) or error
    reason = str(cause).lower()
    if "could not decode to utf-8" in reason:
        return undecodable(outcome)
    if "full" in reason or "no space left" in reason:
        return JournalAccessError(
            f"The disk is full, so {outcome}; {kept}. Free some space and try again."
        )
    if "readonly" in reason or "read-only" in reason:
        return JournalAccessError(
            f"{path} can only be read, not written, so {outcome}. "
            "Check the file's permissions, or work on a copy."
        )
    if "locked" in reason or "busy" in reason:
        return JournalAccessError(
            f"The journal was busy with another change, so {outcome}. Try again in a moment."
        )
    return JournalAccessError(f"Kith could not use {path} ({cause}), so {outcome}.")


def undecodable(outcome: str) -> JournalAccessError:
    """Text in the journal that is not UTF-8 (damage, or a hand edit), met mid-command."""
    error = JournalAccessError(
        f"Some text in the journal is not readable (it is not UTF-8), so {outcome}; "
        "`kith check` names the records that hold it."
    )
    error.exit_code = JournalDamagedError.exit_code
    return error


def storage_error(error: BaseException, folder: Path | None = None) -> KithError | None:
    """SQLite's error escaping a command (a damaged page met mid-read, a full disk
    mid-write), as one sentence; None for anything that is not SQLite's.

    The last line of defence of the CLI and the window: the checks at open find
    most damage first, but a page can only be judged when it is read. `folder`
    (the journal's): with no room left there, SQLite's vaguer errors are a full disk.
    """
    cause = getattr(error, "orig", None) or error
    module = type(cause).__module__
    if not (module.startswith("sqlite3") or module.startswith("sqlcipher3")):
        return None
    reason = str(cause).lower()
    if "could not decode to utf-8" in reason:
        return undecodable("this was not done")
    if folder is not None and _nearly_full(folder):
        return access_error(
            Path("the journal"),
            OSError("disk is full"),
            "this was not done",
            "what was saved is kept",
        )
    if "full" in reason or "readonly" in reason or "read-only" in reason or "locked" in reason:
        return access_error(
            Path("the journal"), cause, "this was not done", "what was saved is kept"
        )
    damaged = JournalDamagedError(
        f"Kith could not read part of the journal (SQLite: {cause}), so this was not done; "
        "the journal may be damaged: `kith check` lists what is wrong, and `kith restore` "
        "puts a backup back."
    )
    return damaged


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


class CaptureFileError(KithError):
    """A calendar, chat or mail export Kith cannot read (named, with the line); nothing
    was written."""

    exit_code = 18


class JsonImportError(KithError):
    """A Kith JSON export Kith cannot take in (not one, a newer format, a bad record);
    nothing was imported."""

    exit_code = 24


class NotifierError(KithError):
    """The daily notification could not be set up, removed or sent (no session bus,
    no desktop notification service, a folder that cannot be written)."""

    exit_code = 25
