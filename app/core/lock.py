"""One Kith at a time per journal file, without Qt.

The lock is tied to the file itself, not to its name: `flock` on a descriptor of
the journal (its inode), so a second name for the same file (a symlink, a
renamed path) meets the same lock. SQLite's own locks are POSIX record locks,
which `flock` does not disturb, and the operating system drops the lock when its
process dies, so a crash leaves nothing stale behind. A journal with more than
one hard link is refused: SQLite keeps a `-wal` per name, and two names for one
file corrupt it.

A conversion or a restore that swaps a new file in by rename locks the new file
before the rename (`JournalLock(scratch)`), so the lock passes to it with the
name and nobody can open the journal between the swap and the release.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from types import TracebackType

from app.core.errors import (
    JournalAccessError,
    JournalLinkedError,
    JournalLockedError,
    NotAJournalError,
)

# A rename between our open() and our flock() can leave us holding a file that no
# longer has the journal's name; this many attempts before calling the journal busy.
_ATTEMPTS = 5


def lock_path_for(journal: Path) -> Path:
    """The `.lock` file older versions of Kith left beside a journal (Windows still uses it)."""
    return journal.with_name(journal.name + ".lock")


def refuse_linked(path: Path, links: int) -> None:
    """JournalLinkedError for a journal file that has more than one name."""
    if links > 1:
        raise JournalLinkedError(
            f"{path} has {links} names on disk (hard links), and two names for one journal "
            "corrupt it, so Kith left it closed: keep one name (delete the others) or open "
            "a copy of it."
        )


class JournalLock:
    """Held while a journal is open; `release()` (or leaving the `with`) frees it."""

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self._fd: int | None = None
        self._fd = _lock(journal)

    def release(self) -> None:
        """Let the journal go (idempotent)."""
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> JournalLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _busy(journal: Path) -> JournalLockedError:
    return JournalLockedError(
        f"{journal} is already open in another Kith window. "
        "Switch to that window, or close it and try again."
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(journal: Path) -> int:
        # Windows locks are mandatory: locking the journal itself would block
        # SQLite, so a `.lock` file beside it carries the lock there.
        refuse_linked(journal, os.stat(journal).st_nlink if journal.exists() else 1)
        path = lock_path_for(journal)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise JournalAccessError(
                f"Kith cannot create its lock file {path}: {error.strerror}."
            ) from error
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise _busy(journal) from None
        return fd

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(journal: Path) -> int:
        for _attempt in range(_ATTEMPTS):
            try:
                # O_NOFOLLOW: the caller resolved the real path; a symlink put there
                # since is not followed. O_NONBLOCK: a named pipe does not hang us.
                fd = os.open(journal, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except FileNotFoundError as error:
                raise NotAJournalError(
                    f"{journal} does not exist, so Kith left it untouched. Choose a Kith journal."
                ) from error
            except OSError as error:
                raise JournalAccessError(
                    f"Kith cannot open {journal}: {error.strerror}."
                ) from error
            try:
                held = os.fstat(fd)
                if not stat.S_ISREG(held.st_mode):
                    raise NotAJournalError(
                        f"{journal} is not a regular file, so Kith left it untouched. "
                        "Choose a Kith journal."
                    )
                refuse_linked(journal, held.st_nlink)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise _busy(journal) from None
                try:
                    now = os.stat(journal, follow_symlinks=False)
                except FileNotFoundError:
                    now = None
                if now is not None and (now.st_ino, now.st_dev) == (held.st_ino, held.st_dev):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # swapped under us: lock whatever carries the name now
        raise _busy(journal)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
