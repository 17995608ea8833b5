"""SQLite's refusals during an export or import, as one sentence for the user.

The bulk paths use the driver's cursor directly (see `bulk` and `export`), so
both SQLAlchemy's OperationalError and sqlite3's own errors arrive here.
"""

from __future__ import annotations

from pathlib import Path

from app.core.errors import JournalAccessError


def journal_trouble(path: Path, error: Exception, outcome: str) -> JournalAccessError:
    """The sentence for `error` met while using the journal at `path`.

    `outcome` says what became of the work, e.g. "nothing was imported".
    """
    cause = getattr(error, "orig", None) or error
    reason = str(cause).lower()
    if "full" in reason:
        return JournalAccessError(
            f"The disk is full, so {outcome}; the journal is as it was. "
            "Free some space and try again."
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
