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
