"""The first pass of a Kith CSV import: check every row, remember only ids.

Each row's cells are checked (`kith_rows`), then its references: ids that
appear twice, a person or coalition id that no row of contacts.csv or
coalitions.csv holds, a favor that repays one that is missing, with someone
else, in the same direction or later. What is kept for the second pass is a
few bytes a row: ids with their positions (`IdIndex`), and for favors the
person, day and direction that repayments are checked against.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.csvio import format as f
from app.core.csvio.kith_rows import IdIndex, parse_row
from app.core.csvio.matching import PersonMatcher
from app.core.csvio.reading import CsvRows, FileRefused, Problems, check_header
from app.core.errors import CsvImportError, CsvProblem, OperationCancelledError

_EMPTY_HINT = "a Kith export has a header row."
_REPORT_EVERY = 2_000
_WHAT = {f.CONTACTS.name: "person", f.COALITIONS.name: "coalition"}
_UNKNOWN = -1  # the person of a favor whose row is bad: not checked against
# Opened for each file of a one-pass import: takes each row's values once checked.
Writer = Callable[[f.CsvFile], AbstractContextManager[Callable[[list[Any]], None]]]
CHANGED = CsvProblem(
    "The export", None, None, "changed while it was being imported; import it again."
)


@dataclass(frozen=True)
class PersonMatch:
    """A person in contacts.csv who is already in the journal."""

    line: int
    incoming_id: int
    name: str
    existing_id: int
    existing_name: str


class Scan:
    """Both passes read the files through this; the first one also checks them."""

    def __init__(
        self,
        folder: Path,
        matcher: PersonMatcher | None,
        progress: Callable[[float], None] | None,
        cancelled: Callable[[], bool] | None,
        span: float = 1.0,
    ) -> None:
        self.folder = folder
        self.matcher = matcher  # None: a full restore into an empty journal
        self.report = progress or (lambda _fraction: None)
        self.cancelled = cancelled or (lambda: False)
        self.span = span  # the share of the progress bar that checking takes
        self.problems = Problems()
        self.unreadable: set[str] = set()
        self.ids = {spec.name: IdIndex() for spec in f.IMPORTED}
        self.rows: dict[str, int] = {}
        self.matches: list[PersonMatch] = []
        self.existing = array("q")  # by contact position: the person matched, or 0
        self.favor_contact = array("q")  # by favor position: the person
        self.favor_day = array("q")  # by favor position: day number * 2 + (1 if given)
        self.repays: list[tuple[int, int, int]] = []  # (line, favor position, repaid id)
        self.memberships: set[tuple[int, int]] = set()
        self.merged: set[tuple[int, int]] = set()  # (coalition, person) once people match
        self.merged_memberships = 0
        self.total_bytes = sum(_size(folder / spec.name) for spec in f.IMPORTED) or 1
        self.done_bytes = 0
        self.signatures: dict[str, tuple[int, int] | None] = {}
        self.written = False

    def records(
        self, spec: f.CsvFile, start: float, span: float, *, checked: bool = False
    ) -> Iterator[tuple[int, list[str], list[Any] | None]]:
        """Each row of `spec`'s file: (line, cells, stored values or None if bad).

        `checked` (the second pass) only converts the cells, after making sure
        the file is the one the first pass checked. Raises FileRefused for a
        file that cannot be read, OperationCancelledError when `cancelled()`
        turns True; reports progress from `start` over `span`.
        """
        path = self.folder / spec.name
        if checked and _signature(path) != self.signatures.get(spec.name):
            raise CsvImportError([CHANGED])
        self.signatures[spec.name] = _signature(path)
        rows = CsvRows(path, spec.name, empty_hint=_EMPTY_HINT)
        records = iter(rows)
        header = next(records, None)
        if header is None:
            raise rows.refuse("has no header row; " + _EMPTY_HINT)
        check_header(rows, header[1], spec.columns)
        for count, (line, cells) in enumerate(records):
            yield line, cells, parse_row(spec, line, cells, self.problems, checked=checked)
            if count % _REPORT_EVERY == 0:
                if self.cancelled():
                    raise OperationCancelledError("The import was cancelled; nothing was imported.")
                done = (self.done_bytes + rows.position) / self.total_bytes
                self.report(start + span * min(done, 1.0))
        self.done_bytes += _size(rows.path)

    def still_valid(self, folder: Path, matcher: PersonMatcher | None) -> bool:
        """Whether this checked scan can be written as it is: same folder, same
        files, same people in the journal, and not written before."""
        same_people = (matcher is None) == (self.matcher is None) and (
            matcher is None or self.matcher is None or matcher.digest == self.matcher.digest
        )
        same_files = all(
            _signature(self.folder / spec.name) == self.signatures.get(spec.name)
            for spec in f.IMPORTED
        )
        return (
            not self.written
            and self.signatures != {}
            and folder.absolute() == self.folder.absolute()
            and same_people
            and same_files
        )

    def resume(
        self, progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        """Write with new callbacks, the writing pass taking the whole progress bar."""
        self.report = progress or (lambda _fraction: None)
        self.cancelled = cancelled or (lambda: False)
        self.span = 0.0

    def check(self, write: Writer | None = None) -> None:
        """The first pass: raises CsvImportError naming every problem found.

        With `write`, each row also goes to the journal as soon as it checks out,
        until the first problem: the one pass of a restore (see `kith_import`).
        """
        self.report(0.0)
        self.done_bytes = 0
        if not self.folder.is_dir():
            why = "is not a folder" if self.folder.exists() else "does not exist"
            raise CsvImportError(
                [
                    CsvProblem(
                        str(self.folder), None, None, f"{why}; give the folder of a Kith export"
                    )
                ]
            )
        checks = {
            f.CONTACTS.name: self._contact,
            f.COALITIONS.name: self._coalition,
            f.INTERACTIONS.name: self._moment,
            f.FAVORS.name: self._favor,
            f.MEMBERSHIPS.name: self._membership,
            f.JOINT_ACTIONS.name: self._action,
            f.JOURNAL.name: self._entry,
        }
        for spec in f.IMPORTED:
            count = 0
            check = checks[spec.name]
            try:
                with write(spec) if write is not None else nullcontext(None) as keep:
                    for line, cells, values in self.records(spec, 0.0, self.span):
                        count += 1
                        if values is None:
                            self._bad_row(spec, cells)
                            continue
                        check(spec, line, values)
                        if keep is not None and not self.problems:
                            keep(values)
            except FileRefused as refused:
                self.problems.append(refused.problem)
                self.unreadable.add(spec.name)
            self.rows[spec.name] = count
            if spec is f.FAVORS:
                self._check_repays()
        self.problems.raise_if_any()
        self.report(self.span)

    def _bad_row(self, spec: f.CsvFile, cells: list[str]) -> None:
        """Keep a bad row's id, if readable, so that rows pointing at it say nothing more."""
        if spec is f.MEMBERSHIPS or not cells or not (cells[0].isascii() and cells[0].isdigit()):
            return
        if self.ids[spec.name].add(int(cells[0])):
            if spec is f.CONTACTS:
                self.existing.append(0)
            elif spec is f.FAVORS:
                self.favor_contact.append(_UNKNOWN)
                self.favor_day.append(0)

    def _is_new(self, spec: f.CsvFile, line: int, record_id: int) -> bool:
        if self.ids[spec.name].add(record_id):
            return True
        self.problems.add(spec.name, line, "id", f"id {record_id} is used by an earlier row too")
        return False

    def _refer(self, spec: f.CsvFile, line: int, column: str, target: f.CsvFile, ref: int) -> None:
        if ref not in self.ids[target.name] and target.name not in self.unreadable:
            self.problems.add(
                spec.name,
                line,
                column,
                f"there is no {_WHAT[target.name]} with id {ref} in {target.name}",
            )

    def _contact(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        record_id, name, email = values[0], values[1], values[4]
        if not self._is_new(spec, line, record_id):
            return
        found = self.matcher.find(name, email) if self.matcher else None
        self.existing.append(found or 0)
        if found is not None and self.matcher is not None:
            self.matches.append(
                PersonMatch(line, record_id, name, found, self.matcher.names[found])
            )

    def _coalition(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        self._is_new(spec, line, values[0])

    def _moment(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        self._is_new(spec, line, values[0])
        for person in values[-1]:
            self._refer(spec, line, "contact_ids", f.CONTACTS, person)

    def _favor(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        if not self._is_new(spec, line, values[0]):
            return
        self._refer(spec, line, "contact_id", f.CONTACTS, values[1])
        self.favor_contact.append(values[1])
        self.favor_day.append(_day_number(values[3]) * 2 + (values[2] == "given"))
        if values[7] is not None:
            self.repays.append((line, self.ids[spec.name].count - 1, values[7]))

    def _check_repays(self) -> None:
        """Each repaying favor against the one it repays (which may come later in the file)."""
        favors = self.ids[f.FAVORS.name]
        for line, position, repaid in self.repays:
            target = favors.position(repaid)
            person, day = self.favor_contact, self.favor_day
            if target >= 0 and person[target] == _UNKNOWN:
                continue  # that row has problems of its own
            reason = None
            if target < 0:
                reason = f"there is no favor with id {repaid} in favors.csv"
            elif target == position:
                reason = "a favor cannot repay itself"
            elif person[target] != person[position]:
                reason = f"favor {repaid} is with another person"
            elif day[target] % 2 == day[position] % 2:
                reason = f"favor {repaid} goes the same way; a favor repays one the other way"
            elif day[target] // 2 > day[position] // 2:
                reason = f"favor {repaid} came after this one; a favor repays an earlier one"
            if reason and f.FAVORS.name not in self.unreadable:
                self.problems.add(f.FAVORS.name, line, "returns_favor_id", reason)
        self.repays = []

    def _membership(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        coalition, person = values[0], values[1]
        self._refer(spec, line, "coalition_id", f.COALITIONS, coalition)
        self._refer(spec, line, "contact_id", f.CONTACTS, person)
        if (coalition, person) in self.memberships:
            self.problems.add(
                spec.name,
                line,
                "contact_id",
                f"person {person} is already a member of coalition {coalition} in an earlier row",
            )
        self.memberships.add((coalition, person))
        if self.matcher is not None and person in self.ids[f.CONTACTS.name]:
            # Two people of the files matched to the same person: one membership.
            pair = (coalition, self.person_key(person))
            if pair in self.merged:
                self.merged_memberships += 1
            self.merged.add(pair)

    def person_key(self, person: int) -> int:
        """Who a person of the files is in the journal: the matched id, or a new one's -position."""
        position = self.ids[f.CONTACTS.name].position(person)
        return self.existing[position] or -1 - position

    def _action(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        self._is_new(spec, line, values[0])
        self._refer(spec, line, "coalition_id", f.COALITIONS, values[1])
        for person in values[-1]:
            self._refer(spec, line, "contact_ids", f.CONTACTS, person)

    def _entry(self, spec: f.CsvFile, line: int, values: list[Any]) -> None:
        self._is_new(spec, line, values[0])
        if values[3] is not None:
            self._refer(spec, line, "contact_id", f.CONTACTS, values[3])
        if values[4] is not None:
            self._refer(spec, line, "coalition_id", f.COALITIONS, values[4])


def _day_number(iso_day: str) -> int:
    """A number that orders ISO days as the calendar does (not a count of days)."""
    return int(iso_day[:4]) * 372 + int(iso_day[5:7]) * 31 + int(iso_day[8:10])


def _signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time: what tells that a file changed between the passes."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
