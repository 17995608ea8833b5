"""Each person's running totals (PersonTotals): read them, and prove them right.

SQLite triggers keep the totals on every write (see migration 0004). This
module holds the one definition of what they must equal, aggregated from the
entries themselves, so that `kith check` and the tests can compare, and a
damaged table can be rebuilt.
"""

from __future__ import annotations

from sqlalchemy import text

from app.core.store import Journal

# What every person's totals must be, computed from scratch.
FRESH = """
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
           FROM favors WHERE deleted_at IS NULL GROUP BY contact_id) AS f
       ON f.contact_id = c.id
LEFT JOIN (SELECT p.contact_id, count(*) AS moments,
                  CAST(total(i.warmth) AS INTEGER) AS warmth_total,
                  count(i.warmth) AS warmth_rated, max(i.occurred_on) AS last_moment_on
           FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
           WHERE i.deleted_at IS NULL GROUP BY +p.contact_id) AS m
       ON m.contact_id = c.id
"""

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
    columns = (
        "contact_id, favors_given, favors_received, weight_given, weight_received, ledger, "
        "moments, warmth_total, warmth_rated, last_moment_on"
    )
    with journal.engine.begin() as connection:
        connection.execute(text("DELETE FROM person_totals"))
        connection.execute(text(f"INSERT INTO person_totals ({columns}) {FRESH}"))
    return wrong
