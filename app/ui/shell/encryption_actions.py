"""File > Encrypt journal…, Change passphrase… and Remove encryption….

Each asks for the passphrases in a dialog, then asks the application (KithApp),
through `conversion_requested`, to close the journal, convert it off the UI
thread and open it again: a window cannot swap its own journal file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.core.encryption import plain_backups
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.dialogs.passphrase_dialog import PassphraseChangeDialog


@dataclass(frozen=True)
class ConversionRequest:
    """What the person chose: `kind` is "encrypt", "rekey" or "decrypt"."""

    kind: str
    new_passphrase: str | None
    purge_plain_backups: bool = False


class EncryptionActions(QObject):
    """The three actions, enabled by whether the journal is encrypted."""

    conversion_requested = Signal(object)  # a ConversionRequest

    def __init__(self, window: QWidget, menu: QMenu, journal: Journal) -> None:
        super().__init__(window)
        self._window = window
        self._journal = journal
        self.dialog: PassphraseChangeDialog | None = None
        encrypted = journal.key is not None
        self.encrypt = self._add(menu, "encrypt", self.ask_encrypt, not encrypted)
        self.rekey = self._add(menu, "rekey", self.ask_rekey, encrypted)
        self.decrypt = self._add(menu, "decrypt", self.ask_decrypt, encrypted)

    def _add(self, menu: QMenu, key: str, slot: Callable[[], object], enabled: bool) -> QAction:
        action = make_action(self._window, key, slot)
        action.setEnabled(enabled)
        menu.addAction(action)
        return action

    def ask_encrypt(self) -> PassphraseChangeDialog:
        """Choose a passphrase; the journal is then encrypted with it."""
        dialog = PassphraseChangeDialog(
            "Encrypt journal",
            f"Kith will encrypt “{self._journal.name}” with a passphrase (SQLCipher) and ask "
            "for it each time the journal opens. Without the passphrase nobody can read "
            "the journal, not even you: choose one you will remember. Backups taken from "
            "now on are encrypted too.",
            "Encrypt",
            plain_backups=plain_backups(self._journal.path),
            parent=self._window,
        )
        return self._show(dialog, "encrypt")

    def ask_rekey(self) -> PassphraseChangeDialog:
        """Type the current passphrase and a new one."""
        dialog = PassphraseChangeDialog(
            "Change passphrase",
            "The journal will open with the new passphrase only. Older backups keep the "
            "passphrase they were made with.",
            "Change passphrase",
            current=self._journal.key,
            parent=self._window,
        )
        return self._show(dialog, "rekey")

    def ask_decrypt(self) -> PassphraseChangeDialog:
        """Type the current passphrase; the journal becomes a plain file."""
        dialog = PassphraseChangeDialog(
            "Remove encryption",
            f"“{self._journal.name}” will be stored unencrypted: anyone who gets the file "
            "can read it. Backups taken while it was encrypted stay encrypted.",
            "Remove encryption",
            current=self._journal.key,
            choose_new=False,
            parent=self._window,
        )
        return self._show(dialog, "decrypt")

    def _show(self, dialog: PassphraseChangeDialog, kind: str) -> PassphraseChangeDialog:
        def chosen() -> None:
            self.conversion_requested.emit(
                ConversionRequest(kind, dialog.new_passphrase, dialog.purge_plain_backups())
            )

        dialog.accepted.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog


def add_encryption_actions(window: QWidget, menu: QMenu, journal: Journal) -> EncryptionActions:
    """Add the encryption actions to `menu` (after a separator); returns them."""
    menu.addSeparator()
    return EncryptionActions(window, menu, journal)
