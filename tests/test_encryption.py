"""Encryption at rest: SQLCipher journals, their passphrases, conversions and backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from app.cli import main
from app.core import backup, cipher, encryption, migrate, store
from app.core.enums import Direction, Expectation, Tie
from app.core.errors import (
    EncryptionStateError,
    EncryptionUnavailableError,
    JournalDamagedError,
    NotAJournalError,
    PassphraseNeededError,
    ValidationError,
    WrongPassphraseError,
)
from app.core.models import Contact, Favor
from app.core.paths import backups_dir
from app.core.store import Journal, create_journal, open_journal

pytest.importorskip("sqlcipher3")

# Quotes, a backslash, SQL and non-ASCII: none of it may reach SQL as text.
PASSPHRASE = 'Zoë\'s "quiet" \\ key; DROP TABLE contacts; -- 日本'
SECRETS = [
    "Ada Lovelace",
    "Zoë Ørsted",
    "plays chess on Sundays",
    "lent a book about gardens",
    "fixed the leaking roof",
]


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _add_rows(journal: Journal, *, late: bool = False) -> None:
    now = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    with journal.session() as session:
        if late:
            zoe = session.scalars(select(Contact).where(Contact.name == "Zoë Ørsted")).one()
            session.add(
                Favor(
                    contact_id=zoe.id,
                    direction=Direction.RECEIVED,
                    occurred_on=dt.date(2024, 6, 2),
                    description="fixed the leaking roof",
                    weight=4,
                    expectation=Expectation.NONE,
                )
            )
            return
        ada = Contact(name="Ada Lovelace", tie=Tie.FRIEND, created_at=now, notes=SECRETS[2])
        zoe = Contact(name="Zoë Ørsted", tie=Tie.KIN, created_at=now)
        session.add_all([ada, zoe])
        session.flush()
        session.add(
            Favor(
                contact_id=ada.id,
                direction=Direction.GIVEN,
                occurred_on=dt.date(2024, 4, 30),
                description="lent a book about gardens",
                weight=2,
                expectation=Expectation.IMPLICIT,
            )
        )


def _names(journal: Journal) -> list[str]:
    with journal.session() as session:
        return list(session.scalars(select(Contact.name).order_by(Contact.id)))


def _found(secret: str, data: bytes) -> bool:
    return secret.encode("utf-8") in data


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLCipher's 256,000 rounds are slow on purpose; these tests use fewer, except
    the one that proves SQLCipher itself opens the file with the passphrase."""
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)


@pytest.fixture
def plain(journal_path: Path) -> Path:
    with create_journal(journal_path) as journal:
        _add_rows(journal)
    return journal_path


@pytest.fixture
def encrypted(plain: Path) -> Path:
    encryption.encrypt_journal(plain, PASSPHRASE)
    return plain


