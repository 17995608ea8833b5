"""The trash: what was deleted, to bring back or, after asking, to delete for good."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changed
from app.core.errors import KithError
from app.core.records import TrashItem
from app.core.services import trash
from app.core.store import Journal
from app.ui.bus import ChangeBus, kinds_touch
from app.ui.kit.forms import plain_label, record_list
from app.ui.kit.rows_model import Index, RowsModel
from app.ui.ops import Op, run

EMPTY_SENTENCE = "The trash is empty."


def parts_of(item: TrashItem) -> tuple[str, str]:
    """The kind word and the label alone ("Reflection", "Dinner at Ana's")."""
    word, found, label = item.label.partition(": ")
    if not found:
        return item.kind.replace("_", " ").capitalize(), item.label
    return word, label


def when_of(moment: dt.datetime) -> str:
    """A trash timestamp in the user's own time zone, to the minute."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


class TrashModel(RowsModel[TrashItem]):
    """Trashed records as rows (kind, label, when); labels are data, never markup."""

    headers = ("Kind", "Item", "Moved to trash")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        word, label = parts_of(item)
        return (word, label, when_of(item.deleted_at))[index.column()]

    def row_of(self, kind: str, record_id: int) -> int:
        keys = [(item.kind, item.id) for item in self._rows]
        return keys.index((kind, record_id)) if (kind, record_id) in keys else -1


class TrashView(QTreeView):
    """The list of trashed items: Enter restores, Delete deletes forever (after asking)."""

    restore_pressed = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.restore_pressed.emit()
        elif key == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)


class TrashDialog(QDialog):
    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.bus = bus
        self.setWindowTitle("Trash")
        self.resize(680, 420)
        self.model = TrashModel(self)
        self.view = record_list(TrashView(), self.model, "Items in the trash")
        header = self.view.header()
        header.resizeSection(0, 110)
        header.resizeSection(2, self.view.fontMetrics().horizontalAdvance("0000-00-00 00:00") + 24)
        self.view.restore_pressed.connect(self.restore_selected)
        self.view.delete_pressed.connect(self.delete_selected)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty_label = plain_label(EMPTY_SENTENCE)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.view)
        self.error = plain_label()
        self.error.setObjectName("formError")
        self.error.setAccessibleName("Trash error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.restore_button = self._button("&Restore", self.restore_selected)
        self.restore_button.setAccessibleName("Restore the selected item")
        self.delete_button = self._button("&Delete forever…", self.delete_selected)
        self.delete_button.setAccessibleName("Delete the selected item forever")
        self.empty_button = self._button("&Empty trash…", self.empty_trash)
        self.empty_button.setAccessibleName("Empty the trash")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.restore_button, self.delete_button, self.empty_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(actions)

        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        bus.changed.connect(self._on_changed)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in the list restores; it never presses these
        button.clicked.connect(lambda: slot())
        return button

    # ---- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the trash again, keeping the selected item (or its place in the list)."""
        chosen = self.selected()
        row = self.view.currentIndex().row()
        self.model.set_rows(trash.list_trash(self.journal))
        if chosen is not None and self.model.row_of(chosen.kind, chosen.id) >= 0:
            row = self.model.row_of(chosen.kind, chosen.id)
        row = min(max(row, 0), self.model.rowCount() - 1)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        empty = self.model.rowCount() == 0
        self.pages.setCurrentIndex(0 if empty else 1)
        self._update_buttons()

    def selected(self) -> TrashItem | None:
        index = self.view.currentIndex()
        return self.model.at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.restore_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.empty_button.setEnabled(self.model.rowCount() > 0)

    def _on_changed(self, result: Changed) -> None:
        if kinds_touch(result, "trash"):
            self.refresh()

    # ---- acting ----------------------------------------------------------------------------

    def confirm(self, text: str) -> bool:
        """Ask before anything is deleted for good (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete forever", text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the label is the user's own text
        delete = box.addButton("Delete forever", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is delete

    def restore_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self._run(lambda: trash.restore(self.journal, item.kind, item.id))

    def delete_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        word, label = parts_of(item)
        what = f"the {word.lower()} “{label}”" if label else f"this {word.lower()}"
        if self.confirm(f"Delete {what} forever? This cannot be undone."):
            self._run(lambda: trash.delete_forever(self.journal, item.kind, item.id))

    def empty_trash(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        things = "the item" if count == 1 else f"all {count} items"
        if self.confirm(f"Delete {things} in the trash forever? This cannot be undone."):
            self._run(lambda: trash.empty_trash(self.journal))

    def _run(self, action: Callable[[], Changed]) -> None:
        """Call one core service and publish what it changed; trouble shows under the list."""
        self.error.hide()
        run(self.bus, Op(action, failed=self._refused))

    def _refused(self, error: KithError) -> None:
        self.error.setText(str(error))
        self.error.show()
        self.refresh()
