"""The CSV layout of docs/data-model.md, a fixed public contract: files, columns, spellings.

Decisions, documented in the README:

- Files are written as UTF-8 **with a byte-order mark** (`utf-8-sig`). A BOM is
  still UTF-8, and without it Excel reads UTF-8 as the local code page
  (accents, Arabic, CJK and emoji turn to mojibake). Python scripts read the
  files with `encoding="utf-8-sig"`; pandas and LibreOffice skip the BOM by
  themselves. The importer accepts files with or without it.
- Lines end with CRLF (RFC 4180) and cells are quoted only when needed.
- A free-text cell that would start with `=`, `+`, `-`, `@`, a tab, a carriage
  return, a NUL or an apostrophe gets one leading apostrophe, so that no
  spreadsheet reads it as a formula. Neutralising the apostrophe too makes the
  rule exactly reversible: on import, a cell that starts with an apostrophe
  followed by one of those characters loses that first apostrophe, and any
  other cell is taken as it is. Ids, dates, enumerations and numbers are never
  touched (they cannot start with any of these, except a birthday without a
  year, `--MM-DD`, which is a date, and left as the contract spells it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BOM = "\ufeff"
READ_ENCODING = "utf-8-sig"  # accepts a BOM, and a file without one
LINE_END = "\r\n"

# First characters that make a spreadsheet treat a cell as a formula (OWASP,
# CWE-1236), plus the apostrophe itself so that the rule can be undone exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00", "'")
_PREFIX = "'"


def neutralise(text: str) -> str:
    """The cell for a free-text value: a leading `'` when it could start a formula."""
    return _PREFIX + text if text[:1] in FORMULA_STARTS else text


def restore(cell: str) -> str:
    """Undo `neutralise`: drop the `'` it adds, and nothing else."""
    if cell[:1] == _PREFIX and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


@dataclass(frozen=True)
class CsvFile:
    """One file of an export: its name, its columns in order, and its free-text columns."""

    name: str
    columns: tuple[str, ...]
    text: frozenset[str]
    what: str  # its rows in words, for counts: "people", "moments"...


def _file(name: str, what: str, columns: str, text: str = "") -> CsvFile:
    return CsvFile(name, tuple(columns.split()), frozenset(text.split()), what)


CONTACTS = _file(
    "contacts.csv",
    "people",
    "id name tie how_met email phone organization birthday keep_in_touch_days notes created_at",
    "name how_met email phone organization notes",
)
INTERACTIONS = _file(
    "interactions.csv",
    "moments",
    "id occurred_on kind warmth initiated_by note contact_ids",
    "note",
)
FAVORS = _file(
    "favors.csv",
    "favors",
    "id contact_id direction occurred_on description weight expectation returns_favor_id",
    "description",
)
COALITIONS = _file(
    "coalitions.csv",
    "coalitions",
    "id name issue desired_outcome formality status started_on ended_on my_interest "
    "my_commitment differences",
    "name issue desired_outcome my_interest differences",
)
MEMBERSHIPS = _file(
    "memberships.csv",
    "memberships",
    "coalition_id contact_id role interest commitment knows_goal agrees_outcome joined_on left_on",
    "role interest",
)
JOINT_ACTIONS = _file(
    "joint_actions.csv",
    "joint actions",
    "id coalition_id occurred_on description outcome contact_ids",
    "description outcome",
)
JOURNAL = _file(
    "journal.csv",
    "journal entries",
    "id written_on text contact_id coalition_id prompt_rule",
    "text prompt_rule",
)
SUMMARY = _file(
    "summary.csv",
    "summary rows",
    "contact_id name tie interactions favors_given favors_received weight_given "
    "weight_received last_interaction_on transactional_index coalitions",
    "name coalitions",
)

# Every file an export holds, in the order they are written.
EXPORTED = (
    CONTACTS,
    INTERACTIONS,
    FAVORS,
    COALITIONS,
    MEMBERSHIPS,
    JOINT_ACTIONS,
    JOURNAL,
    SUMMARY,
)
# The files an import reads, in the order that lets each refer to the ones before.
IMPORTED = (CONTACTS, COALITIONS, INTERACTIONS, FAVORS, MEMBERSHIPS, JOINT_ACTIONS, JOURNAL)

ID_SEPARATOR = ";"
YES, NO = "yes", "no"


# `created_at` as the contract spells it, in UTC (for strftime, Python's and SQLite's).
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def stored_timestamp(moment: dt.datetime) -> str:
    """A UTC timestamp as the journal stores it (what SQLAlchemy's DateTime writes)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
