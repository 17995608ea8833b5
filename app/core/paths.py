"""Where Kith keeps things: the default journal, and its own migrations and resources."""

from __future__ import annotations

import os
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


def real_path(path: Path) -> Path:
    """The file a path names, symlinks resolved: one journal is one file, whatever its name.

    SQLite keeps its `-wal` beside the name it was given, so every part of Kith
    works on this path, never on a link to it.
    """
    return Path(os.path.realpath(Path(path).expanduser()))


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents owner-only (0700, whatever the umask).

    Folders that exist already are the user's and keep their mode. Raises OSError.
    """
    folder = Path(folder)
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    for part in reversed(missing):
        try:
            part.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(part, 0o700)
