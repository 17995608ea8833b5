"""Mail as draft moments: an mbox file, or a folder of .eml files (or a Maildir).

One draft `message` moment per correspondent per day, matched by address: mail
I sent counts for everyone it went to, mail I received for whoever sent it.
Only headers are parsed (the bodies are skipped unless the user keeps the words),
one message at a time, so a 2 GB mbox keeps memory flat.
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy
import email.utils
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path
from typing import BinaryIO

from app.core.capture.drafts import Draft, Party, Progress, add_text
from app.core.enums import Initiator, InteractionKind
from app.core.errors import CaptureFileError

# compat32 headers are plain strings: five times quicker to parse than the default
# policy's header objects; the few headers read are decoded below (RFC 2047 words).
_HEADERS = BytesHeaderParser(policy=email.policy.compat32)
_WHOLE = BytesParser(policy=email.policy.compat32)


@dataclass
class _Counted:
    name: str
    first_mine: bool
    count: int = 0
    words: list[str] = field(default_factory=list)
    size: list[int] = field(default_factory=lambda: [0])


@dataclass(frozen=True)
class _Mail:
    day: dt.date | None
    sender: tuple[str, str]  # (name, address)
    recipients: tuple[tuple[str, str], ...]
    subject: str
    raw: bytes


def _mbox_messages(
    path: Path, progress: Progress | None, headers_only: bool
) -> Iterator[tuple[int, bytes]]:
    """(line where it starts, raw bytes) of each message, read line by line."""
    size = max(path.stat().st_size, 1)
    done = 0
    with path.open("rb") as handle:
        first = handle.readline()
        done += len(first)
        if not first.startswith(b"From "):
            raise CaptureFileError(
                f'{path} line 1 does not start with "From ", so it is not an mbox file; '
                "nothing was imported."
            )
        lines: list[bytes] = []
        start = number = 1
        blank_before = in_header = True
        for raw in _rest(handle):
            number += 1
            done += len(raw)
            blank = raw in (b"\n", b"\r\n")
            if raw.startswith(b"From ") and blank_before:
                yield start, b"".join(lines)
                lines, start, in_header = [], number, True
                if progress is not None and number % 5_000 < 50:
                    progress(done / size)
                blank_before = False
                continue
            blank_before = blank
            in_header = in_header and not blank
            # Only the header is needed unless the words are kept: a message's body
            # can be megabytes of attachment.
            if in_header or not headers_only:
                lines.append(raw[1:] if raw.startswith(b">From ") else raw)
        yield start, b"".join(lines)


def _rest(handle: BinaryIO) -> Iterator[bytes]:
    yield from handle


def _eml_messages(path: Path) -> Iterator[tuple[int, bytes]]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and _looks_like_mail(p))
    if not files:
        raise CaptureFileError(
            f"{path} holds no .eml files and is not a Maildir; nothing was imported."
        )
    for file in files:
        yield 1, file.read_bytes()


def _looks_like_mail(file: Path) -> bool:
    if file.suffix.lower() == ".eml":
        return True
    return file.parent.name in ("cur", "new") and not file.name.startswith(".")


def _parse(raw: bytes, keep_text: bool) -> _Mail:
    message = (_WHOLE if keep_text else _HEADERS).parsebytes(raw)
    day: dt.date | None = None
    stamp = message.get("Date")
    if stamp:
        try:
            when = email.utils.parsedate_to_datetime(str(stamp))
            day = when.astimezone().date() if when.tzinfo else when.date()
        except (TypeError, ValueError, IndexError):
            day = None
    senders = email.utils.getaddresses([str(v) for v in message.get_all("From", [])])
    recipients = email.utils.getaddresses(
        [str(v) for key in ("To", "Cc") for v in message.get_all(key, [])]
    )
    subject = _decoded(str(message.get("Subject", "") or ""))
    return _Mail(
        day,
        _clean(senders[0]) if senders else ("", ""),
        tuple(_clean(r) for r in recipients if r[1]),
        subject,
        raw if keep_text else b"",
    )


def _decoded(value: str) -> str:
    """A header's RFC 2047 encoded words ("=?UTF-8?B?...?=") as text."""
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (LookupError, ValueError, UnicodeDecodeError):
        return value


def _clean(pair: tuple[str, str]) -> tuple[str, str]:
    return " ".join(_decoded(pair[0]).split()).strip('"'), pair[1].strip().casefold()


def _messages(
    path: Path, progress: Progress | None, headers_only: bool = True
) -> Iterator[tuple[int, bytes]]:
    if path.is_dir():
        return _eml_messages(path)
    if path.suffix.lower() == ".eml":
        return iter([(1, path.read_bytes())])
    return _mbox_messages(path, progress, headers_only)


def read_mail(
    path: Path, *, me: str | None, keep_text: bool = False, progress: Progress | None = None
) -> list[Draft]:
    """Drafts from an mbox file, one .eml file or a folder of them.

    `me` is the user's address (several may be given, separated by commas);
    without it, the address found in most messages is taken to be theirs.
    """
    mine = {a.strip().casefold() for a in (me or "").split(",") if a.strip()}
    if not mine:
        mine = {_most_common_address(path)}
    days: dict[tuple[dt.date, str], _Counted] = {}
    for _line, raw in _messages(path, progress, not keep_text):
        mail = _parse(raw, keep_text)
        if mail.day is None:
            continue  # a message with no readable Date: no day to put it on
        sent = mail.sender[1] in mine
        people = [r for r in mail.recipients if r[1] not in mine] if sent else [mail.sender]
        for name, address in people:
            if not address:
                continue
            counted = days.get((mail.day, address))
            if counted is None:
                counted = days[(mail.day, address)] = _Counted(name or address, sent)
            if name and counted.name == address:
                counted.name = name
            counted.count += 1
            if keep_text:
                add_text(counted.words, counted.size, _words(mail))
    return [
        Draft(
            day=day,
            parties=(Party(counted.name, address),),
            kind=InteractionKind.MESSAGE,
            source="mail",
            count=counted.count,
            unit="message",
            initiated_by=Initiator.ME if counted.first_mine else Initiator.THEM,
            text="\n".join(counted.words),
        )
        for (day, address), counted in sorted(days.items())
    ]


def _most_common_address(path: Path) -> str:
    seen: Counter[str] = Counter()
    messages = 0
    for _line, raw in _messages(path, None):
        mail = _parse(raw, False)
        messages += 1
        for address in {mail.sender[1], *(r[1] for r in mail.recipients)}:
            if address:
                seen[address] += 1
    if not messages or not seen:
        raise CaptureFileError(f"{path} holds no mail with addresses; nothing was imported.")
    return seen.most_common(1)[0][0]


def _words(mail: _Mail) -> str:
    message = email.message_from_bytes(mail.raw, policy=email.policy.default)  # bodies only
    body = ""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain",))
        if part is not None and isinstance(part, EmailMessage):
            try:
                body = str(part.get_content())
            except (LookupError, ValueError):
                body = ""
    return f"{mail.subject}\n{body.strip()}".strip()
