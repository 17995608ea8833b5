"""Pausing Python's cyclic garbage collector around a burst of short-lived objects.

The whole-journal reflection pass makes a few hundred thousand tuples (rows,
figures, signals), and the collector walked them again and again while they
were being made: 0.14 s of the 0.63 s pass on the 10,000-person demo
(/tmp/perf/rtgc.py). Reference counting still frees everything the pass drops;
only cycles wait, and the collector runs as usual once the pass is over.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # passes under way, on any thread
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """Keep the cyclic collector off while the block runs.

    Safe across threads and nesting: the collector comes back on when the last
    pause under way ends, and only if it was on when the first began.
    """
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
