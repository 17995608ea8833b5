"""Which reader an export goes to: calendar, chat or mail (each imports `drafts`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.core.capture.drafts import Draft, Progress
from app.core.capture.people_match import PeopleIndex
from app.core.errors import CaptureFileError
from app.core.store import Journal


def read_export(
    path: Path,
    source: str,
    *,
    me: str | None,
    today: dt.date,
    keep_text: bool = False,
    journal: Journal | None = None,
    progress: Progress | None = None,
) -> list[Draft]:
    """The drafts of one export: `source` is "calendar", "chat" or "mail".

    Raises CaptureFileError (one sentence naming the file, and the line where it
    applies) for a file that is not what it claims; nothing is written.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise CaptureFileError(f"{path} does not exist.")
    if source == "chat":
        from app.core.capture import chats

        return chats.read_chat(path, me=me, keep_text=keep_text, progress=progress)
    if source == "mail":
        from app.core.capture import mail

        return mail.read_mail(path, me=me, keep_text=keep_text, progress=progress)
    if source == "calendar":
        from app.core.capture import calendar_drafts

        index = PeopleIndex.load(journal) if journal is not None else None
        return calendar_drafts.read_calendar(
            path, me=me, today=today, people=index, keep_text=keep_text
        )
    raise CaptureFileError(f"Kith cannot import moments from {source!r}.")


# File endings that say which kind of export a file is, as the exporting apps name them.
_ENDINGS = {".ics": "calendar", ".ical": "calendar", ".txt": "chat", ".json": "chat"}
_ENDINGS.update({".mbox": "mail", ".mbx": "mail", ".eml": "mail"})


def guess_source(path: Path) -> str | None:
    """The kind of export `path` looks like by its name ("calendar", "chat" or "mail"),
    or None when the name does not say (the user chooses; the reader then checks)."""
    if path.is_dir():
        return "mail"  # a folder of .eml files, or a maildir
    return _ENDINGS.get(path.suffix.lower())
