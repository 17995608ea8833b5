"""Chat exports: WhatsApp's "Export chat" text and Telegram Desktop's JSON, read as a stream.

One draft `message` moment per person per day (a group chat: one per day with
everyone who wrote); `initiated_by` is who wrote first that day. Only counts are
kept unless the user asks for the words. The file is read twice (the first
pass learns the date order and the senders), never held in memory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.core.capture.drafts import Draft, Party, Progress, add_text
from app.core.capture.people_match import fold
from app.core.enums import Initiator, InteractionKind
from app.core.errors import CaptureFileError

# [30/11/2026, 21:05:33] Sam: hi      (iOS)      30/11/2026, 21:05 - Sam: hi   (Android)
# 11/30/26, 9:05 PM - Sam: hi         (Android, US)   [11/30/26, 9:05:33 PM] Sam: hi (iOS, US)
_HEADER = re.compile(
    r"^[\u200e\u200f\ufeff]?\[?(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{2,4}),?\s+"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.]\d{2})?"
    r"(?:[\s\u202f\u00a0]*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?\]?"
    r"(?:\s*[-–]\s+|\s+)(?P<rest>.*)$"
)
_SENDER = re.compile(r"^(?P<sender>[^:]{1,100}?): (?P<text>.*)$")
# iOS writes the encryption notice as a message "from" the chat, behind a mark.
_SYSTEM_TEXT = re.compile(
    r"^\u200e|end-to-end encrypted|created (?:the )?group|changed (?:the )?(?:subject|group)"
    r"|added you|left$|joined using",
    re.IGNORECASE,
)


@dataclass
class _Day:
    """One day (and, in a group, one person set) of messages being counted."""

    first: str  # folded sender of the day's first message
    count: int = 0
    senders: dict[str, str] = field(default_factory=dict)  # folded -> as written
    words: list[str] = field(default_factory=list)
    size: list[int] = field(default_factory=lambda: [0])


def read_chat(
    path: Path, *, me: str | None, keep_text: bool = False, progress: Progress | None = None
) -> list[Draft]:
    """Drafts from a WhatsApp `.txt` export or a Telegram `.json` export."""
    with path.open("rb") as probe:
        start = probe.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{"):
        return read_telegram(path, me=me, keep_text=keep_text)
    return read_whatsapp(path, me=me, keep_text=keep_text, progress=progress)


# ---- WhatsApp ------------------------------------------------------------------------------


def _lines(handle: BinaryIO, path: Path) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes read so far), decoded as UTF-8."""
    done = 0
    for number, raw in enumerate(handle, start=1):
        done += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CaptureFileError(
                f"{path} line {number} is not UTF-8 text, so it is not a WhatsApp chat "
                "export; nothing was imported."
            ) from None
        yield number, text.rstrip("\r\n"), done


def _scan(path: Path) -> tuple[bool, dict[str, str], int]:
    """First pass: day-first or not, the senders (folded -> as written), message count."""
    day_first: bool | None = None
    twelve_hour = False
    senders: dict[str, str] = {}
    messages = 0
    seen_header = False
    with path.open("rb") as handle:
        for number, text, _done in _lines(handle, path):
            match = _HEADER.match(text)
            if match is None:
                if not seen_header and text.strip():
                    raise CaptureFileError(
                        f"{path} line {number} is not a line of a WhatsApp chat export (they "
                        'start with a date and time, as in "30/11/2026, 21:05 - Sam: hi"); '
                        "nothing was imported."
                    )
                continue
            seen_header = True
            a, b = int(match["a"]), int(match["b"])
            twelve_hour = twelve_hour or bool(match["ampm"])
            if len(match["a"]) < 4:
                if (a > 12 and b > 12) or a == 0 or b == 0 or a > 31 or b > 31:
                    raise CaptureFileError(
                        f"{path} line {number} has a date Kith cannot read "
                        f"({match['a']}/{match['b']}/{match['c']}); nothing was imported."
                    )
                if a > 12:
                    day_first = _settle(day_first, True, path, number)
                elif b > 12:
                    day_first = _settle(day_first, False, path, number)
            said = _message(match["rest"])
            if said is not None:
                messages += 1
                senders.setdefault(fold(said[0]), said[0])
    if not messages:
        raise CaptureFileError(f"{path} holds no chat messages; nothing was imported.")
    # No day above 12 anywhere: 12-hour clocks come with month-first dates (US layouts).
    return (day_first if day_first is not None else not twelve_hour), senders, messages


