"""Reading a CSV file for import: streamed, strictly UTF-8, strictly RFC 4180.

Every refusal is a `CsvProblem` with a sentence a person can act on: an empty
file, a file in another encoding (Latin-1, UTF-16), a quote left open, a cell
longer than the csv module's field limit (131,072 characters, kept at its
default: it is what stops an unclosed quote from swallowing the whole file,
and Kith's longest text, 100,000 characters, fits under it).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from app.core.csvio.format import READ_ENCODING
from app.core.errors import CsvImportError, CsvProblem

PROBLEM_LIMIT = 50


class Problems:
    """What is wrong with the files, the first `limit` kept and the rest counted."""

    def __init__(self, limit: int = PROBLEM_LIMIT) -> None:
        self.limit = limit
        self.found: list[CsvProblem] = []
        self.more = 0

    def add(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        """Note a problem at `line` and `column` of `file` (None: the whole file)."""
        self.append(CsvProblem(file, line, column, reason))

    def append(self, problem: CsvProblem) -> None:
        """Keep `problem` if under the limit, else only count it."""
        if len(self.found) < self.limit:
            self.found.append(problem)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        """Refuse the import, naming everything found, if anything was."""
        if self.found:
            raise CsvImportError(self.found, self.more)


class FileRefused(Exception):
    """A file cannot be read any further; carries the problem that says why."""

    def __init__(self, problem: CsvProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class CsvRows:
    """The records of one CSV file as `(line, cells)`, the header first.

    `line` is the line where the record starts (a cell may span several lines).
    Blank lines are passed over. Raises FileRefused when the file cannot be read.
    `position` is how many bytes have been read so far, for a progress bar.
    """

    def __init__(self, path: Path, name: str, *, empty_hint: str) -> None:
        self.path = path
        self.name = name
        self.empty_hint = empty_hint
        self._raw: BinaryIO | None = None

    @property
    def position(self) -> int:
        """How many bytes of the file have been read so far."""
        raw = self._raw
        return raw.tell() if raw is not None and not raw.closed else 0

    def refuse(self, reason: str, line: int | None = None) -> FileRefused:
        """The exception that refuses this file for `reason` (at `line`, if given)."""
        return FileRefused(CsvProblem(self.name, line, None, reason))

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        try:
            raw = self.path.open("rb")
        except FileNotFoundError:
            raise self.refuse("is missing from the folder.") from None
        except OSError as error:
            raise self.refuse(f"cannot be read ({error.strerror}).") from error
        self._raw = raw
        with raw:
            self._check_start(raw.read(4096))
            raw.seek(0)
            lines = _Lines(io.TextIOWrapper(raw, encoding=READ_ENCODING, newline=""))
            reader = csv.reader(lines, strict=True)
            start = 1
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise self.refuse(_not_utf8(self.path)) from None
                except csv.Error as error:
                    raise self.refuse(_csv_trouble(str(error)), start) from None
                if any('"' in cell for cell in cells) and _bare_quote("".join(lines.taken)):
                    raise self.refuse(_BARE_QUOTE, start)
                lines.taken.clear()
                if cells:
                    yield start, cells
                start = reader.line_num + 1

    def _check_start(self, head: bytes) -> None:
        if not head:
            raise self.refuse(f"is empty; {self.empty_hint}")
        looks = _encoding_of(head)
        if looks is not None:
            raise self.refuse(
                f"is not UTF-8 text ({looks}); "
                "save it as UTF-8 (in a spreadsheet: CSV, UTF-8) and try again."
            )


_BARE_QUOTE = (
    "a quote stands inside a cell that is not in quotes (RFC 4180 allows it only in a "
    'quoted cell, doubled: "James ""Jim"" Parker"); nothing was read after it.'
)


class _Lines:
    """The file's lines as the csv reader takes them, kept until the record is done:
    Python's csv module takes a quote inside an unquoted cell as text, strict or not."""

    def __init__(self, source: Iterator[str]) -> None:
        self._next = source.__next__
        # The lines of the record being read (it may span several); the reader's
        # user clears it after each record.
        self.taken: list[str] = []
        self._keep = self.taken.append

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._next()
        self._keep(line)
        return line


# One cell as RFC 4180 writes it: quoted (its quotes doubled), or free of quotes.
_CELL = re.compile(r'"[^"]*(?:""[^"]*)*"|[^",\r\n]*')


def _bare_quote(record: str) -> bool:
    """Whether a cell of the record holds a quote without being quoted itself."""
    i, end = 0, len(record)
    while True:
        match = _CELL.match(record, i)
        i = match.end() if match is not None else i
        if i >= end or record[i] in "\r\n":
            return False
        if record[i] == '"':
            return True
        i += 1  # past the comma


def _encoding_of(head: bytes) -> str | None:
    """What a file's first bytes say it is, when that is not UTF-8 text; None otherwise."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "it looks like UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "it looks like UTF-16"
    if b"\x00\x00\x00" in head:
        return "it looks like UTF-32"
    if b"\x00" in head:
        # UTF-16 text without a BOM has a NUL beside every ASCII letter.
        nuls = head.count(b"\x00")
        return "it looks like UTF-16" if nuls * 3 > len(head) else "it holds a NUL byte"
    return None


def _csv_trouble(message: str) -> str:
    if "field larger than field limit" in message:
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters "
            "(is a quote left unclosed?); nothing after it could be read."
        )
    if "unexpected end of data" in message:
        return "a quoted cell is never closed: the file ends inside it."
    if "expected after" in message:
        return 'a quote inside a quoted cell is not doubled ("").'
    return f"cannot be read as CSV ({message})."


def _not_utf8(path: Path) -> str:
    """The sentence for a file that is not UTF-8, naming the first bad line and byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError as error:
                byte = line[error.start]
                return (
                    f"is not UTF-8 text (line {number} has the byte 0x{byte:02X}, "
                    "perhaps Latin-1 or Windows-1252); save it as UTF-8 "
                    "(in a spreadsheet: CSV, UTF-8) and try again."
                )
    return "is not UTF-8 text; save it as UTF-8 and try again."


def check_header(rows: CsvRows, found: list[str], expected: tuple[str, ...]) -> None:
    """Refuse a header that is not exactly `expected`, saying what differs."""
    if tuple(found) == expected:
        return
    missing = [c for c in expected if c not in found]
    unknown = [c for c in found if c not in expected]
    parts = [f"column {c} is missing" for c in missing]
    parts += [f"column {c!r} is not one of its columns" for c in unknown]
    if not parts:
        parts = ["its columns are in another order"]
    raise rows.refuse(
        f"does not have the columns of a Kith export ({'; '.join(parts)}). "
        f"Its first line should be: {','.join(expected)}"
    )


def cell_reason(message: str) -> str:
    """A validation sentence ("The weight 7 is not between 1 and 5.") as a reason."""
    if message.startswith("The "):
        message = "the " + message[4:]
    return message.rstrip(".")
