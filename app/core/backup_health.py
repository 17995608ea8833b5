"""Whether a backup file is whole, from its bytes alone (no SQLite, no passphrase).

The catalogue of backups asks this before it counts a backup as today's, keeps
it when thinning, or calls it the newest: a backup cut short (by a crash of an
older Kith, or a disk that lost its end) must never stand in for a good one.
A restore checks a backup fully (`integrity_check`, `foreign_key_check`) anyway.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core import cipher

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
_APPLICATION_ID = 0x4B697468  # store.APPLICATION_ID (store imports backup, not this)
CUT_SHORT = "damaged (the file is cut short)"


def header_problem(path: Path) -> str | None:
    """What is wrong with the file at `path` as a journal backup, in a few words; None
    when its header and size agree (SQLite's header records how many pages it has)."""
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as file:
            header = file.read(_HEADER)
    except OSError as error:
        return f"unreadable ({error.strerror})"
    if cipher.is_encrypted_header(header):
        # Encrypted pages hide the page count; a whole file is whole pages.
        if size < cipher.PAGE_SIZE or size % cipher.PAGE_SIZE:
            return CUT_SHORT
        return None
    if len(header) < _HEADER:
        cut = header.startswith(_SQLITE_MAGIC[: len(header)])
        return CUT_SHORT if cut else "not a Kith journal"
    if not header.startswith(_SQLITE_MAGIC):
        return "not a Kith journal"
    if int.from_bytes(header[68:72], "big") != _APPLICATION_ID:
        return "not a Kith journal"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "damaged (its header is not SQLite's)"
    # The page count in the header is only valid when written by the same change.
    if header[92:96] == header[24:28]:
        pages = int.from_bytes(header[28:32], "big")
        if pages * page_size > size:
            return CUT_SHORT
    if size % page_size:
        return CUT_SHORT
    return None
