"""Alembic, driven from code: the user never types an alembic command."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text

from app.core.paths import migrations_dir


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code, pointing at Kith's own migrations."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema revision this version of Kith writes."""
    head = _scripts().get_current_head()
    assert head is not None, "Kith ships at least one migration"
    return head


def is_known_revision(revision: str) -> bool:
    """False for a revision written by a newer Kith (it is not among our scripts)."""
    try:
        script = _scripts().get_revision(revision)
    except CommandError:
        return False
    # get_revision also accepts a unique prefix; a journal stores the full id.
    return script is not None and script.revision == revision


def upgrade_to_head(connection: Connection) -> None:
    """Migrate inside the caller's transaction, then prove no reference dangles.

    The caller's connection has foreign keys off: a batch migration rebuilds a
    table by dropping it, and with foreign keys on that drop would cascade.
    """
    command.upgrade(alembic_config(connection), "head")
    dangling = connection.execute(text("PRAGMA foreign_key_check")).first()
    if dangling is not None:
        raise RuntimeError(f"migration left a dangling reference in table {dangling[0]}")
