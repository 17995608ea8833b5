"""The troubles a user can meet, each with one human sentence and a CLI exit code.

The core raises these; the UI shows the sentence in a dialog and the CLI prints
it as one line on stderr and exits with `exit_code`. The README lists the codes.
"""

from __future__ import annotations

from pathlib import Path


class KithError(Exception):
    """Expected trouble: shown to the user as `str(error)`, never as a traceback."""

    exit_code = 1


class NotAJournalError(KithError):
    exit_code = 3


class JournalTooNewError(KithError):
    exit_code = 4


class JournalLockedError(KithError):
    exit_code = 5


class JournalDamagedError(KithError):
    exit_code = 6


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


class JournalAccessError(KithError):
    """The operating system refused to read or write a file (permissions, full disk)."""

    exit_code = 10


class MigrationFailedError(KithError):
    exit_code = 11


def not_a_journal(path: Path, why: str) -> NotAJournalError:
    return NotAJournalError(f"{path} {why}, so Kith left it untouched. Choose a Kith journal.")
