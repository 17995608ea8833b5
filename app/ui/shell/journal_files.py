"""Choosing journal files: Open, New, and what to do when a journal can't be opened."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.paths import JOURNAL_SUFFIX, default_journal_path

FILTER = f"Kith journals (*{JOURNAL_SUFFIX});;All files (*)"


def ask_open_journal(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open journal", str(default_journal_path().parent), FILTER
    )
    return Path(chosen) if chosen else None


def ask_new_journal(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "New journal",
        str(default_journal_path().parent / f"new{JOURNAL_SUFFIX}"),
        FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(JOURNAL_SUFFIX)


def ask_protection(parent: QWidget | None) -> str | None:
    """Whether a new journal gets a passphrase: the passphrase, "" for none, None to
    give up creating it."""
    from app.ui.dialogs.passphrase_dialog import PassphraseChangeDialog

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("New journal — Kith")
    box.setText("Protect the new journal with a passphrase?")
    box.setInformativeText(
        "Encrypted, it cannot be read without the passphrase, by anyone who gets the "
        "file or its backups, or by you if you forget it. You can encrypt it later too "
        "(File > Encrypt journal…)."
    )
    encrypt = box.addButton("&Encrypt…", QMessageBox.ButtonRole.YesRole)
    plain = box.addButton("&Don't encrypt", QMessageBox.ButtonRole.NoRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(plain)
    box.exec()
    if box.clickedButton() is plain:
        return ""
    if box.clickedButton() is not encrypt:
        return None
    dialog = PassphraseChangeDialog(
        "Encrypt the new journal",
        "Choose a passphrase you will remember: without it the journal cannot be opened.",
        "Create encrypted",
        parent=parent,
    )
    if not dialog.exec() or not dialog.new_passphrase:
        return None
    return dialog.new_passphrase


class Choice(Enum):
    OPEN_ANOTHER = "open"
    CREATE_NEW = "new"
    QUIT = "quit"


def ask_after_failure(message: str, parent: QWidget | None = None) -> Choice:
    """The core's sentence, and a way forward: open another, create new, or quit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Kith cannot open this journal")
    box.setText(message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    open_button = box.addButton("Open another…", QMessageBox.ButtonRole.AcceptRole)
    new_button = box.addButton("Create new…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        return Choice.OPEN_ANOTHER
    if clicked is new_button:
        return Choice.CREATE_NEW
    return Choice.QUIT


def recent_journals(settings: QSettings) -> list[Path]:
    value = settings.value("journals/recent", [])
    paths = value if isinstance(value, list) else [value] if value else []
    return [Path(str(p)) for p in paths if Path(str(p)).exists()]


def remember_journal(settings: QSettings, path: Path) -> None:
    recent = [p for p in recent_journals(settings) if p != path]
    settings.setValue("journals/recent", [str(path)] + [str(p) for p in recent[:7]])
    settings.setValue("journals/last", str(path))
