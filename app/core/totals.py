"""Each person's running totals (PersonTotals): read them, and prove them right.

SQLite triggers keep the totals on every write (see migration 0004). This
module holds the one definition of what they must equal, aggregated from the
entries themselves, so that `kith check` and the tests can compare, and a
damaged table can be rebuilt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, text

from app.core.store import Journal

# What every person's totals must be, computed from scratch ({only}: for some people).
_FRESH = """
SELECT c.id,
       coalesce(f.favors_given, 0), coalesce(f.favors_received, 0),
       coalesce(f.weight_given, 0), coalesce(f.weight_received, 0), coalesce(f.ledger, 0),
       coalesce(m.moments, 0), coalesce(m.warmth_total, 0), coalesce(m.warmth_rated, 0),
       m.last_moment_on
FROM contacts c
LEFT JOIN (SELECT contact_id,
                  sum(direction = 'given') AS favors_given,
                  sum(direction = 'received') AS favors_received,
                  CAST(total(CASE direction WHEN 'given' THEN weight END) AS INTEGER)
                      AS weight_given,
                  CAST(total(CASE direction WHEN 'received' THEN weight END) AS INTEGER)
                      AS weight_received,
                  sum(expectation = 'explicit' OR returns_favor_id IS NOT NULL) AS ledger
           FROM favors WHERE deleted_at IS NULL {only_f} GROUP BY contact_id) AS f
       ON f.contact_id = c.id
LEFT JOIN (SELECT p.contact_id, count(*) AS moments,
                  CAST(total(i.warmth) AS INTEGER) AS warmth_total,
                  count(i.warmth) AS warmth_rated, max(i.occurred_on) AS last_moment_on
           FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
           WHERE i.deleted_at IS NULL {only_p} GROUP BY +p.contact_id) AS m
       ON m.contact_id = c.id
{only_c}
"""
FRESH = _FRESH.format(only_f="", only_p="", only_c="")
_COLUMNS = (
    "contact_id, favors_given, favors_received, weight_given, weight_received, ledger, "
    "moments, warmth_total, warmth_rated, last_moment_on"
)

_STORED = """
SELECT c.id, t.favors_given, t.favors_received, t.weight_given, t.weight_received, t.ledger,
       t.moments, t.warmth_total, t.warmth_rated, t.last_moment_on
FROM contacts c LEFT JOIN person_totals t ON t.contact_id = c.id
"""


def mismatched(journal: Journal) -> list[int]:
    """Ids of people whose stored totals differ from their entries (none, if all is well)."""
    with journal.engine.connect() as connection:
        rows = connection.execute(text(f"{FRESH} EXCEPT {_STORED}")).all()
    return sorted(row[0] for row in rows)


def rebuild(journal: Journal) -> int:
    """Recompute every person's totals from their entries; returns how many were wrong."""
    wrong = len(mismatched(journal))
    with journal.engine.begin() as connection:
        connection.execute(text("DELETE FROM person_totals"))
        connection.execute(text(f"INSERT INTO person_totals ({_COLUMNS}) {FRESH}"))
    return wrong


@contextlib.contextmanager
def bulk_insert(connection: Connection) -> Iterator[None]:
    """Around a bulk insert of new rows, inside the caller's transaction.

    The totals' triggers step aside while the rows go in (they cost a sixth of
    a 100,000-row CSV import); afterwards the totals of everyone the new rows
    touch are computed in one pass, and the triggers are put back with their
    own CREATE statements. Only for inserts of rows with ids above the
    journal's highest (what the CSV import writes), not for edits.
    """
    highest = {
        table: connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
        for table in ("contacts", "favors", "interactions")
    }
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'tr_*_totals_*'"
    ).all()
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    if not any(highest.values()):
        # A restore into an empty journal: everyone is new, and has no totals yet.
        connection.exec_driver_sql(f"INSERT INTO person_totals ({_COLUMNS}) {FRESH}")
    else:
        connection.exec_driver_sql(
            "CREATE TEMP TABLE touched_people AS"
            f" SELECT id AS contact_id FROM contacts WHERE id > {highest['contacts']}"
            f" UNION SELECT contact_id FROM favors WHERE id > {highest['favors']}"
            " UNION SELECT contact_id FROM interaction_participants"
            f" WHERE interaction_id > {highest['interactions']}"
        )
        touched = "IN (SELECT contact_id FROM temp.touched_people)"
        connection.exec_driver_sql(f"DELETE FROM person_totals WHERE contact_id {touched}")
        fresh = _FRESH.format(
            only_f=f"AND contact_id {touched}",
            only_p=f"AND p.contact_id {touched}",
            only_c=f"WHERE c.id {touched}",
        )
        connection.exec_driver_sql(f"INSERT INTO person_totals ({_COLUMNS}) {fresh}")
        connection.exec_driver_sql("DROP TABLE temp.touched_people")
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
