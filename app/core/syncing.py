"""Making a write survive a power cut: a file's bytes, then the folder's entry for it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def sync(path: Path) -> None:
    """Flush `path` (a file or a folder) to the disk; an OSError says why it could not."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """A rename or link must survive a power cut: sync the folder that holds it. Best
    effort: some file systems cannot sync a folder, and the write itself is done."""
    with contextlib.suppress(OSError):
        sync(folder)