def _settle(known: bool | None, found: bool, path: Path, number: int) -> bool:
    if known is not None and known != found:
        raise CaptureFileError(
            f"{path} line {number} writes its date the other way round from the lines "
            "before it, so Kith cannot tell days from months; nothing was imported."
        )
    return found


def _message(rest: str) -> tuple[str, str] | None:
    """(sender, text) of a message line, or None for a system line."""
    said = _SENDER.match(rest)
    if said is None:
        return None
    text = said["text"]
    if _SYSTEM_TEXT.search(text) and text.startswith("\u200e"):
        if "omitted" in text or "attached" in text:
            return said["sender"].strip(), text  # iOS media: still a message sent
        return None
    return said["sender"].strip(), text


def _day_of(match: re.Match[str], day_first: bool, path: Path, number: int) -> dt.date:
    a, b, c = match["a"], match["b"], match["c"]
    try:
        if len(a) == 4:
            return dt.date(int(a), int(b), int(c))
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if day_first else (int(b), int(a))
        return dt.date(year, month, day)
    except ValueError:
        raise CaptureFileError(
            f"{path} line {number} has a date that does not exist ({a}/{b}/{c}); "
            "nothing was imported."
        ) from None


def _me_among(me: str | None, senders: dict[str, str], path: Path) -> str:
    names = ", ".join(sorted(senders.values(), key=str.casefold))
    if me is None:
        raise CaptureFileError(
            f"Say which sender of {path} is you (--me NAME, remembered afterwards): {names}."
        )
    if fold(me) not in senders:
        raise CaptureFileError(f'Nobody called "{me}" wrote in {path}; the senders are {names}.')
    return fold(me)


def read_whatsapp(
    path: Path, *, me: str | None, keep_text: bool = False, progress: Progress | None = None
) -> list[Draft]:
    """Drafts from a WhatsApp "Export chat" text file (Android or iOS, any date layout)."""
    day_first, senders, _count = _scan(path)
    mine = _me_among(me, senders, path)
    others = {k: v for k, v in senders.items() if k != mine}
    group = len(others) > 1
    days: dict[dt.date, _Day] = {}
    size = max(path.stat().st_size, 1)
    current: _Day | None = None
    with path.open("rb") as handle:
        for number, text, done in _lines(handle, path):
            if progress is not None and number % 20_000 == 0:
                progress(done / size)
            match = _HEADER.match(text)
            if match is None:
                if current is not None and keep_text and text.strip():
                    add_text(current.words, current.size, text)  # a message's next line
                continue
            said = _message(match["rest"])
            if said is None:
                current = None
                continue
            day = _day_of(match, day_first, path, number)
            sender = fold(said[0])
            current = days.get(day)
            if current is None:
                current = days[day] = _Day(first=sender)
            current.count += 1
            if sender != mine:
                current.senders.setdefault(sender, said[0])
            if keep_text:
                add_text(current.words, current.size, f"{said[0]}: {said[1]}")
    return _drafts(days, mine, others, group, "WhatsApp")


def _drafts(
    days: dict[dt.date, _Day], mine: str, others: dict[str, str], group: bool, source: str
) -> list[Draft]:
    found = []
    for day, counted in sorted(days.items()):
        # In a chat of two, a day only I wrote on is still a day with them.
        people = counted.senders if group else others
        if not people:
            continue
        found.append(
            Draft(
                day=day,
                parties=tuple(Party(name) for name in people.values()),
                kind=InteractionKind.MESSAGE,
                source=source,
                count=counted.count,
                unit="message",
                initiated_by=Initiator.ME if counted.first == mine else Initiator.THEM,
                text="\n".join(counted.words),
            )
        )
    return found


# ---- Telegram ------------------------------------------------------------------------------


