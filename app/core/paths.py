"""Where Kith keeps things: the default journal, and its own migrations and resources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

JOURNAL_SUFFIX = ".kith"


def default_journal_path() -> Path:
    """The journal Kith opens when none is named: in the user's data folder."""
    return Path(platformdirs.user_data_dir("kith", appauthor=False)) / f"journal{JOURNAL_SUFFIX}"


def _bundled(installed_name: str, checkout_name: str) -> Path:
    # An installed wheel carries the folder inside the package (see pyproject's
    # force-include); a checkout keeps it at the top, beside `app/`.
    inside = Path(str(resources.files("app"))) / installed_name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / checkout_name


def migrations_dir() -> Path:
    """The Alembic script folder, from an installed wheel or from a checkout."""
    return _bundled("_migrations", "migrations")


def resources_dir() -> Path:
    """Prompt texts, icons and the stylesheet, from an installed wheel or a checkout."""
    return _bundled("_resources", "resources")


def backups_dir(journal: Path) -> Path:
    """Backups live in `backups/` beside the journal they copy."""
    return journal.parent / "backups"
