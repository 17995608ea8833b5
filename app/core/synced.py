"""Does a journal live in a folder that a sync service copies between computers?

Sync services copy a file while SQLite is writing it, and copy its `-wal` apart
from it: the copy on the other computer, or a "conflicted copy" merged back, can be
a damaged journal. Kith cannot see the service, only the path, so this is a guess
from folder names and the marker files the services leave.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

# A folder name (case-insensitive, whole name) and the service that owns it. Plain
# words ("Sync", "Box", "MEGA") are left out: too many folders that sync nothing bear them.
_FOLDER_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"dropbox( \(.+\))?"), "Dropbox"),  # "Dropbox (Personal)"
    (re.compile(r"onedrive( - .+)?|onedrive-.+"), "OneDrive"),  # "OneDrive - Contoso"
    (re.compile(r"icloud ?drive.*|com~apple~clouddocs|mobile documents"), "iCloud Drive"),
    (re.compile(r"google ?drive.*|my drive"), "Google Drive"),
    (re.compile(r"nextcloud.*"), "Nextcloud"),
    (re.compile(r"owncloud.*"), "ownCloud"),
    (re.compile(r"pcloud ?drive|pcloud"), "pCloud"),
    (re.compile(r"megasync|mega ?drive"), "MEGA"),
    (re.compile(r"seafile|seadrive"), "Seafile"),
    (re.compile(r"box sync|box drive"), "Box"),
    (re.compile(r"sync\.com"), "Sync.com"),
    (re.compile(r"resilio ?sync|btsync"), "Resilio Sync"),
    (re.compile(r"tresorit"), "Tresorit"),
]

# macOS puts every File Provider service under ~/Library/CloudStorage/<Service>-<account>.
_CLOUD_STORAGE = "cloudstorage"

# Files or folders that a service keeps at the root of what it syncs.
_MARKERS: list[tuple[str, str]] = [
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".sync", "Resilio Sync"),
]
# Nextcloud and ownCloud keep their sync state in `.sync_<hash>.db` / `._sync_<hash>.db`.
_SYNC_DB = re.compile(r"\.?_?sync_[0-9a-f]+\.db")


def synced_service(path: Path) -> str | None:
    """The sync service whose folder holds `path` (a journal file), or None.

    Judged from the names of the folders above it and from marker files such as
    Syncthing's `.stfolder`; the journal's own name does not count.
    """
    folder = Path(path).expanduser().absolute().parent
    names = [part.casefold() for part in folder.parts[1:]]
    for position, name in enumerate(names):
        if name == _CLOUD_STORAGE and position + 1 < len(names):
            return _service_of(names[position + 1].split("-")[0]) or "a cloud storage service"
        found = _service_of(name)
        if found is not None:
            return found
    for ancestor in (folder, *folder.parents):
        found = _marker_in(ancestor)
        if found is not None:
            return found
    return None


def _service_of(name: str) -> str | None:
    for pattern, service in _FOLDER_NAMES:
        if pattern.fullmatch(name):
            return service
    return None


def _marker_in(folder: Path) -> str | None:
    with contextlib.suppress(OSError):  # an unreadable folder says nothing
        for marker, service in _MARKERS:
            if (folder / marker).exists():
                return service
        for child in folder.iterdir():
            if child.name.startswith((".sync_", "._sync_")) and _SYNC_DB.fullmatch(child.name):
                return "Nextcloud or ownCloud"
    return None
