"""Encrypted journals in the window: the passphrase at open, and File > Encrypt journal…."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core import cipher, encryption
from app.core.enums import Tie
from app.core.models import Contact
from app.core.store import Journal, create_journal, open_journal
from app.ui.dialogs.passphrase_dialog import PassphraseDialog
from app.ui.shell import app as ui_main

pytest.importorskip("sqlcipher3")

# Quotes and a backslash; QTest can only type ASCII (non-ASCII is in test_encryption.py).
PASSPHRASE = 'Zoe\'s "quiet" \\ key'


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer key-derivation rounds than SQLCipher's deliberate 256,000 (see test_encryption)."""
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def plain(journal_path: Path) -> Path:
    with create_journal(journal_path) as journal, journal.session() as session:
        when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        session.add(Contact(name="Ada Lovelace", tie=Tie.FRIEND, created_at=when))
    return journal_path


@pytest.fixture
def encrypted(plain: Path) -> Path:
    encryption.encrypt_journal(plain, PASSPHRASE)
    return plain


def _type_and_open(qtbot: QtBot, dialog: PassphraseDialog, passphrase: str) -> None:
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, passphrase)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_the_passphrase_dialog_lets_a_wrong_passphrase_be_typed_again(
    qtbot: QtBot, encrypted: Path
) -> None:
    before = encrypted.read_bytes(), encrypted.stat().st_mtime_ns
    dialog = PassphraseDialog(encrypted, lambda key: open_journal(encrypted, key=key))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password

    _type_and_open(qtbot, dialog, "not it")
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "does not unlock" in dialog.problem.text()
    assert dialog.opened is None
    assert (encrypted.read_bytes(), encrypted.stat().st_mtime_ns) == before

    _type_and_open(qtbot, dialog, PASSPHRASE)
    assert not dialog.isVisible()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert isinstance(dialog.opened, Journal)
    dialog.opened.close()


def _kith(settings: QSettings) -> ui_main.KithApp:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return ui_main.KithApp(app, settings)


def test_opening_an_encrypted_journal_asks_and_retries_until_the_passphrase_fits(
    qtbot: QtBot, encrypted: Path, settings: QSettings
) -> None:
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog)
        try:
            _type_and_open(qtbot, dialog, "wrong")
            seen.append(dialog.problem.text())
            _type_and_open(qtbot, dialog, PASSPHRASE)
        finally:
            if dialog.isVisible():  # never leave the test waiting on a modal dialog
                dialog.reject()

    QTimer.singleShot(0, answer)
    kith = _kith(settings)
    try:
        assert kith.open(encrypted, create=False)
        assert kith.window is not None and kith.journal is not None
        qtbot.addWidget(kith.window)
        assert seen == ["That passphrase does not unlock this journal. Try again."]
        assert kith.journal.key == PASSPHRASE
        assert kith.window.people.count() == 1
        assert not kith.window.encryption_actions.encrypt.isEnabled()
        assert kith.window.encryption_actions.rekey.isEnabled()
        kith.window.save_state()
        settings.sync()
        assert settings.allKeys()  # something was saved, and the passphrase is not in it
        assert PASSPHRASE not in Path(settings.fileName()).read_text(encoding="utf-8")
    finally:
        kith.close()


def test_file_encrypt_journal_converts_it_and_the_window_keeps_working(
    qtbot: QtBot, plain: Path, settings: QSettings
) -> None:
    kith = _kith(settings)
    try:
        assert kith.open(plain, create=False)
        first = kith.window
        assert first is not None  # replaced (and deleted) by the app: not the test's to close
        actions = first.encryption_actions
        assert actions.encrypt.isEnabled() and not actions.decrypt.isEnabled()

        actions.encrypt.trigger()
        dialog = actions.dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.keyClicks(dialog.new_field, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat_field, PASSPHRASE + "typo")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "not the same" in dialog.problem.text()
        dialog.repeat_field.clear()
        qtbot.keyClicks(dialog.repeat_field, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: kith.window is not first, timeout=20_000)
        window = kith.window
        assert window is not None and kith.journal is not None
        assert plain.read_bytes().startswith(cipher.MARKER)
        assert kith.journal.key == PASSPHRASE
        assert "now encrypted" in window.notice.text()
        assert window.isEnabled() and window.people.count() == 1
        assert window.encryption_actions.decrypt.isEnabled()

        # Remove encryption… asks for the current passphrase first.
        window.encryption_actions.decrypt.trigger()
        remove = window.encryption_actions.dialog
        assert remove is not None
        qtbot.keyClicks(remove.current_field, "wrong")
        qtbot.mouseClick(remove.ok_button, Qt.MouseButton.LeftButton)
        assert remove.isVisible() and "not right" in remove.problem.text()
        remove.current_field.clear()
        qtbot.keyClicks(remove.current_field, PASSPHRASE)
        qtbot.mouseClick(remove.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: kith.window is not window, timeout=20_000)
        assert kith.window is not None
        qtbot.addWidget(kith.window)
        assert kith.journal is not None and kith.journal.key is None
        assert plain.read_bytes().startswith(b"SQLite format 3\x00")
        assert kith.window.people.count() == 1
    finally:
        kith.close()


def test_file_new_journal_can_make_it_encrypted_from_the_start(
    qtbot: QtBot, plain: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.shell import journal_files

    fresh = plain.with_name("secret.kith")
    monkeypatch.setattr(journal_files, "ask_new_journal", lambda parent=None: fresh)
    monkeypatch.setattr(journal_files, "ask_protection", lambda parent=None: PASSPHRASE)
    kith = _kith(settings)
    try:
        assert kith.open(plain, create=False)
        first = kith.window
        assert first is not None
        first.act_new_journal.trigger()
        qtbot.waitUntil(lambda: kith.window is not first, timeout=20_000)
        assert kith.journal is not None and kith.journal.path == fresh
        assert kith.journal.key == PASSPHRASE
        assert fresh.read_bytes().startswith(cipher.MARKER)
        assert kith.window is not None and kith.window.people.count() == 0
    finally:
        kith.close()


def test_kith_new_encrypt_creates_an_encrypted_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import main
    from app.cli.journal import NEW_PASSPHRASE_VARIABLE

    monkeypatch.setenv(NEW_PASSPHRASE_VARIABLE, PASSPHRASE)
    path = tmp_path / "new.kith"
    assert main(["--journal", str(path), "new", "--encrypt"]) == 0
    assert path.read_bytes().startswith(cipher.MARKER)
    with open_journal(path, key=PASSPHRASE) as journal:
        assert journal.key == PASSPHRASE
    assert main(["--journal", str(tmp_path / "plain.kith"), "new"]) == 0
    assert not cipher.is_encrypted(tmp_path / "plain.kith")
