"""One Kith at a time per journal, without Qt.

An OS file lock (flock on POSIX, msvcrt on Windows) on a `.lock` file beside the
journal. The operating system drops the lock when its process dies, so a crash
leaves no stale lock behind: the leftover file is simply locked again.
A separate file keeps our lock away from SQLite's own locks on the journal,
which closing any other handle on the journal file would silently release.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from app.core.errors import JournalAccessError, JournalLockedError


def lock_path_for(journal: Path) -> Path:
    return journal.with_name(journal.name + ".lock")


class JournalLock:
    """Held while a journal is open; `release()` (or leaving the `with`) frees it."""

    def __init__(self, journal: Path) -> None:
        self.path = lock_path_for(journal)
        self._fd: int | None = None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise JournalAccessError(
                f"Kith cannot create its lock file {self.path}: {error.strerror}."
            ) from error
        if not _try_lock(fd):
            os.close(fd)
            raise JournalLockedError(
                f"{journal} is already open in another Kith window. "
                "Switch to that window, or close it and try again."
            )
        self._fd = fd
        # The owner's PID, for a person wondering who holds it; nothing reads it back.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
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


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
