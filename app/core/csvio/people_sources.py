"""People from elsewhere: vCard files (2.1, 3.0, 4.0) and Google or Outlook CSV exports.

vCards are parsed by `vobject`, one card at a time, so that one bad card is
skipped with its reason instead of losing the rest. vobject 0.9.9 does the
unfolding, parameters, escapes and structured values, but three kinds of line
from real phones trip it (each measured on the samples in tests/data), so a
card's lines are first made readable:

- photos: a 2.1 photo's base64 runs over unindented lines, and a photo with bad
  padding makes vobject raise. PHOTO, LOGO, SOUND and KEY are dropped unread;
  Kith keeps none of them.
- quoted-printable (2.1): a line ending in `=` continues on the next one,
  which vobject does not join ("Failed to parse line"). Such values are
  joined and decoded here, and handed on as plain escaped text.
- unescaped commas: vobject keeps only what comes before the first one in
  FN, NOTE and ORG ("Okafor, Jr." became "Okafor"), and many writers do not
  escape them. They are escaped here.
"""

from __future__ import annotations

import logging
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vobject

from app.core.csvio.people_values import birthday_of, first_of, phone_of
from app.core.errors import PeopleImportError

MAX_FILE_BYTES = 200 * 1024 * 1024
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_BASE64_LINE = re.compile(r"^[ \t]*[A-Za-z0-9+/=]+[ \t]*$")
_TEXT = {"FN", "NOTE", "ORG", "TITLE"}  # single text values where a comma is only a comma
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


@dataclass(frozen=True)
class IncomingPerson:
    """A person as read from a file, before Kith checks or matches them.

    `line` is where their card or row starts. `problem` says why they cannot
    be imported (no name, a card that cannot be read); `notes_of_reading`
    lists what was left out on the way (an odd birthday, say).
    """

    line: int
    name: str
    email: str = ""
    phone: str = ""
    organization: str = ""
    birthday: str | None = None
    notes: str = ""
    problem: str | None = None
    notes_of_reading: tuple[str, ...] = ()


def read_text(path: Path, what: str) -> str:
    """A whole UTF-8 file (a BOM allowed), or PeopleImportError with a sentence."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PeopleImportError(
                f"{path} is {size // 2**20} MB, too large for {what} "
                f"(at most {MAX_FILE_BYTES // 2**20} MB)."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise PeopleImportError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise PeopleImportError(f"{path} is a folder, not {what}.") from None
    except OSError as error:
        raise PeopleImportError(f"Kith cannot read {path}: {error.strerror}.") from error
    if not data.strip():
        raise PeopleImportError(f"{path} is empty; there is nobody to import.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PeopleImportError(
            f"{path} is not UTF-8 text (line {line} has the byte 0x{data[error.start]:02X}); "
            "export it again as UTF-8 and try again."
        ) from None


def read_vcards(path: Path) -> list[IncomingPerson]:
    """Everyone in a .vcf file, in order, each card read on its own."""
    text = read_text(path, "a vCard file")
    cards = list(_cards(text.splitlines()))
    if not cards:
        raise PeopleImportError(f"{path} holds no vCard (no BEGIN:VCARD line).")
    return [_person_of_card(line, lines) for line, lines in cards]


def _cards(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, its lines) for each BEGIN:VCARD ... END:VCARD.

    A card whose END:VCARD is missing ends where the next one begins (or at the
    end of the file): it is read, or reported, never dropped unseen.
    """
    start, card = 0, None
    for number, line in enumerate(lines, 1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if card is not None:
                yield start, [*card, "END:VCARD"]
            start, card = number, [line.strip()]
        elif card is not None:
            card.append(line)
            if word == "END:VCARD":
                yield start, card
                card = None
    if card is not None:
        yield start, [*card, "END:VCARD"]


def _readable(lines: list[str]) -> str:
    """The card's lines as vobject can read them (see above)."""
    logical = _unfolded(lines)
    out: list[str] = []
    i = 0
    while i < len(logical):
        line = logical[i]
        head, value = _split(line)
        name = head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()
        i += 1
        if not name and ":" in line:
            continue  # a value with no property name: nothing to read it as
        if name in _BINARY:
            while i < len(logical) and _BASE64_LINE.match(logical[i]):
                i += 1  # vCard 2.1 base64 need not be indented...
            if i < len(logical) and not logical[i].strip():
                i += 1  # ...and ends with an empty line
            continue
        if "QUOTED-PRINTABLE" in head.upper():
            # A soft line break continues the value, but never into the card's end.
            while (
                value.endswith("=")
                and i < len(logical)
                and logical[i].strip().upper() != "END:VCARD"
            ):
                value = value[:-1] + logical[i]
                i += 1
            head, value = _decoded(head, value)
        elif name in _TEXT:
            value = _UNESCAPED_COMMA.sub(r"\\,", value)
        out.append(f"{head}:{value}" if ":" in line else line)
    return "\r\n".join(out) + "\r\n"


def _unfolded(lines: list[str]) -> list[str]:
    """Folded lines joined: a line starting with a space or tab continues the one before."""
    logical: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _split(line: str) -> tuple[str, str]:
    """(name and parameters, value): split at the first colon outside quotes."""
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:position], line[position + 1 :]
    return line, ""


