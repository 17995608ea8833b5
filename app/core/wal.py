"""Reading SQLite's write-ahead log without SQLite: which saves it holds, which it lost.

When a journal is opened after a crash SQLite replays its `-wal` up to the first
frame whose checksum fails and silently drops the rest, committed or not. This
reads the log as SQLite's file format describes it (https://sqlite.org/fileformat.html,
"The Write-Ahead Log"): a frame of the current generation carries the header's
salts; a commit frame has a non-zero database size. Committed frames after the
break are saves that were reported done and are about to vanish.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_HEADER = 32
_FRAME_HEADER = 24
_MAGIC_LITTLE = 0x377F0682
_MAGIC_BIG = 0x377F0683
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalState:
    """What a `-wal` file holds: frames of its current generation, and how many replay."""

    frames: int  # frames carrying the current salts (the log as written)
    replayed: int  # frames SQLite will replay (up to the last sound commit)
    lost_commits: int  # commit frames after the break: saves that will not come back

    @property
    def loses_saves(self) -> bool:
        """Whether opening the journal would drop saves that were reported done."""
        return self.lost_commits > 0


def _checksum(data: bytes, big: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def read_state(wal: Path) -> WalState | None:
    """The state of the log at `wal`; None when there is no log with frames in it."""
    try:
        data = wal.read_bytes()
    except OSError:
        return None
    return state_of(data)


def state_of(data: bytes) -> WalState | None:
    """The state of a log's bytes (see `read_state`)."""
    if len(data) <= _HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:_HEADER])
    frame_size = _FRAME_HEADER + page_size
    if magic not in (_MAGIC_LITTLE, _MAGIC_BIG) or page_size < 512 or page_size & (page_size - 1):
        # A header SQLite cannot read: it replays nothing. Whatever follows is lost
        # if it looks like frames at all.
        whole = (len(data) - _HEADER) // 4096
        return WalState(whole, 0, 1 if whole else 0)
    big = magic == _MAGIC_BIG
    if _checksum(data[:24], big, 0, 0) != (c0, c1):
        whole = (len(data) - _HEADER) // frame_size
        return WalState(whole, 0, 1 if whole else 0)
    s0, s1 = c0, c1
    frames = replayed = lost = 0
    sound = True
    last_commit = 0
    offset = _HEADER
    while offset + frame_size <= len(data):
        header = data[offset : offset + _FRAME_HEADER]
        _page, commit, f1, f2, h0, h1 = struct.unpack(">6I", header)
        if (f1, f2) != (salt1, salt2):
            # The end of this generation (older frames beyond carry older salts), or
            # a damaged frame: either way SQLite replays nothing past it.
            sound = False
            offset += frame_size
            continue
        frames += 1
        if sound:
            s0, s1 = _checksum(header[:8], big, s0, s1)
            s0, s1 = _checksum(data[offset + _FRAME_HEADER : offset + frame_size], big, s0, s1)
            if (s0, s1) != (h0, h1):
                sound = False
            elif commit:
                last_commit = frames
        if not sound and commit:
            lost += 1
        offset += frame_size
    replayed = last_commit
    return WalState(frames, replayed, lost)
