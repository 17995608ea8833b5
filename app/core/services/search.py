"""Find anything the user wrote: one query over people, moments, favors, reflections and coalitions.

The index is SQLite FTS5 (migration 17search): one external-content table per
kind of record, holding live rows only, kept in step by triggers. Matching
folds case and accents (`unicode61 remove_diacritics 2`), every word is a
prefix (results appear as the user types), all words must match, and
"quoted words" match as a phrase. Within a group, hits are ranked by bm25.

Scripts written without spaces (Chinese, Japanese, Thai; Korean too, whose
words carry their particles) are one long "word" to unicode61, so a query word
in those scripts is matched as a substring (LIKE) of the live rows instead:
exact characters, no ranking (newest first), and a scan of the kind's table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.core.store import Journal

# Around the matched words in a snippet (characters no one types in a journal).
MARK_ON = "\x02"
MARK_OFF = "\x03"

# The groups a user sees, in the order they are shown.
KINDS = ("person", "moment", "favor", "reflection", "coalition")
_KIND_WORDS = {
    "person": "People",
    "moment": "Moments",
    "favor": "Favors",
    "reflection": "Reflections",
    "coalition": "Coalitions",
}

# Scripts that do not separate words with spaces (and Hangul, which glues particles on).
_NO_SPACES = re.compile(
    "[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
# Ranking reads every match: among this many of each kind's newest matches only
# (a common word in 500,000 entries would otherwise cost 100 ms a keystroke).
WINDOW = 1000
_TOKEN = re.compile(r'"([^"]*)("?)|(\S+)')


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, where it opens, and a snippet with the match marked.

    `record` is the trash kind of the row ("contact", "interaction", "favor",
    "journal_entry", "coalition", "membership", "joint_action"); `contact_id`
    and `coalition_id` say which person or coalition page shows it.
    """

    kind: str
    record: str
    record_id: int
    title: str
    snippet: str
    when: str | None
    contact_id: int | None
    coalition_id: int | None
    rank: float

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces, for drawing the match in bold."""
        pieces: list[tuple[str, bool]] = []
        for i, chunk in enumerate(self.snippet.split(MARK_ON)):
            if i == 0:
                if chunk:
                    pieces.append((chunk, False))
                continue
            matched, _, rest = chunk.partition(MARK_OFF)
            if matched:
                pieces.append((matched, True))
            if rest:
                pieces.append((rest, False))
        return pieces

    def plain_snippet(self, on: str = "", off: str = "") -> str:
        """The snippet with the marks replaced (by nothing, or by `on`/`off`)."""
        return self.snippet.replace(MARK_ON, on).replace(MARK_OFF, off)


@dataclass(frozen=True)
class Query:
    """A typed query, split: an FTS5 expression, and words matched as substrings."""

    match: str | None
    substrings: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.match is None and not self.substrings


def parse(typed: str) -> Query:
    """What the user typed, as an FTS5 MATCH expression plus substring words.

    Every word is quoted (so AND, OR, NEAR, `-` and `*` are just text) and is a
    prefix; a quoted phrase is exact, and a phrase still being typed (no closing
    quote yet) is a prefix too. Words without a letter or digit are dropped.
    """
    terms: list[str] = []
    substrings: list[str] = []
    for phrase, closed, word in _TOKEN.findall(typed):
        chunk = (word or phrase).strip()
        if not any(ch.isalnum() for ch in chunk):
            continue
        if _NO_SPACES.search(chunk):
            substrings.extend(chunk.split())
            continue
        quoted = '"' + chunk.replace('"', "") + '"'
        terms.append(quoted if (not word and closed) else quoted + "*")
    return Query(" ".join(terms) or None, tuple(substrings))


@dataclass(frozen=True)
class _Source:
    kind: str
    record: str
    index: str
    table: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]
    # SELECT list after the id: title, when, contact_id, coalition_id (t is the row).
    fields: str
    # Further conditions on the row's people and coalitions being live.
    live: str = ""


_PERSON_NAMES = (
    "(SELECT group_concat(c.name, ', ') FROM interaction_participants p"
    " JOIN contacts c ON c.id = p.contact_id"
    " WHERE p.interaction_id = t.id AND c.deleted_at IS NULL)"
)
_FIRST_PERSON = (
    "(SELECT min(p.contact_id) FROM interaction_participants p"
    " JOIN contacts c ON c.id = p.contact_id"
    " WHERE p.interaction_id = t.id AND c.deleted_at IS NULL)"
)
_SOURCES = (
    _Source(
        "person",
        "contact",
        "search_people",
        "contacts",
        ("name", "how_met", "organization", "email", "phone", "notes"),
        (10.0, 2.0, 3.0, 3.0, 3.0, 1.0),
        "t.name, NULL, t.id, NULL",
    ),
    _Source(
        "moment",
        "interaction",
        "search_moments",
        "interactions",
        ("note",),
        (1.0,),
        f"{_PERSON_NAMES}, t.occurred_on, {_FIRST_PERSON}, NULL",
        f" AND {_FIRST_PERSON} IS NOT NULL",
    ),
    _Source(
        "favor",
        "favor",
        "search_favors",
        "favors",
        ("description",),
        (1.0,),
        "CASE t.direction WHEN 'given' THEN 'Given to ' ELSE 'Received from ' END || c.name,"
        " t.occurred_on, t.contact_id, NULL",
        " AND c.deleted_at IS NULL",
    ),
    _Source(
        "reflection",
        "journal_entry",
        "search_entries",
        "journal_entries",
        ("text",),
        (1.0,),
        "coalesce(c.name, k.name, 'Reflection'), t.written_on, t.contact_id, t.coalition_id",
        " AND (t.contact_id IS NULL OR c.deleted_at IS NULL)"
        " AND (t.coalition_id IS NULL OR k.deleted_at IS NULL)",
    ),
    _Source(
        "coalition",
        "coalition",
        "search_coalitions",
        "coalitions",
        ("name", "issue", "desired_outcome", "my_interest", "differences"),
        (10.0, 3.0, 3.0, 1.0, 1.0),
        "t.name, t.started_on, NULL, t.id",
    ),
    _Source(
        "coalition",
        "membership",
        "search_members",
        "memberships",
        ("role", "interest"),
        (1.0, 1.0),
        "k.name || ': ' || c.name, t.joined_on, t.contact_id, t.coalition_id",
        " AND c.deleted_at IS NULL AND k.deleted_at IS NULL",
    ),
    _Source(
        "coalition",
        "joint_action",
        "search_actions",
        "joint_actions",
        ("description", "outcome"),
        (1.0, 1.0),
        "k.name, t.occurred_on, NULL, t.coalition_id",
        " AND k.deleted_at IS NULL",
    ),
)

_JOINS = {
    "favors": " JOIN contacts c ON c.id = t.contact_id",
    "journal_entries": " LEFT JOIN contacts c ON c.id = t.contact_id"
    " LEFT JOIN coalitions k ON k.id = t.coalition_id",
    "memberships": " JOIN contacts c ON c.id = t.contact_id"
    " JOIN coalitions k ON k.id = t.coalition_id",
    "joint_actions": " JOIN coalitions k ON k.id = t.coalition_id",
}


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _substring_condition(source: _Source, count: int) -> str:
    clauses = []
    for i in range(count):
        either = " OR ".join(f"t.{column} LIKE :s{i} ESCAPE '\\'" for column in source.columns)
        clauses.append(f" AND ({either})")
    return "".join(clauses)


def _statement(source: _Source, query: Query) -> str:
    joins = _JOINS.get(source.table, "")
    substrings = _substring_condition(source, len(query.substrings))
    if query.match is not None:
        weights = ", ".join(str(w) for w in source.weights)
        # FTS5 itself sorts by its rank column, so the snippet and the title are
        # made for the rows shown only; CROSS JOIN keeps the index the outer loop.
        return (
            f"SELECT t.id, {source.fields},"
            f" snippet({source.index}, -1, '{MARK_ON}', '{MARK_OFF}', '…', 12), rank"
            f" FROM {source.index} CROSS JOIN {source.table} t ON t.id = {source.index}.rowid"
            f"{joins}"
            f" WHERE {source.index} MATCH :match AND rank MATCH 'bm25({weights})'"
            f" AND {source.index}.rowid >= coalesce((SELECT rowid FROM {source.index}"
            f" WHERE {source.index} MATCH :match ORDER BY rowid DESC LIMIT 1 OFFSET {WINDOW - 1}),"
            " 0)"
            f"{source.live}{substrings}"
            " ORDER BY rank LIMIT :limit"
        )
    texts = " || ' ' || ".join(f"t.{column}" for column in source.columns)
    return (
        f"SELECT t.id, {source.fields}, {texts}, 0.0"
        f" FROM {source.table} t{joins}"
        f" WHERE t.deleted_at IS NULL{source.live}{substrings}"
        " ORDER BY t.id DESC LIMIT :limit"
    )


def _substring_snippet(whole: str, words: Sequence[str]) -> str:
    """A short window of `whole` around the first word found, every word marked."""
    flat = " ".join(whole.split())
    first = min((flat.find(w) for w in words if w in flat), default=0)
    start = max(0, first - 20)
    window = flat[start : start + 80]
    for word in sorted(set(words), key=len, reverse=True):
        window = window.replace(word, f"{MARK_ON}{word}{MARK_OFF}")
    return ("…" if start else "") + window + ("…" if start + 80 < len(flat) else "")


def search(
    journal: Journal, typed: str, *, kinds: Iterable[str] | None = None, limit: int = 20
) -> list[Hit]:
    """Everything live that matches `typed`, grouped by kind (KINDS order), best first.

    At most `limit` hits for each kind of record. An empty query finds nothing.
    """
    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        from app.core.errors import ValidationError

        raise ValidationError(
            "kind",
            f"Kith cannot search for {sorted(unknown)[0]!r}: the kinds are {', '.join(KINDS)}.",
        )
    query = parse(typed)
    if query.empty:
        return []
    hits: list[Hit] = []
    with journal.engine.connect() as connection:
        for source in _SOURCES:
            if source.kind in wanted:
                hits.extend(_search_one(connection, source, query, limit))
    order = {kind: i for i, kind in enumerate(KINDS)}
    hits.sort(key=lambda hit: (order[hit.kind], hit.rank))
    return hits


def _search_one(connection: Connection, source: _Source, query: Query, limit: int) -> list[Hit]:
    params: dict[str, Any] = {"match": query.match, "limit": limit}
    params.update({f"s{i}": _like(word) for i, word in enumerate(query.substrings)})
    rows = connection.execute(text(_statement(source, query)), params).all()
    hits = []
    for record_id, title, when, contact_id, coalition_id, snippet, rank in rows:
        if query.match is None:
            snippet = _substring_snippet(snippet or "", query.substrings)
        hits.append(
            Hit(
                source.kind,
                source.record,
                record_id,
                " ".join(str(title or "").split()),
                " ".join(str(snippet or "").split()),
                None if when is None else str(when),
                contact_id,
                coalition_id,
                float(rank),
            )
        )
    return hits


def kind_word(kind: str) -> str:
    """The group's heading, as the search window shows it ("People", "Moments", ...)."""
    return _KIND_WORDS[kind]


def forget_deleted(journal: Journal) -> None:
    """Make text deleted for good leave the index's pages, the file and its WAL.

    FTS5 before SQLite 3.42 keeps a deleted row's words in its index segments
    until they are merged; 'optimize' merges every segment into one, the old
    pages are freed (and zeroed: the journal runs with `secure_delete`), and a
    TRUNCATE checkpoint empties the WAL that still holds their old images.
    """
    with journal.engine.begin() as connection:
        for source in _SOURCES:
            connection.exec_driver_sql(
                f"INSERT INTO {source.index} ({source.index}) VALUES ('optimize')"
            )
    with journal.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def rebuild(journal: Journal) -> None:
    """Index every live row again from scratch (after a repair, or a batch migration)."""
    with journal.engine.begin() as connection:
        for source in _SOURCES:
            names = ", ".join(source.columns)
            connection.exec_driver_sql(
                f"INSERT INTO {source.index} ({source.index}) VALUES ('delete-all')"
            )
            connection.exec_driver_sql(
                f"INSERT INTO {source.index} (rowid, {names})"
                f" SELECT id, {names} FROM {source.table} WHERE deleted_at IS NULL"
            )
