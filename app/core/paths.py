"""Where Kith keeps things: the default journal, and its own migrations and resources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

JOURNAL_SUFFIX = ".kith"


def default_journal_path() -> Path:
    """The journal Kith opens when none is named: in the user's data folder."""
    return Path(platformdirs.user_data_dir("kith", appauthor=False)) / f"journal{JOURNAL_SUFFIX}"


def demo_journal_path() -> Path:
    """Where "Explore a demo journal" keeps the demo: beside the user's own journal."""
    return default_journal_path().with_name(f"demo{JOURNAL_SUFFIX}")


def _package_folder(name: str) -> Path:
    # Package data, found through importlib.resources so that it is the same
    # folder in a checkout, an installed wheel and a frozen bundle.
    return Path(str(resources.files("app") / name))


def migrations_dir() -> Path:
    """The Alembic script folder, inside the `app` package."""
    return _package_folder("migrations")


def resources_dir() -> Path:
    """Prompt texts, icons, demo texts and the .desktop file, inside the `app` package."""
    return _package_folder("resources")


def backups_dir(journal: Path) -> Path:
    """Backups live in `backups/` beside the journal they copy."""
    return journal.parent / "backups"
