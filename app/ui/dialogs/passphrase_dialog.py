"""Passphrases: unlocking an encrypted journal, and choosing or removing one.

Typed passphrases live in the fields and in memory only: never in QSettings,
never in a log, never in a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import cipher
from app.core.encryption import check_new_passphrase
from app.core.errors import KithError, ValidationError, WrongPassphraseError
from app.ui.kit.forms import heading, named, plain_label


def _secret(name: str) -> QLineEdit:
    field = named(QLineEdit(), name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _problem_label() -> Any:
    label = plain_label()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    label.hide()
    return label


class PassphraseDialog(QDialog):
    """Asks for an encrypted journal's passphrase and tries it at once.

    `attempt(passphrase)` opens the journal; a wrong passphrase keeps the dialog
    open to try again. On success `opened` holds what `attempt` returned; any
    other trouble closes the dialog with `error` set, for the caller to show.
    """

    def __init__(
        self, path: Path, attempt: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self.opened: object | None = None
        self.error: KithError | None = None
        self.setWindowTitle("Unlock journal — Kith")
        self.setMinimumWidth(440)
        self.field = _secret("Passphrase")
        self.problem = _problem_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Open")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = plain_label(f"“{path.stem}” is encrypted. Type its passphrase to open it.\n{path}")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("This journal is locked"))
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.field.setFocus()

    def accept(self) -> None:
        typed = self.field.text()
        if not typed:
            self._say("Type the journal's passphrase.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.opened = self._attempt(typed)
        except WrongPassphraseError:
            self._say("That passphrase does not unlock this journal. Try again.")
            self.field.selectAll()
            self.field.setFocus()
            return
        except KithError as error:
            self.error = error
            super().reject()
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()

    def _say(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()


class PassphraseChangeDialog(QDialog):
    """Encrypt (a new passphrase), change it (current and new) or remove it (current).

    `current` is the journal's passphrase when it has one: the person must type
    it again, so that an unlocked, unattended window cannot be re-keyed. With
    `plain_backups`, a checkbox offers to delete those unencrypted copies.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        action: str,
        *,
        current: str | None = None,
        choose_new: bool = True,
        plain_backups: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self.new_passphrase: str | None = None
        self.setWindowTitle(f"{title} — Kith")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        text = plain_label(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.current_field = _secret("Current passphrase")
        self.new_field = _secret("New passphrase")
        self.repeat_field = _secret("New passphrase again")
        if current is not None:
            form.addRow("&Current passphrase:", self.current_field)
        if choose_new:
            form.addRow("&New passphrase:", self.new_field)
            form.addRow("The same &again:", self.repeat_field)
        layout.addLayout(form)
        self.purge = named(QCheckBox(), "Delete unencrypted backups")
        if plain_backups:
            folder = plain_backups[0].parent
            many = len(plain_backups) != 1
            note = plain_label(
                f"{len(plain_backups)} older backup{'s' if many else ''} in {folder} "
                f"{'are' if many else 'is'} not encrypted and will stay readable by anyone "
                "who gets the files."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            self.purge.setText(
                f"&Delete those {len(plain_backups)} unencrypted backups"
                if many
                else "&Delete that unencrypted backup"
            )
            layout.addWidget(self.purge)
        self.problem = _problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._choose_new = choose_new

    def purge_plain_backups(self) -> bool:
        """Whether the person asked to delete the unencrypted backups."""
        return self.purge.isVisibleTo(self) and self.purge.isChecked()

    def accept(self) -> None:
        if self._current is not None and not cipher.same_passphrase(
            self.current_field.text(), self._current
        ):
            self._say("The current passphrase is not right; nothing was changed.")
            self.current_field.selectAll()
            self.current_field.setFocus()
            return
        if self._choose_new:
            try:
                self.new_passphrase = check_new_passphrase(
                    self.new_field.text(), self.repeat_field.text()
                )
            except ValidationError as error:
                self._say(str(error))
                self.new_field.setFocus()
                return
        super().accept()

    def _say(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()
