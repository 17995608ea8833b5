"""Inserting many rows quickly inside one transaction, as the imports need.

Measured choices (the 500,000-event demo's export, into an empty journal):

- One INSERT with a few hundred VALUES rows rather than executemany of a
  one-row INSERT. SQLite builds the lists of the enumerations' CHECK
  constraints (`kind IN (...)`) again at every execution: 332,075 moments took
  5.1 s through executemany, 1.3 s two hundred to a statement.
- Values go to the driver as plain tuples. Core's `insert(table)` with a dict a
  row spends about 7 µs a row in bind processing, and the values are already
  what the journal stores (ISO dates, enumeration spellings, 1/0).
- A table's plain indexes are dropped and built again after, when it receives
  more rows than it holds (see `indexes_to_rebuild`).

Tried and left out: running the INSERTs on a thread of their own while the
caller's thread converts rows. sqlite3 does let go of the GIL while SQLite
works, but getting it back waits for the other thread's switch interval:
the second pass took 8.2 s that way, 7.0 s on one thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select

_MAX_PARAMETERS = 32_766  # SQLite's limit on `?` in one statement (since 3.32)
_ROWS_PER_STATEMENT = 200
_REBUILD_FROM = 5_000  # rows; below this an index is simply kept
Row = tuple[Any, ...]


class Batches:
    """Rows for one table's columns, inserted a few hundred to a statement."""

    def __init__(self, cursor: sqlite3.Cursor, table: Table, columns: Sequence[str]) -> None:
        missing = set(columns) - set(table.c.keys())
        assert not missing, f"{table.name} has no column {missing}"
        self.cursor = cursor
        self.size = max(1, min(_ROWS_PER_STATEMENT, _MAX_PARAMETERS // len(columns)))
        head = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
        one = f"({', '.join('?' * len(columns))})"
        self.one = head + one
        self.many = head + ", ".join([one] * self.size)
        self.rows: list[Row] = []

    def add(self, row: Row) -> None:
        """Queue one row; a full statement's worth goes to SQLite at once."""
        self.rows.append(row)
        if len(self.rows) >= self.size:
            self.cursor.execute(self.many, [v for row in self.rows for v in row])
            self.rows = []

    def flush(self) -> None:
        """Insert the rows still queued."""
        if self.rows:
            self.cursor.executemany(self.one, self.rows)
            self.rows = []


def indexes_to_rebuild(
    connection: Connection, tables: Sequence[Table], incoming: int | None
) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the plain indexes worth dropping before inserting.

    Building an index sorts once; inserting into it row by row lands at random
    places (favors: 2.5 s with their three indexes, 1.1 s dropped and built
    again). That pays when the rows coming in outnumber those already there;
    when how many are coming is not known (`incoming` None), when the table
    is empty (building an index over a few rows costs next to nothing).
    Unique indexes are never dropped: they are constraints.
    """
    found: list[tuple[str, str]] = []
    if incoming is not None and incoming < _REBUILD_FROM:
        return found
    for table in tables:
        present = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if present > (incoming if incoming is not None else 0):
            continue
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (table.name,),
        )
        found += [(row[0], row[1]) for row in rows]
    return found
