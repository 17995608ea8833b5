"""What the morning notification says, and the one run the timer makes.

It lists what the window's "Staying in touch" list shows (`services.due.due`, the
same function, the same day), birthdays first. An encrypted journal is never
opened without its owner: the notification only says that it is locked. A journal
open in Kith's window is not opened a second time (the window shows the list).
A day on which it already said something is not said again (an autostart entry
runs at every login): the day is kept in the user's state folder.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.core import cipher, clock
from app.core.errors import JournalLockedError, KithError
from app.core.services.due import Due, due

TITLE = "Kith: staying in touch"
LOCKED_TITLE = "Kith: your journal is locked"
MAX_LINES = 4


@dataclass(frozen=True)
class Notice:
    """One notification: its title and body, and whether a click should open Kith."""

    title: str
    body: str
    opens_kith: bool = True


def due_lines(found: Due) -> list[str]:
    """The window's list in order: birthdays (soonest first), then who is overdue."""
    return [b.sentence for b in found.birthdays] + [o.sentence for o in found.overdue]


def notice_of(found: Due) -> Notice | None:
    """The notification for what is due, or None when nothing is."""
    lines = due_lines(found)
    if not lines:
        return None
    body = "\n".join(lines[:MAX_LINES])
    if len(lines) > MAX_LINES:
        body += f"\n…and {len(lines) - MAX_LINES} more in Reflections."
    return Notice(TITLE, body)


def locked_notice(path: Path) -> Notice:
    """What is said for an encrypted journal, which the timer never opens."""
    return Notice(
        LOCKED_TITLE,
        f"{path.name} is encrypted, so Kith did not open it on its own. "
        "Open Kith and type your passphrase to see who is due.",
    )


def notice_for(path: Path, as_of: dt.date | None = None) -> Notice | None:
    """The notification for the journal at `path` on `as_of` (default today), None when
    nothing is due or the journal is open in Kith's window. Never asks for, nor reads,
    a passphrase."""
    from app.core import store

    path = Path(path).expanduser()
    if cipher.is_encrypted(path):
        return locked_notice(path)
    try:
        journal = store.open_journal(path)
    except JournalLockedError:
        return None  # the window is open: its own list is in view
    try:
        found = due(journal, as_of or clock.today())
    finally:
        journal.close()
    return notice_of(found)


def _day_file() -> Path:
    return Path(platformdirs.user_state_dir("kith", appauthor=False)) / "notified-on"


def said_today(day: dt.date) -> bool:
    """Whether a notification was already shown on `day`."""
    try:
        return _day_file().read_text(encoding="utf-8").strip() == day.isoformat()
    except OSError:
        return False


def remember_day(day: dt.date) -> None:
    """Note that `day`'s notification was shown (owner-only file)."""
    path = _day_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(day.isoformat() + "\n")
    except OSError:
        pass  # at worst the next login says it again


__all__ = ["KithError", "Notice", "due_lines", "locked_notice", "notice_for", "notice_of"]
