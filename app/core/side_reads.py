"""Queries run beside the caller: on a thread and a connection of their own.

For a read whose work is in SQLite (an aggregation, with few rows out) while
the caller's thread has Python work of its own. Each query comes back as one
row holding all of its rows as JSON. The driver lets go of Python's lock while
SQLite works, but takes it back for every row it hands over, and then waits
out the other thread's switch interval (5 ms): row by row, a few thousand rows
took seconds. As one JSON text, the whole query runs outside the lock, and
json.loads makes the rows in C.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import Connection

from app.core.store import Journal


class Statement(NamedTuple):
    """A select as the driver takes it, and how many columns it gives."""

    sql: str
    values: Sequence[Any]
    width: int


def driver(connection: Connection) -> Any:
    """The driver's own connection under SQLAlchemy's."""
    return connection.connection.driver_connection


def has_json(connection: Connection) -> bool:
    """Whether this SQLite has its JSON functions (built in since 3.38; optional before)."""
    try:
        driver(connection).execute("SELECT json_array(1)").fetchone()
    except Exception:  # the driver's OperationalError: sqlite3's or SQLCipher's
        return False
    return True


@contextmanager
def read_beside(journal: Journal, statements: Sequence[Statement]) -> Iterator[SideRead]:
    """Start `statements` on another thread, in one read transaction of their own.

    The block gets the SideRead to ask for the rows when it needs them; the
    thread is done before the block ends, whatever happened in it.
    """
    with journal.engine.connect() as connection, connection.begin():
        reader = SideRead(driver(connection), statements)
        try:
            yield reader
        finally:
            reader.close()  # before the connection goes back to the pool


class SideRead:
    """Statements being read, in their order, on a thread of their own."""

    def __init__(self, connection: Any, statements: Sequence[Statement]) -> None:
        self._connection = connection
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-side-read")
        self._futures = [
            self._pool.submit(
                self._read, _as_json(statement.sql, statement.width), statement.values
            )
            for statement in statements
        ]

    def _read(self, sql: str, values: Sequence[Any]) -> list[Any]:
        cursor = self._connection.cursor()
        try:
            rows: list[Any] = json.loads(cursor.execute(sql, values).fetchone()[0])
            return rows
        finally:
            cursor.close()

    def rows(self, index: int) -> list[Any]:
        """The rows (as lists) of the statement at `index`, waiting for it if need be."""
        return self._futures[index].result()

    def close(self) -> None:
        """Wait for the thread, whatever happened meanwhile."""
        self._pool.shutdown(wait=True)


def _as_json(sql: str, width: int) -> str:
    names = ", ".join(f"c{n}" for n in range(width))
    return f"WITH found({names}) AS ({sql}) SELECT json_group_array(json_array({names})) FROM found"
