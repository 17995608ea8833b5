"""A progress line on the terminal for long commands (a demo, an import).

Drawn on stderr only when it is a terminal, so that scripts and pipes see
nothing but the command's own output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def terminal_progress(label: str, stream: TextIO | None = None) -> Callable[[float], None]:
    """A `progress(fraction)` callback that redraws `label  42%` in place.

    It draws only when the percentage changes, and ends the line at 100%.
    Off a terminal it does nothing.
    """
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        return _quiet
    shown = -1

    def draw(fraction: float) -> None:
        nonlocal shown
        percent = max(0, min(100, int(fraction * 100)))
        if percent == shown:
            return
        shown = percent
        out.write(f"\r{label}  {percent:3d}%")
        if percent == 100:
            out.write("\n")
        out.flush()

    return draw


def _quiet(_fraction: float) -> None:
    pass
