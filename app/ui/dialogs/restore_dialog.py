"""File > Restore from backup…: the journal's backups with their dates and record counts.

The dialog only chooses, and asks first; the app (KithApp) closes the journal,
restores the backup and reopens it, since the window must let go of the file.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.backup_restore import Restored
from app.core.backup_rotation import BackupInfo, list_backups, size_text
from app.core.paths import backups_dir
from app.core.store import Journal
from app.ui.actions import ACTIONS
from app.ui.kit.forms import plain_label, record_list
from app.ui.kit.rows_model import Index, RowsModel
from app.ui.kit.workers import Background

LOADING = "Reading the backups…"
NO_BACKUPS = (
    "There are no backups of this journal yet. Kith takes one each day you open it "
    "(once it holds something), and before every upgrade."
)


def when_of(taken_at: dt.datetime) -> str:
    """A backup's time in the user's own time zone, to the minute."""
    return taken_at.astimezone().strftime("%Y-%m-%d %H:%M")


def long_when(taken_at: dt.datetime) -> str:
    """A backup's time as a question names it: `Monday 6 January 2025 at 13:00`."""
    local = taken_at.astimezone()
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


class BackupsModel(RowsModel[BackupInfo]):
    """The backups as rows: taken, kind, size, records (or what is wrong with it)."""

    headers = ("Taken", "Kind", "Size", "Records")
    hints = ("In your time zone", "Why it was taken", "", "Live records, not the trash")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        info = self.at(index.row()) if index.isValid() else None
        if info is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (when_of(info.taken_at), str(info.kind), size_text(info.size))
            return (*texts, info.counts_text())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        info = self.at(index.row()) if index.isValid() else None
        if info is not None and info.problem is not None:
            return Qt.ItemFlag.NoItemFlags  # listed, greyed out, never chosen
        return super().flags(index)


class RestoreDialog(QDialog):
    """Lists the backups (read off the UI thread) and emits `chosen(path)` once confirmed."""

    chosen = Signal(object)  # the backup's Path

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle("Restore from backup")
        self.resize(820, 420)
        intro = plain_label(
            f"Backups of {journal.name}, newest first, from {backups_dir(journal.path)}. "
            "Restoring one first keeps a copy of the journal as it is now, so you can "
            "undo it by restoring that copy."
        )
        intro.setWordWrap(True)
        self.model = BackupsModel(self)
        self.view = record_list(QTreeView(), self.model, "Backups")
        self.view.header().setSectionResizeMode(1, self.view.header().ResizeMode.Interactive)
        self.view.header().setStretchLastSection(True)
        self.view.setColumnWidth(
            0, self.view.fontMetrics().horizontalAdvance("0000-00-00 00:00") + 24
        )
        self.view.setColumnWidth(
            1, self.view.fontMetrics().horizontalAdvance("before upgrade") + 24
        )
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.message = plain_label(LOADING)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())

        # quick_check on every backup takes a while on a big journal: off the UI thread.
        path, key = journal.path, journal.key
        self.loader = Background(lambda: list_backups(path, key=key), self)
        self.loader.finished.connect(self._show_backups)
        self.loader.failed.connect(self._show_message)
        self.loader.run()

    def _show_backups(self, backups: object) -> None:
        assert isinstance(backups, list)
        self.model.set_rows(backups)
        if not backups:
            self._show_message(NO_BACKUPS)
            return
        self.pages.setCurrentIndex(1)
        first = next((n for n, b in enumerate(backups) if b.problem is None), None)
        if first is not None:
            self.view.setCurrentIndex(self.model.index(first, 0))
        self.view.setFocus()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentIndex(0)

    def selected(self) -> BackupInfo | None:
        index: QModelIndex = self.view.currentIndex()
        info = self.model.at(index.row()) if index.isValid() else None
        return info if info is not None and info.problem is None else None

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def confirm(self, info: BackupInfo) -> bool:
        """Ask before restoring, naming the date (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            restore_question(self.journal.name, info),
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is restore

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self.confirm(info):
            return
        self.accept()
        self.chosen.emit(info.path)

    def done(self, result: int) -> None:
        self.loader.wait()  # never leave a listing thread running behind a closed dialog
        super().done(result)


def restore_question(journal_name: str, info: BackupInfo) -> str:
    """The question asked before a restore: which backup, and what happens to today's journal."""
    return (
        f"Restore {journal_name} as it was on {long_when(info.taken_at)} "
        f"({info.counts_text()})? What you wrote since then is not lost: Kith first keeps "
        "a copy of the journal as it is now, which you can restore to undo this."
    )


def restored_message(restored: Restored) -> str:
    """What the window says after a restore: where the copy taken first is kept."""
    text = f"The journal was restored from {restored.backup.name}."
    if restored.safety_copy is not None:
        text += (
            f" The journal as it was just before is kept at {restored.safety_copy}; "
            "restore that backup (File > Restore from backup…) to undo this."
        )
    return text


def tell_restored(parent: QWidget, restored: Restored) -> QMessageBox:
    """Say, without blocking, that the restore is done and where the copy taken first is."""
    box = QMessageBox(
        QMessageBox.Icon.Information, "Restored", restored_message(restored), parent=parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class RestoreAction(QAction):
    """File > Restore from backup…; `restore_requested(path)` once the user confirmed one."""

    restore_requested = Signal(object)

    def __init__(self, journal: Journal, window: QWidget) -> None:
        super().__init__(ACTIONS["restore"].text, window)
        self.journal = journal
        self.owner = window
        self.dialog: RestoreDialog | None = None
        self.triggered.connect(lambda _checked=False: self.open_dialog())

    def open_dialog(self) -> RestoreDialog:
        dialog = RestoreDialog(self.journal, self.owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.restore_requested.emit)
        dialog.open()
        self.dialog = dialog
        return dialog


def add_restore_action(window: QWidget, menu: QMenu, journal: Journal) -> RestoreAction:
    """Add File > Restore from backup… to `menu`; the app listens to its request."""
    action = RestoreAction(journal, window)
    window.addAction(action)
    menu.addAction(action)
    return action