def _decoded(head: str, value: str) -> tuple[str, str]:
    """A quoted-printable value as plain vCard text, its ENCODING and CHARSET dropped."""
    params = head.split(";")
    charset = "utf-8"
    kept = []
    for param in params:
        key = param.split("=", 1)[0].strip().upper()
        if key == "CHARSET":
            charset = param.split("=", 1)[1].strip() or charset
        elif key not in ("ENCODING", "QUOTED-PRINTABLE"):
            kept.append(param)
    raw = quopri.decodestring(value.encode("utf-8"))
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    name = kept[0].rsplit(".", 1)[-1].strip().upper()
    escaped = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
    if name in _TEXT:
        escaped = escaped.replace(",", "\\,")
    return ";".join(kept), escaped


class _SkippedLines(logging.Handler):
    """Collects the lines vobject passes over (it logs them), instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _person_of_card(line: int, lines: list[str]) -> IncomingPerson:
    log = logging.getLogger("vobject.base")
    skipped = _SkippedLines()
    log.addHandler(skipped)
    propagate, log.propagate = log.propagate, False
    try:
        card = vobject.readOne(_readable(lines), ignoreUnreadable=True)
    except vobject.base.ParseError as error:
        return IncomingPerson(line, "", problem=f"the card cannot be read ({error})")
    except Exception:
        return IncomingPerson(
            line, "", problem="the card cannot be read (it is not vCard as written)"
        )
    finally:
        log.removeHandler(skipped)
        log.propagate = propagate
    notes = [f"{skipped.count} unreadable line(s) left out"] if skipped.count else []
    day, trouble = birthday_of(_values(card, "bday"), _params(card, "bday"))
    if trouble:
        notes.append(trouble)
    name = _name(card)
    return IncomingPerson(
        line,
        name,
        email=_preferred(card, "email"),
        phone=phone_of(_preferred(card, "tel")),
        organization=_organization(card),
        birthday=day,
        notes="\n".join(str(v) for v in _values(card, "note") if str(v).strip()),
        problem=None if name else _nameless(card),
        notes_of_reading=tuple(notes),
    )


def _lines(card: Any, key: str) -> list[Any]:
    return list(card.contents.get(key, []))


def _values(card: Any, key: str) -> list[Any]:
    return [line.value for line in _lines(card, key)]


def _params(card: Any, key: str) -> dict[str, list[str]]:
    found = _lines(card, key)
    return dict(found[0].params) if found else {}


def _name(card: Any) -> str:
    full = first_of(str(v) for v in _values(card, "fn"))
    if full:
        return full
    for n in _values(card, "n"):
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        words = [" ".join(p) if isinstance(p, list) else str(p) for p in parts]
        joined = " ".join(w.strip() for w in words if w and w.strip())
        if joined:
            return joined
    return ""


def _nameless(card: Any) -> str:
    if _organization(card):
        return "no name (only an organization)"
    return "no name"


def _preferred(card: Any, key: str) -> str:
    """The value marked preferred (PREF, TYPE=pref, PREF=1: the lowest wins), else the first."""
    best: tuple[int, int, str] | None = None
    for position, line in enumerate(_lines(card, key)):
        value = str(line.value).strip()
        if not value:
            continue
        rank = 100
        types = [t.lower() for group in line.params.get("TYPE", []) for t in group.split(",")]
        if "pref" in types or "PREF" in (p.upper() for p in line.singletonparams):
            rank = 1
        for pref in line.params.get("PREF", []):
            rank = min(rank, int(pref) if pref.isascii() and pref.isdigit() else 1)
        if best is None or (rank, position) < best[:2]:
            best = (rank, position, value)
    return best[2] if best else ""


def _organization(card: Any) -> str:
    for value in _values(card, "org"):
        parts = value if isinstance(value, list) else [value]
        joined = ", ".join(str(p).strip() for p in parts if str(p).strip())
        if joined:
            return joined
    return ""