@contextlib.contextmanager
def _without_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if the `encryption` extra were not installed: importing sqlcipher3 fails."""
    with monkeypatch.context() as patch:
        for name in [n for n in sys.modules if n.startswith("sqlcipher3")]:
            patch.delitem(sys.modules, name)
        patch.setitem(sys.modules, "sqlcipher3", None)
        yield


# --- the proof: nothing readable is left --------------------------------------------------


def test_after_encrypting_no_name_note_or_favor_is_in_the_journal_its_wal_or_its_backups(
    plain: Path,
) -> None:
    before = plain.read_bytes()
    assert all(_found(secret, before) for secret in SECRETS[:4])  # the check can see them
    backup.backup_file(plain)  # a plaintext backup from before, purged below

    done = encryption.encrypt_journal(plain, PASSPHRASE, purge_plain_backups=True)
    assert len(done.purged) == 1 and not done.plain_backups

    with open_journal(plain, key=PASSPHRASE) as journal:
        _add_rows(journal, late=True)  # a commit that sits in the WAL
        wal = Path(f"{plain}-wal")
        assert wal.stat().st_size > 0
        files = {
            "journal": plain.read_bytes(),
            "wal": wal.read_bytes(),
            "backup": backup.backup_file(plain, key=journal.key).read_bytes(),
        }
    files["journal after close"] = plain.read_bytes()
    for copy in backups_dir(plain).iterdir():
        files[copy.name] = copy.read_bytes()

    leaks = [(name, s) for name, data in files.items() for s in SECRETS if _found(s, data)]
    print(f"\nencrypted-file grep: {len(files)} files, {len(SECRETS)} secrets, leaks: {leaks}")
    assert leaks == []
    assert all(data.startswith(cipher.MARKER) for name, data in files.items() if name != "wal")


# --- opening ------------------------------------------------------------------------------


def test_the_right_passphrase_opens_an_encrypted_journal_with_its_rows(encrypted: Path) -> None:
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    with open_journal(encrypted, key=PASSPHRASE) as journal:
        assert journal.key == PASSPHRASE
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]
        assert store.integrity_check(journal) == "ok"
        assert store.stored_revision(encrypted, key=PASSPHRASE) == migrate.head_revision()


def test_an_encrypted_connection_keeps_every_pragma_of_a_plain_one(encrypted: Path) -> None:
    with open_journal(encrypted, key=PASSPHRASE) as journal, journal.engine.connect() as conn:
        pragmas = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in (
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
                "secure_delete",
                "temp_store",
                "application_id",
            )
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "secure_delete": 1,
        "temp_store": 2,
        "application_id": store.APPLICATION_ID,
    }


@pytest.mark.parametrize("wrong", [None, "", 'zoë\'s "quiet"', PASSPHRASE + " "])
def test_a_wrong_or_missing_passphrase_is_refused_and_the_file_left_untouched(
    encrypted: Path, wrong: str | None
) -> None:
    before = _snapshot(encrypted)
    expected = PassphraseNeededError if wrong is None else WrongPassphraseError
    with pytest.raises(expected) as refused:
        open_journal(encrypted, key=wrong)
    assert str(encrypted) in str(refused.value)
    assert _snapshot(encrypted) == before
    assert not Path(f"{encrypted}-wal").exists()


@pytest.mark.parametrize("passphrase", ["'\"\\", "x'00'", "ünïcødé ß 日本語 🙂", "a b\tc\nd %s ?"])
def test_any_passphrase_text_works(journal_path: Path, passphrase: str) -> None:
    with create_journal(journal_path) as journal:
        _add_rows(journal)
    encryption.encrypt_journal(journal_path, passphrase)
    with open_journal(journal_path, key=passphrase) as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]


def test_sqlcipher_itself_opens_the_journal_with_the_passphrase(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kith derives the key itself; the file stays an ordinary SQLCipher 4 database."""
    import sqlcipher3

    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 256_000)
    encrypted = plain
    encryption.encrypt_journal(plain, PASSPHRASE)
    quoted = "'" + PASSPHRASE.replace("'", "''") + "'"
    with contextlib.closing(sqlcipher3.connect(str(encrypted))) as raw:
        raw.execute(f"PRAGMA key = {quoted}")
        assert raw.execute("SELECT count(*) FROM contacts").fetchone() == (2,)


def test_noise_that_starts_like_an_encrypted_journal_is_refused_clearly(tmp_path: Path) -> None:
    cut = tmp_path / "cut.kith"
    cut.write_bytes(cipher.new_salt() + os.urandom(5000))
    with pytest.raises(JournalDamagedError, match="cut short"):
        open_journal(cut, key=PASSPHRASE)
    noise = tmp_path / "noise.kith"
    noise.write_bytes(cipher.new_salt() + os.urandom(2 * cipher.PAGE_SIZE - 16))
    with pytest.raises(WrongPassphraseError):
        open_journal(noise, key=PASSPHRASE)


