"""SQLCipher for encrypted journals: loading it lazily, deriving keys, keyed connections.

A plain journal never imports SQLCipher, so Kith works without the `encryption`
extra until someone opens an encrypted file.

Keys. SQLCipher 4 derives its key from a passphrase with PBKDF2-HMAC-SHA512
(256,000 rounds) over the 16-byte salt that opens the file. Kith does the same
derivation itself, once per open, and hands SQLCipher only the raw key as hex:
the passphrase never appears in SQL (no quoting to get wrong), and every pooled
connection opens in milliseconds instead of repeating the deliberate slow part.
The file still opens with the passphrase in any SQLCipher 4 tool.

Recognising an encrypted journal. An SQLCipher file is random bytes from its
first byte on, and a wrong key fails exactly like garbage ("file is not a
database"). So Kith chooses the salt of every journal it encrypts: a 5-byte
marker, `\\x89Kith`, then 11 random bytes (88 bits, still unique per file). A file
that starts with the marker and is a whole number of pages is an encrypted
journal; after decrypting, its application_id must also be Kith's.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from app.core.errors import EncryptionUnavailableError, PassphraseNeededError, WrongPassphraseError

MARKER = b"\x89Kith"
SALT_SIZE = 16
PAGE_SIZE = 4096  # SQLCipher 4's default, which Kith keeps
KDF_ITERATIONS = 256_000
KEY_SIZE = 32
_NOT_A_DATABASE = 26  # SQLITE_NOTADB: what SQLCipher says for a wrong key


def is_encrypted_header(header: bytes) -> bool:
    """Whether a file's first bytes are those of a journal Kith encrypted."""
    return header.startswith(MARKER)


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` is an encrypted Kith journal (or backup)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a pipe or a device: reading it could block for ever
        with Path(path).open("rb") as file:
            return is_encrypted_header(file.read(SALT_SIZE))
    except OSError:
        return False


def read_salt(path: Path) -> bytes:
    """The salt an encrypted file starts with."""
    with Path(path).open("rb") as file:
        return file.read(SALT_SIZE)


def new_salt() -> bytes:
    """A fresh salt that marks the file as an encrypted Kith journal."""
    return MARKER + os.urandom(SALT_SIZE - len(MARKER))


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's own key derivation, done once here (about 0.15 s, on purpose)."""
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_SIZE)


def same_passphrase(a: str, b: str) -> bool:
    """Compare passphrases in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def key_literal(raw: bytes, salt: bytes | None = None) -> str:
    """SQLCipher's raw-key form `x'…'`: only hex digits, so nothing needs quoting.

    With `salt`, a new file is created with that salt instead of a random one.
    """
    return f"x'{raw.hex()}{salt.hex() if salt else ''}'"


def dbapi(path: Path) -> ModuleType:
    """The sqlcipher3 DB-API module, imported only when an encrypted file needs it."""
    try:
        import sqlcipher3
    except ImportError as error:
        raise EncryptionUnavailableError(
            f"{path} is encrypted, and this installation of Kith cannot open encrypted "
            "journals: install the encryption extra (pip install 'kith[encryption]', "
            "or `make run` in a checkout) and open it again."
        ) from error
    module: ModuleType = sqlcipher3.dbapi2
    return module


def connect(
    path: Path, raw_key: bytes | None, *, read_only: bool = False, salt: bytes | None = None
) -> Any:
    """An sqlcipher3 connection to `path`, keyed with `raw_key` (None: a plain file).

    Usable from any thread, like the standard driver under SQLAlchemy's pool.
    """
    module = dbapi(path)
    target = f"{Path(path).absolute().as_uri()}?mode=ro" if read_only else str(path)
    connection = module.connect(target, uri=read_only, check_same_thread=False)
    try:
        # SQLCipher logs every failed decryption to stderr; a wrong passphrase is
        # reported to the user once, as a sentence, not as log lines.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if raw_key is not None:
            connection.execute(f'PRAGMA key = "{key_literal(raw_key, salt)}"')
            # The settings the file was written with, whatever a later SQLCipher's defaults.
            connection.execute("PRAGMA cipher_compatibility = 4")
    except BaseException:
        connection.close()
        raise
    return connection


def check_key(connection: Any, path: Path) -> None:
    """Raise WrongPassphraseError unless the key opens the file (its first page decrypts)."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except connection.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", _NOT_A_DATABASE) != _NOT_A_DATABASE:
            with as_sqlite3_errors():
                raise
        raise wrong_passphrase(path) from error
    except MemoryError as error:
        raise sqlite3.DatabaseError("database disk image is malformed") from error


def wrong_passphrase(path: Path) -> WrongPassphraseError:
    return WrongPassphraseError(
        f"That passphrase does not unlock {path}; the file was not changed. "
        "Check the passphrase (its capitals and accents) and try again."
    )


def passphrase_needed(path: Path) -> PassphraseNeededError:
    return PassphraseNeededError(f"{path} is encrypted, and Kith needs its passphrase to open it.")


def open_keyed(path: Path, passphrase: str | None, *, read_only: bool = True) -> sqlite3.Connection:
    """A DB-API connection to a journal or backup file, plain or encrypted.

    A plain file opens with the standard driver (a passphrase is not needed and
    is ignored); an encrypted one needs its passphrase. The connection raises the
    standard `sqlite3` errors either way, so callers catch one family.
    """
    path = Path(path).absolute()
    if not is_encrypted(path):
        if read_only:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        return sqlite3.connect(path)
    if passphrase is None:
        raise passphrase_needed(path)
    raw = derive_key(passphrase, read_salt(path))
    connection = connect(path, raw, read_only=read_only)
    try:
        check_key(connection, path)
    except BaseException:
        connection.close()
        raise
    return _Translated(connection)  # type: ignore[return-value]


@contextlib.contextmanager
def as_sqlite3_errors() -> Iterator[None]:
    """Re-raise sqlcipher3's errors as the standard sqlite3 class of the same name."""
    try:
        yield
    except sqlite3.Error:
        raise
    except MemoryError as error:
        # SQLCipher reports a page whose authentication fails (damage) as "out of
        # memory" on some paths; a journal is never big enough to exhaust memory.
        raise sqlite3.DatabaseError("database disk image is malformed") from error
    except Exception as error:
        kind = getattr(sqlite3, type(error).__name__, None)
        if (
            isinstance(kind, type)
            and issubclass(kind, sqlite3.Error)
            and type(error).__module__.startswith("sqlcipher3")
        ):
            raise kind(*error.args) from error
        raise


class _Translated:
    """An sqlcipher3 connection (or cursor) whose errors are the standard sqlite3 ones."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            with as_sqlite3_errors():
                result = attribute(*args, **kwargs)
            return _Translated(result) if _is_cursor(result) else result

        return call

    def __iter__(self) -> Iterator[Any]:
        with as_sqlite3_errors():
            yield from self._inner

    def __enter__(self) -> _Translated:
        return self

    def __exit__(self, *exc: object) -> None:
        with as_sqlite3_errors():
            self._inner.__exit__(*exc)


def _is_cursor(value: Any) -> bool:
    return type(value).__name__ == "Cursor" and type(value).__module__.startswith("sqlcipher3")


def export(source: Any, target: Path, target_key: str) -> None:
    """Copy the whole database behind the sqlcipher3 connection `source` into the new,
    empty file `target`, keyed with `target_key` (`key_literal(...)`, or '' for plain).

    SQLCipher's `sqlcipher_export` is the one copy that crosses between plain and
    encrypted; it copies schema and rows but not the header fields, so the
    application_id and user_version are carried over here.
    """
    app_id = source.execute("PRAGMA application_id").fetchone()[0]
    user_version = source.execute("PRAGMA user_version").fetchone()[0]
    # Bound parameters: the file name and key are never pasted into SQL.
    source.execute("ATTACH DATABASE ? AS kith_target KEY ?", (str(target), target_key))
    try:
        source.execute("SELECT sqlcipher_export('kith_target')")
        source.execute(f"PRAGMA kith_target.application_id = {int(app_id)}")
        source.execute(f"PRAGMA kith_target.user_version = {int(user_version)}")
    finally:
        source.execute("DETACH DATABASE kith_target")
