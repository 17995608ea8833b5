"""Alembic, driven from code: the user never types an alembic command."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from app.core.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r'^revision = "([^"]+)"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision = (?:None|"([^"]*)")$', re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code, pointing at Kith's own migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _revisions() -> tuple[frozenset[str], str]:
    """Every revision Kith ships, and the head, read from the migration files.

    Read without Alembic: importing it costs about 0.15 s, which every start-up
    would pay only to learn that the journal is already at head.
    """
    known: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        assert revision is not None and down is not None, f"{script.name}: no revision"
        known.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = known - parents
    assert len(heads) == 1, f"Kith ships one line of migrations, not {sorted(heads)}"
    return frozenset(known), heads.pop()


def head_revision() -> str:
    """The schema revision this version of Kith writes."""
    return _revisions()[1]


def is_known_revision(revision: str) -> bool:
    """False for a revision written by a newer Kith (it is not among our scripts)."""
    return revision in _revisions()[0]


def upgrade_to_head(connection: Connection) -> None:
    """Migrate inside the caller's transaction, then prove no reference dangles.

    The caller's connection has foreign keys off: a batch migration rebuilds a
    table by dropping it, and with foreign keys on that drop would cascade.
    """
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
    dangling = connection.execute(text("PRAGMA foreign_key_check")).first()
    if dangling is not None:
        raise RuntimeError(f"migration left a dangling reference in table {dangling[0]}")