def test_an_encrypted_database_of_another_program_is_not_a_journal(tmp_path: Path) -> None:
    other = tmp_path / "other.kith"
    salt = cipher.new_salt()
    raw = cipher.connect(other, cipher.derive_key(PASSPHRASE, salt), salt=salt)
    raw.execute("CREATE TABLE recipes (title TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(NotAJournalError, match="another program"):
        open_journal(other, key=PASSPHRASE)


# --- without the extra ---------------------------------------------------------------------


def test_a_plain_journal_needs_no_sqlcipher(plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _without_sqlcipher(monkeypatch), open_journal(plain) as journal:
        _add_rows(journal, late=True)
        assert len(_names(journal)) == 2
        assert backup.backup_file(plain).exists()


def test_an_encrypted_journal_without_sqlcipher_says_how_to_install_it(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(encrypted)
    with _without_sqlcipher(monkeypatch), pytest.raises(EncryptionUnavailableError) as refused:
        open_journal(encrypted, key=PASSPHRASE)
    assert "pip install 'kith[encryption]'" in str(refused.value)
    assert _snapshot(encrypted) == before


# --- conversions ----------------------------------------------------------------------------


def test_rekey_then_only_the_new_passphrase_opens_it(encrypted: Path) -> None:
    old_salt = cipher.read_salt(encrypted)
    encryption.rekey_journal(encrypted, PASSPHRASE, "a new one")
    assert cipher.read_salt(encrypted) != old_salt
    with pytest.raises(WrongPassphraseError):
        open_journal(encrypted, key=PASSPHRASE)
    with open_journal(encrypted, key="a new one") as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]


def test_decrypt_gives_back_a_plain_journal_that_opens_without_the_extra(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(WrongPassphraseError):
        encryption.decrypt_journal(encrypted, "not it")
    encryption.decrypt_journal(encrypted, PASSPHRASE)
    assert encrypted.read_bytes()[:16] == b"SQLite format 3\x00"
    with _without_sqlcipher(monkeypatch), open_journal(encrypted) as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]
        assert store.integrity_check(journal) == "ok"


def test_conversion_keeps_the_file_private_and_leaves_nothing_beside_it(encrypted: Path) -> None:
    assert stat.S_IMODE(encrypted.stat().st_mode) == 0o600
    beside = sorted(p.name for p in encrypted.parent.iterdir())
    assert beside == [encrypted.name]
    with open_journal(encrypted, key=PASSPHRASE) as journal, journal.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_conversion_that_fails_to_verify_leaves_the_journal_as_it_was(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(plain)

    def broken(*args: object) -> None:
        raise JournalDamagedError("The converted copy of the journal did not verify.")

    monkeypatch.setattr(encryption, "_verify", broken)
    with pytest.raises(JournalDamagedError):
        encryption.encrypt_journal(plain, PASSPHRASE)
    assert plain.read_bytes() == before[0]
    assert not plain.with_name(plain.name + ".converting").exists()
    with open_journal(plain) as journal:
        assert len(_names(journal)) == 2


def test_a_scratch_file_left_by_a_crash_does_not_stop_the_next_conversion(plain: Path) -> None:
    scratch = plain.with_name(plain.name + ".converting")
    scratch.write_bytes(b"half of an encrypted copy")
    encryption.encrypt_journal(plain, PASSPHRASE)
    assert not scratch.exists()
    with open_journal(plain, key=PASSPHRASE) as journal:
        assert len(_names(journal)) == 2


def test_conversions_refuse_what_makes_no_sense(plain: Path) -> None:
    with pytest.raises(ValidationError):
        encryption.encrypt_journal(plain, "")
    with pytest.raises(EncryptionStateError):
        encryption.decrypt_journal(plain, PASSPHRASE)
    encryption.encrypt_journal(plain, PASSPHRASE)
    with pytest.raises(EncryptionStateError):
        encryption.encrypt_journal(plain, "again")
    with pytest.raises(ValidationError, match="not the same"):
        encryption.check_new_passphrase("one", "two")


def test_an_open_journal_is_not_converted_under_it(plain: Path) -> None:
    from app.core.errors import JournalLockedError

    with open_journal(plain), pytest.raises(JournalLockedError):
        encryption.encrypt_journal(plain, PASSPHRASE)


# --- backups, restore and upgrades ------------------------------------------------------------


def test_a_backup_of_an_encrypted_journal_is_encrypted_and_checkable(encrypted: Path) -> None:
    copy = backup.backup_file(encrypted, key=PASSPHRASE)
    assert copy.read_bytes().startswith(cipher.MARKER)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with backup.read_only_connection(copy, key=PASSPHRASE) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT count(*) FROM contacts").fetchone() == (2,)
        with pytest.raises(sqlite3.OperationalError):  # the standard errors, as for a plain file
            raw.execute("SELECT * FROM no_such_table")
    with pytest.raises(WrongPassphraseError):
        backup.read_only_connection(copy, key="wrong").__enter__()
    with pytest.raises(PassphraseNeededError):
        backup.backup_file(encrypted)


def test_restoring_backups_into_an_encrypted_journal_keeps_it_encrypted(plain: Path) -> None:
    plain_copy = backup.backup_file(plain)
    encryption.encrypt_journal(plain, PASSPHRASE)
    with open_journal(plain, key=PASSPHRASE) as journal:
        _add_rows(journal, late=True)
        encrypted_copy = backup.backup_file(plain, key=PASSPHRASE)
    for copy, favors in ((plain_copy, 1), (encrypted_copy, 2)):
        backup.restore_file(copy, plain, key=PASSPHRASE)
        assert plain.read_bytes().startswith(cipher.MARKER)
        with open_journal(plain, key=PASSPHRASE) as journal, journal.session() as session:
            assert len(session.scalars(select(Favor.id)).all()) == favors


def test_an_older_encrypted_journal_is_backed_up_encrypted_then_upgraded(
    journal_path: Path,
) -> None:
    with create_journal(journal_path) as journal:
        _add_rows(journal)
        with journal.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "-1")
    older = store.stored_revision(journal_path)
    assert older != migrate.head_revision()
    encryption.encrypt_journal(journal_path, PASSPHRASE)

    with open_journal(journal_path, key=PASSPHRASE) as journal:
        assert store.stored_revision(journal_path, key=PASSPHRASE) == migrate.head_revision()
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]
    (copy,) = backups_dir(journal_path).glob(f"*before-upgrade-from-{older}*")
    assert copy.read_bytes().startswith(cipher.MARKER)
    assert store.stored_revision(copy, key=PASSPHRASE) == older


# --- the command line ------------------------------------------------------------------------


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, **env: str
) -> tuple[int, str, str]:
    for name in ("KITH_PASSPHRASE", "KITH_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_encrypts_then_reads_with_kith_passphrase(
    plain: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    j = ["--journal", str(plain)]
    backup.backup_file(plain)
    code, out, _ = _run(capsys, monkeypatch, *j, "encrypt", KITH_NEW_PASSPHRASE=PASSPHRASE)
    assert code == 0 and "is now encrypted" in out and "NOT encrypted" in out

    for argv in (["check"], ["prompts", "--all"], ["export", "--out", str(tmp_path / "csv")]):
        code, out, err = _run(capsys, monkeypatch, *j, *argv, KITH_PASSPHRASE=PASSPHRASE)
        assert (code, err) == (0, ""), argv
    assert "Ada Lovelace" in (tmp_path / "csv" / "contacts.csv").read_text(encoding="utf-8")

    before = _snapshot(plain)
    code, _, err = _run(capsys, monkeypatch, *j, "check")
    assert code == PassphraseNeededError.exit_code and "KITH_PASSPHRASE" in err
    code, _, err = _run(capsys, monkeypatch, *j, "check", KITH_PASSPHRASE="wrong")
    assert code == WrongPassphraseError.exit_code == 15
    assert err.count("\n") == 1 and "does not unlock" in err and "Traceback" not in err
    assert _snapshot(plain) == before


def test_the_cli_rekeys_and_decrypts(
    encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    j = ["--journal", str(encrypted)]
    code, out, _ = _run(
        capsys, monkeypatch, *j, "rekey", KITH_PASSPHRASE=PASSPHRASE, KITH_NEW_PASSPHRASE="new"
    )
    assert code == 0 and "old passphrase" in out
    code, _, _ = _run(capsys, monkeypatch, *j, "decrypt", KITH_PASSPHRASE=PASSPHRASE)
    assert code == WrongPassphraseError.exit_code
    code, out, _ = _run(capsys, monkeypatch, *j, "decrypt", KITH_PASSPHRASE="new")
    assert code == 0 and "no longer encrypted" in out
    code, _, err = _run(capsys, monkeypatch, *j, "decrypt")
    assert code == EncryptionStateError.exit_code and "not encrypted" in err
    assert _run(capsys, monkeypatch, *j, "check")[0] == 0


def test_a_backup_from_before_a_rekey_restores_with_its_own_passphrase(
    encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20, item 19: one passphrase used to be asked for both files."""
    old_backup = backup.backup_file(encrypted, key=PASSPHRASE)
    encryption.rekey_journal(encrypted, PASSPHRASE, "new")
    j = ["--journal", str(encrypted)]
    code, _, err = _run(capsys, monkeypatch, *j, "restore", str(old_backup), KITH_PASSPHRASE="new")
    assert code == PassphraseNeededError.exit_code and "KITH_BACKUP_PASSPHRASE" in err
    monkeypatch.setenv("KITH_BACKUP_PASSPHRASE", PASSPHRASE)
    code, _out, err = _run(
        capsys, monkeypatch, *j, "restore", str(old_backup), KITH_PASSPHRASE="new"
    )
    assert code == 0, err
    with open_journal(encrypted, key="new") as journal:  # the journal keeps its passphrase
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]
        assert store.integrity_check(journal) == "ok"


def test_at_a_terminal_the_passphrase_is_asked_without_echo_and_may_be_retyped(
    encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    typed = iter(["wrong", PASSPHRASE])
    prompts: list[str] = []

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", ask)
    code, out, err = _run(
        capsys, monkeypatch, "--journal", str(encrypted), "check", KITH_PASSPHRASE="ignored"
    )
    assert code == 0 and "integrity: ok" in out
    assert len(prompts) == 2 and "does not unlock" in err
    assert PASSPHRASE not in out + err


def test_purging_plain_backups_touches_this_journals_alone_with_their_wal(plain: Path) -> None:
    """`journal-work.kith` shares the backups folder and the start of the name."""
    other = plain.with_name(f"{plain.stem}-work.kith")
    with create_journal(other) as journal:
        _add_rows(journal)
    theirs = backup.backup_file(other, reason="daily")
    mine = backup.backup_file(plain, reason="daily")
    leftover_wal = Path(f"{mine}-wal")
    leftover_wal.write_bytes(b"Dana's latest words")  # as a damaged journal's copy keeps
    assert encryption.plain_backups(plain) == [mine]
    done = encryption.encrypt_journal(plain, PASSPHRASE, purge_plain_backups=True)
    assert done.purged == (mine,)
    assert not mine.exists() and not leftover_wal.exists()
    assert theirs.exists()


def test_a_plain_backup_restored_over_a_damaged_encrypted_journal_leaves_it_encrypted(
    plain: Path,
) -> None:
    from app.core.backup_restore import restore

    before = backup.backup_file(plain, reason="manual")  # taken before encrypting
    encryption.encrypt_journal(plain, PASSPHRASE)
    # Damage that still decrypts: an index pointed at a table's pages.
    raw = cipher.connect(plain, cipher.derive_key(PASSPHRASE, cipher.read_salt(plain)))
    raw.isolation_level = None
    rows = raw.execute(
        "SELECT type, name, rootpage, tbl_name FROM sqlite_master WHERE rootpage > 0"
    ).fetchall()
    index = next(r for r in rows if r[0] == "index")
    table = next(r for r in rows if r[0] == "table" and r[3] != index[3])
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (table[2], index[1]))
    raw.execute("PRAGMA writable_schema = OFF")
    raw.close()

    restore(plain, before, key=PASSPHRASE)
    assert cipher.is_encrypted(plain)
    with open_journal(plain, key=PASSPHRASE) as journal:
        assert store.integrity_check(journal) == "ok"
        assert _names(journal)


def test_kith_backups_refuses_a_wrong_passphrase(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KITH_PASSPHRASE", "typo")
    assert main(["--journal", str(encrypted), "backups"]) == 15
    assert "does not unlock" in capsys.readouterr().err
