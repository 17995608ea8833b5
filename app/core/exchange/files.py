"""Writing an export file: owner-only, all at once, never half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.core.errors import JournalAccessError, JournalExistsError
from app.core.paths import make_private_folder


def private_folder(folder: Path) -> Path:
    """`folder` (created with its missing parents, 0700 for the ones Kith makes)."""
    folder = Path(folder).expanduser().absolute()
    try:
        make_private_folder(folder)
    except OSError as error:
        raise JournalAccessError(f"Kith cannot create {folder}: {error.strerror}.") from error
    return folder


def write_private(path: Path, data: bytes, *, replace: bool = False) -> Path:
    """Write `data` to `path` (0600) through a temporary file renamed into place.

    Refuses with JournalExistsError when `path` exists, unless `replace`: an export
    chosen by name is never written over by surprise, a kept-in-step file is.
    """
    path = Path(path).expanduser().absolute()
    if path.exists() and not replace:
        raise JournalExistsError(f"{path} already exists; Kith will not overwrite it.")
    folder = private_folder(path.parent)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise JournalAccessError(f"Kith cannot write in {folder}: {error.strerror}.") from error
    try:
        with os.fdopen(handle, "wb") as file:  # mkstemp makes it 0600
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if not replace and path.exists():
            raise JournalExistsError(f"{path} already exists; Kith will not overwrite it.")
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise JournalAccessError(f"Kith could not write {path}: {error.strerror}.") from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path
