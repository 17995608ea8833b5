"""Opening a journal for a command: which file, and the passphrase of an encrypted one."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import PassphraseNeededError, WrongPassphraseError
from app.core.paths import default_journal_path

if TYPE_CHECKING:
    from app.core.store import Journal

# For scripts only: a passphrase in the environment can be read by other programs
# of the same user. At a terminal Kith asks instead, without echo.
PASSPHRASE_VARIABLE = "KITH_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "KITH_NEW_PASSPHRASE"
_TRIES_AT_A_TERMINAL = 3


def journal_path(args: argparse.Namespace) -> Path:
    """The journal a command works on: `--journal`, or the default one."""
    return Path(args.journal).expanduser() if args.journal else default_journal_path()


def open_journal(path: Path) -> Journal:
    """Open a journal for a command, with the passphrase of an encrypted one.

    At a terminal a wrong passphrase may be typed again (three tries in all).
    """
    from app.core import store

    tries = _TRIES_AT_A_TERMINAL if sys.stdin.isatty() else 1
    for attempt in range(1, tries + 1):
        try:
            journal = store.open_journal(path, key=passphrase_for(path))
        except WrongPassphraseError as error:
            if attempt == tries:
                raise
            print(f"kith: {error}", file=sys.stderr)
            continue
        for notice in journal.notices:  # what the open found and did (leftovers removed)
            print(f"kith: {notice}", file=sys.stderr)
        return journal
    raise AssertionError("unreachable")  # pragma: no cover


def passphrase_for(path: Path) -> str | None:
    """The passphrase of the journal at `path`, or None if it is not encrypted."""
    from app.core import cipher

    if not cipher.is_encrypted(Path(path).expanduser()):
        return None
    return ask_passphrase(f"Passphrase for {path}: ", PASSPHRASE_VARIABLE, path)


def ask_passphrase(prompt: str, variable: str, path: Path) -> str:
    """Typed at the terminal without echo, or (no terminal) taken from `variable`."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    value = os.environ.get(variable)
    if value is None:
        raise PassphraseNeededError(
            f"{path} is encrypted: run this at a terminal to type its passphrase, or, "
            f"in a script, set {variable}."
        )
    return value
