"""Refusing, at open, a journal that Kith could read but never save to.

A read-only journal would otherwise open and fail at the first save, or, with a
read-only folder, fail SQLite's read-only checks as if it were damaged. Kith
needs to write beside the journal too: SQLite's `-wal` and `-shm` files, the
lock file and `backups/` all live in its folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.errors import JournalAccessError

# The permissions of the user Kith runs as, even when its effective id differs.
_EFFECTIVE = os.access in os.supports_effective_ids


def require_writable(path: Path) -> None:
    """Raise JournalAccessError, with one sentence, unless `path` and its folder are writable.

    Checks permissions only and touches nothing, so a refused journal is left as it was.
    """
    if not os.access(path, os.W_OK, effective_ids=_EFFECTIVE):
        raise JournalAccessError(
            f"{path} can only be read, not written, so Kith left it closed and untouched. "
            "Allow yourself to write to it, or open a copy of it that you can write to."
        )
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=_EFFECTIVE):
        raise JournalAccessError(
            f"The folder {folder} can only be read, not written, so Kith left {path.name} "
            "closed and untouched: it keeps its working files and backups beside the "
            "journal. Allow yourself to write to that folder, or move the journal to one "
            "you can write to."
        )
