"""`kith encrypt`, `kith decrypt` and `kith rekey`: a journal's encryption at rest.

Passphrases are typed at the terminal without echo (a new one twice). In a
script, KITH_PASSPHRASE holds the current passphrase and KITH_NEW_PASSPHRASE the
new one; they are for scripts only, since other programs of the same user can
read a process's environment.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import EncryptionStateError, PassphraseNeededError

JournalPath = Callable[[argparse.Namespace], Path]


def register(commands: Any, journal_path: JournalPath) -> None:
    """Add the `new`, `encrypt`, `decrypt` and `rekey` subcommands to the `kith` parser."""
    new = commands.add_parser(
        "new",
        help="create a new, empty journal (--encrypt: protected by a passphrase from the start)",
    )
    new.add_argument(
        "--encrypt", action="store_true", help="encrypt it with a passphrase (asked twice)"
    )
    new.set_defaults(run=lambda args: _new(args, journal_path(args)))
    encrypt = commands.add_parser(
        "encrypt",
        help="encrypt the journal with a passphrase (SQLCipher)",
        description="Writes an encrypted copy beside the journal, checks it, and swaps it in; "
        "the journal must not be open in Kith. Older backups stay unencrypted unless "
        "--purge-plain-backups deletes them.",
    )
    encrypt.add_argument(
        "--purge-plain-backups",
        action="store_true",
        help="delete the journal's unencrypted backups once it is encrypted",
    )
    encrypt.set_defaults(run=lambda args: _encrypt(args, journal_path(args)))
    decrypt = commands.add_parser(
        "decrypt", help="remove the journal's encryption (it becomes a plain SQLite file)"
    )
    decrypt.set_defaults(run=lambda args: _decrypt(journal_path(args)))
    rekey = commands.add_parser("rekey", help="change the passphrase of an encrypted journal")
    rekey.set_defaults(run=lambda args: _rekey(journal_path(args)))


def _new(args: argparse.Namespace, path: Path) -> int:
    from app.core import encryption, store

    path = path.expanduser().absolute()
    if args.encrypt:
        passphrase, repeated = _new_passphrase()
        encryption.check_new_passphrase(passphrase, repeated)
        encryption.create_encrypted_journal(path, passphrase)
        print(f"created {path}, encrypted: without its passphrase no one can open it")
    else:
        store.create_journal(path).close()
        print(f"created {path}")
    return 0


def _encrypt(args: argparse.Namespace, path: Path) -> int:
    from app.core import encryption, store

    path = path.expanduser().absolute()
    if store.identify(path):
        raise EncryptionStateError(
            f"{path} is already encrypted; use `kith rekey` to change its passphrase."
        )
    passphrase, repeated = _new_passphrase()
    encryption.check_new_passphrase(passphrase, repeated)
    done = encryption.encrypt_journal(
        path, passphrase, purge_plain_backups=args.purge_plain_backups
    )
    _print(done.lines())
    return 0


def _decrypt(path: Path) -> int:
    from app.core import encryption

    done = encryption.decrypt_journal(path, _current_passphrase(path))
    _print(done.lines())
    return 0


def _rekey(path: Path) -> int:
    from app.core import encryption

    current = _current_passphrase(path)
    passphrase, repeated = _new_passphrase()
    encryption.check_new_passphrase(passphrase, repeated)
    _print(encryption.rekey_journal(path, current, passphrase).lines())
    return 0


def _current_passphrase(path: Path) -> str:
    from app.cli.journal import passphrase_for
    from app.core import store

    path = path.expanduser().absolute()
    store.identify(path)  # a missing file or another program's is refused as such
    current = passphrase_for(path)
    if current is None:
        raise EncryptionStateError(f"{path} is not encrypted; nothing was changed.")
    return current


def _new_passphrase() -> tuple[str, str | None]:
    """The new passphrase, typed twice at a terminal; once from the environment."""
    from app.cli.journal import NEW_PASSPHRASE_VARIABLE

    if sys.stdin.isatty():
        print(
            "Choose a passphrase you will remember: without it the journal cannot be "
            "opened, by you or by anyone.",
            file=sys.stderr,
        )
        return getpass.getpass("New passphrase: "), getpass.getpass("The same again: ")
    value = os.environ.get(NEW_PASSPHRASE_VARIABLE)
    if value is None:
        raise PassphraseNeededError(
            "Kith needs the new passphrase: run this at a terminal to type it, or, in a "
            f"script, set {NEW_PASSPHRASE_VARIABLE}."
        )
    return value, None


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line)
