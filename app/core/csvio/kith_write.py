"""Writing a Kith CSV import: the second pass over the checked files, or the one
pass of a small restore, where each row goes in as soon as the check passes it.

Rows go to SQLite through `bulk` (a few hundred to a statement), inside the
caller's one transaction.

In a full restore every id is kept. In a merge, each file's records get ids
after the journal's highest (a record's new id is that plus its position in
the file), a matched person is the existing person, and every reference is
mapped accordingly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.exc import IntegrityError

from app.core import totals
from app.core.csvio import format as f
from app.core.csvio.bulk import Batches, indexes_to_rebuild
from app.core.csvio.kith_scan import CHANGED, Scan
from app.core.csvio.known_records import NEW, KnownRecords
from app.core.csvio.tables import PARTICIPANTS, TABLES, stored_columns
from app.core.errors import CsvImportError

Emit = Callable[[list[Any], Batches, Batches | None], None]


def write_rows(scan: Scan, connection: Connection) -> None:
    """Insert every row of the files `scan` has checked, through `connection`.

    The plain indexes of a table that receives more rows than it holds are
    dropped first and built again after, with their own CREATE statements, in
    the same transaction: the schema ends exactly as it was.
    """
    scan.written = True
    scan.done_bytes = 0
    files = _Files(scan, connection)
    try:
        with totals.bulk_insert(connection):
            for spec in f.IMPORTED:
                expected = scan.rows[spec.name]
                with files.writer(spec, expected) as keep:
                    count = 0
                    for _line, _cells, values in scan.records(
                        spec, scan.span, 1.0 - scan.span, checked=True
                    ):
                        if values is None:
                            scan.problems.raise_if_any()
                        keep(cast(list[Any], values))
                        count += 1
                if count != expected:
                    raise CsvImportError([CHANGED])
    except (IntegrityError, sqlite3.IntegrityError, KeyError, IndexError, ValueError) as error:
        # Only if the files changed between the passes: the first checked everything.
        raise CsvImportError([CHANGED]) from error
    scan.report(1.0)


def check_and_write(scan: Scan, connection: Connection) -> None:
    """Check the files and insert their rows in one pass: a restore into an empty journal.

    Each row goes in as soon as it checks out, until the first problem; the
    check then raises, and the caller rolls its transaction back. The ids are
    kept as they are, so nothing needs the whole file first. (A merge cannot:
    a favor may repay one further down the file, whose new id is not known yet.)
    """
    assert scan.matcher is None, "one pass only for a restore"
    scan.written = True
    files = _Files(scan, connection)
    with totals.bulk_insert(connection):
        scan.check(write=files.writer)
    scan.report(1.0)


class _Files:
    """Where each file's rows go: its table (and participants), with the plain
    indexes dropped while they go in and built again after."""

    def __init__(self, scan: Scan, connection: Connection) -> None:
        self.connection = connection
        ids = _IdMap(scan, connection)
        self.emitters: dict[str, Emit] = {
            f.CONTACTS.name: ids.contact_row,
            f.COALITIONS.name: ids.coalition_row,
            f.INTERACTIONS.name: ids.moment_rows,
            f.FAVORS.name: ids.favor_row,
            f.MEMBERSHIPS.name: ids.membership_row,
            f.JOINT_ACTIONS.name: ids.action_rows,
            f.JOURNAL.name: ids.entry_row,
        }

    @contextmanager
    def writer(
        self, spec: f.CsvFile, incoming: int | None = None
    ) -> Iterator[Callable[[list[Any]], None]]:
        """Takes the stored values of each row of `spec`'s file (`incoming` of
        them, if known); the last ones go in when the block ends without error."""
        targets: list[tuple[Table, Sequence[str]]] = [(TABLES[spec.name], stored_columns(spec))]
        if spec.name in PARTICIPANTS:
            people_table = PARTICIPANTS[spec.name]
            targets.append((people_table, tuple(c.name for c in people_table.columns)))
        indexes = indexes_to_rebuild(self.connection, [t for t, _c in targets], incoming)
        for name, _sql in indexes:
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            main, *rest = [Batches(cursor, table, columns) for table, columns in targets]
            people = rest[0] if rest else None
            emit = self.emitters[spec.name]
            yield lambda values: emit(values, main, people)
            main.flush()
            if people is not None:
                people.flush()
        finally:
            cursor.close()
        for _name, sql in indexes:
            self.connection.exec_driver_sql(sql)


class _IdMap:
    """The id each record of the files gets in the journal, and the rows that use them."""

    def __init__(self, scan: Scan, connection: Connection) -> None:
        self.scan = scan
        self.merge = scan.matcher is not None
        self.base: dict[str, int] = {}
        if self.merge:
            for name, table in TABLES.items():
                highest = connection.execute(select(func.max(table.c.id))).scalar_one()
                self.base[name] = (highest or 0) + 1
        self.next_person = self.base.get(f.CONTACTS.name, 0)
        self.memberships: set[tuple[int, int]] = set()
        # A merge skips what the journal has already (`known_records`); references to a
        # record skipped go to the journal's own, by file and id in the file.
        self.known = KnownRecords(connection) if self.merge else None
        self.same: dict[str, dict[int, int]] = {}
        self.skipped: dict[str, set[int]] = {}

    def _already(self, spec: f.CsvFile, values: list[Any]) -> bool:
        """Whether the journal has this record already (its id then stands for it)."""
        if self.known is None:
            return False
        if spec is f.FAVORS:  # a favor may repay one further down: all are decided first
            if spec.name not in self.skipped:
                self._decide(spec)
            return values[0] in self.skipped[spec.name]
        verdict, found = self.known.verdict(spec, values, self.person, self.coalition)
        if verdict != NEW and found is not None and spec.columns[0] == "id":
            self.same.setdefault(spec.name, {})[values[0]] = found
        return verdict != NEW

    def _decide(self, spec: f.CsvFile) -> None:
        assert self.known is not None
        skipped = self.skipped.setdefault(spec.name, set())
        done = self.scan.done_bytes
        for _line, _cells, values in self.scan.records(spec, 0.0, 0.0, checked=True):
            if values is None:
                continue
            verdict, found = self.known.verdict(spec, values, self.person, self.coalition)
            if verdict != NEW and found is not None:
                skipped.add(values[0])
                self.same.setdefault(spec.name, {})[values[0]] = found
        self.scan.done_bytes = done

    def _new(self, spec: f.CsvFile, record_id: int) -> int:
        if not self.merge:
            return record_id
        same = self.same.get(spec.name)
        if same is not None and record_id in same:
            return same[record_id]
        position = self.scan.ids[spec.name].position(record_id)
        if position < 0:
            raise KeyError(record_id)
        return self.base[spec.name] + position

    def person(self, record_id: int) -> int:
        """The journal id of the person with `record_id` in contacts.csv."""
        if not self.merge:
            return record_id
        return self.scan.existing[self.scan.ids[f.CONTACTS.name].position(record_id)]

    def people(self, record_ids: tuple[int, ...]) -> tuple[int, ...]:
        if not self.merge:
            return record_ids
        # Two people of the files may have matched the same person in the journal.
        return tuple(dict.fromkeys(self.person(p) for p in record_ids))

    def coalition(self, record_id: int) -> int:
        """The journal id of the coalition with `record_id` in coalitions.csv."""
        return self._new(f.COALITIONS, record_id)

    def contact_row(self, values: list[Any], main: Batches, _people: Batches | None) -> None:
        if not self.merge:
            main.add(tuple(values))
            return
        position = self.scan.ids[f.CONTACTS.name].position(values[0])
        if self.scan.existing[position]:
            return  # already in the journal
        self.scan.existing[position] = self.next_person
        main.add((self.next_person, *values[1:]))
        self.next_person += 1

    def coalition_row(self, values: list[Any], main: Batches, _people: Batches | None) -> None:
        if not self._already(f.COALITIONS, values):
            main.add((self.coalition(values[0]), *values[1:]))

    def moment_rows(self, values: list[Any], main: Batches, people: Batches | None) -> None:
        if self._already(f.INTERACTIONS, values):
            return
        moment = self._new(f.INTERACTIONS, values[0])
        main.add((moment, *values[1:-1]))
        assert people is not None
        for person in self.people(values[-1]):
            people.add((moment, person))

    def favor_row(self, values: list[Any], main: Batches, _people: Batches | None) -> None:
        if self._already(f.FAVORS, values):
            return
        repaid = values[7]
        main.add(
            (
                self._new(f.FAVORS, values[0]),
                self.person(values[1]),
                *values[2:7],
                None if repaid is None else self._new(f.FAVORS, repaid),
            )
        )

    def membership_row(self, values: list[Any], main: Batches, _people: Batches | None) -> None:
        pair = (self.coalition(values[0]), self.person(values[1]))
        if pair not in self.memberships and not self._already(f.MEMBERSHIPS, values):
            self.memberships.add(pair)
            main.add((*pair, *values[2:]))

    def action_rows(self, values: list[Any], main: Batches, people: Batches | None) -> None:
        if self._already(f.JOINT_ACTIONS, values):
            return
        action = self._new(f.JOINT_ACTIONS, values[0])
        main.add((action, self.coalition(values[1]), *values[2:-1]))
        assert people is not None
        for person in self.people(values[-1]):
            people.add((action, person))

    def entry_row(self, values: list[Any], main: Batches, _people: Batches | None) -> None:
        if self._already(f.JOURNAL, values):
            return
        person, coalition = values[3], values[4]
        main.add(
            (
                self._new(f.JOURNAL, values[0]),
                *values[1:3],
                None if person is None else self.person(person),
                None if coalition is None else self.coalition(coalition),
                values[5],
            )
        )
