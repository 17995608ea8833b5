"""The bundle's `kith`: the same entry point as the installed command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
