"""The `kith` command: `python -m app` or `kith`. With no subcommand it opens the window."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