def read_telegram(path: Path, *, me: str | None, keep_text: bool = False) -> list[Draft]:
    """Drafts from Telegram Desktop's JSON export (one chat, or a whole account's chats).

    Service messages (joins, pins, calls) are not messages anyone wrote and are skipped.
    """
    senders: dict[str, str] = {}
    if me is None:
        for chat in _telegram_chats(path):
            for message in chat["messages"]:
                if message.get("type") == "message" and message.get("from"):
                    senders.setdefault(fold(str(message["from"])), str(message["from"]))
        if not senders:
            raise CaptureFileError(f"{path} holds no chat messages; nothing was imported.")
        _me_among(None, senders, path)
    assert me is not None
    found: list[Draft] = []
    for chat in _telegram_chats(path):
        found += _telegram_chat(chat, fold(me), keep_text, senders, path)
    if not senders:
        raise CaptureFileError(f"{path} holds no chat messages; nothing was imported.")
    _me_among(me, senders, path)
    return found


def _telegram_chats(path: Path) -> Iterator[dict[str, Any]]:
    """Each chat of the export; a one-chat export's messages stream one at a time
    (a whole-account export is read a chat at a time)."""
    import ijson

    try:
        header: dict[str, Any] = {}
        with path.open("rb") as handle:
            for prefix, event, value in ijson.parse(handle):
                if prefix in ("name", "type") and event == "string":
                    header[prefix] = value
                if prefix in ("messages", "chats") and event in ("start_array", "start_map"):
                    header["kind"] = prefix
                    break
        if "kind" not in header:
            raise CaptureFileError(
                f"{path} is JSON but not a Telegram chat export (it has no messages); "
                "nothing was imported."
            )
        with path.open("rb") as handle:
            if header["kind"] == "chats":
                yield from ijson.items(handle, "chats.list.item")
            else:
                yield {**header, "messages": _guarded(ijson.items(handle, "messages.item"), path)}
    except ijson.JSONError as error:
        raise CaptureFileError(
            f"{path} is not valid JSON ({_first_line(error)}), so it is not a Telegram export; "
            "nothing was imported."
        ) from None


def _guarded(messages: Iterator[Any], path: Path) -> Iterator[Any]:
    """The messages of a streamed chat; JSON broken half-way gets the one sentence too."""
    import ijson

    try:
        yield from messages
    except ijson.JSONError as error:
        raise CaptureFileError(
            f"{path} is not valid JSON ({_first_line(error)}), so it is not a Telegram export; "
            "nothing was imported."
        ) from None


def _telegram_chat(
    chat: dict[str, Any], mine: str, keep_text: bool, senders: dict[str, str], path: Path
) -> list[Draft]:
    group = str(chat.get("type") or "personal_chat") != "personal_chat"
    name = str(chat.get("name") or "")
    days: dict[dt.date, _Day] = {}
    for message in chat.get("messages", []):
        if message.get("type") != "message" or not message.get("from"):
            continue
        sender_name = str(message["from"])
        sender = fold(sender_name)
        senders.setdefault(sender, sender_name)
        try:
            day = dt.datetime.fromisoformat(str(message["date"])).date()
        except (KeyError, ValueError):
            raise CaptureFileError(
                f"{path} has a message (id {message.get('id')}) without a readable date; "
                "nothing was imported."
            ) from None
        counted = days.get(day)
        if counted is None:
            counted = days[day] = _Day(first=sender)
        counted.count += 1
        if sender != mine:
            counted.senders.setdefault(sender, sender_name)
        if keep_text:
            add_text(counted.words, counted.size, f"{sender_name}: {_telegram_text(message)}")
    others = {fold(name): name} if name and not group else {}
    if not others and not group:
        others = {k: v for d in days.values() for k, v in d.senders.items()}
    return _drafts(days, mine, others, group, "Telegram")


def _telegram_text(message: dict[str, Any]) -> str:
    text = message.get("text", "")
    if isinstance(text, list):  # formatted text: plain strings and {"type", "text"} parts
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in text
        )
    return str(text)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or ["broken"])[0].strip()


def senders(path: Path) -> list[str]:
    """Everyone who wrote in a chat export, as written, for "which of these is you?"."""
    with path.open("rb") as probe:
        start = probe.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    found: dict[str, str] = {}
    if start.startswith(b"{"):
        for chat in _telegram_chats(path):
            for message in chat["messages"]:
                if message.get("type") == "message" and message.get("from"):
                    found.setdefault(fold(str(message["from"])), str(message["from"]))
    else:
        found = _scan(path)[1]
    return sorted(found.values(), key=str.casefold)
