"""The "Staying in touch" section at the top of Reflections: who is overdue for a
moment together, and birthdays in the next two weeks. Clicking one opens the person.

It is a reminder, not a question: nothing here feeds the transactional index. On a
10,000-person journal the list takes about 0.2 s to read, so it is read off the UI
thread: at start, when people or moments change, and on a new day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QListView, QSizePolicy, QVBoxLayout, QWidget

from app.core import clock
from app.core.changes import Changed
from app.core.services.due import Due, due
from app.core.store import Journal
from app.ui.bus import ChangeBus, kinds_touch
from app.ui.kit.forms import heading
from app.ui.kit.palette import COLORS, dot
from app.ui.kit.rows_model import ID_ROLE
from app.ui.kit.workers import Background

Index = QModelIndex | QPersistentModelIndex
TITLE = "Staying in touch"
MAX_ROWS_SHOWN = 6  # more scroll inside the list, so the questions below stay in view
# What can change who is due: a moment, a person's rhythm or birthday, the trash.
_DUE_KINDS = ("contact", "interaction", "trash")


@dataclass(frozen=True)
class DueRow:
    kind: str  # "overdue" or "birthday"
    contact_id: int
    name: str
    sentence: str


def due_rows(found: Due) -> list[DueRow]:
    """Birthdays first (they will not wait), then who is overdue, most overdue first."""
    return [DueRow("birthday", b.contact_id, b.name, b.sentence) for b in found.birthdays] + [
        DueRow("overdue", o.contact_id, o.name, o.sentence) for o in found.overdue
    ]


class DueModel(QAbstractListModel):
    """One row per thing due, in gentle words."""

    KIND_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DueRow] = []
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[DueRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.sentence
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Open {row.name}'s page"
        if role == Qt.ItemDataRole.DecorationRole:
            if row.kind not in self._icons:
                self._icons[row.kind] = dot(COLORS["moment" if row.kind == "overdue" else "entry"])
            return self._icons[row.kind]
        if role == ID_ROLE:
            return row.contact_id
        if role == self.KIND_ROLE:
            return row.kind
        return None


class DuePanel(QWidget):
    """The section; hidden when nothing is due. Its heading counts its rows, apart from
    the questions the sidebar badge counts."""

    person_requested = Signal(int)  # a contact id: the window opens their page
    count_changed = Signal()

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._day: dt.date | None = None
        self.model = DueModel(self)
        self.title = heading(TITLE, scale=1.25)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(TITLE)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(True)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.clicked.connect(self._open)
        self.list.activated.connect(self._open)
        self.setMaximumWidth(820)  # the same column as the questions below
        # As tall as its rows, never more: the questions below take the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.hide()

        def job() -> Due:
            return due(journal, clock.today())

        self._background = Background(job, self)
        self._background.finished.connect(self.show_due)
        # A busy journal: keep what is shown; the next change or new day reads again.
        self._background.failed.connect(lambda _message: None)
        bus.changed.connect(self._changed)
        self.refresh()

    def count(self) -> int:
        return self.model.rowCount()

    def refresh(self) -> None:
        """Read who is due again, off the UI thread."""
        self._day = clock.today()
        self._background.run()

    def show_due(self, found: Due) -> None:
        self.model.set_rows(due_rows(found))
        rows = min(self.model.rowCount(), MAX_ROWS_SHOWN)
        if rows:
            height = sum(self.list.sizeHintForRow(r) for r in range(rows))
            self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 4)
        self.setVisible(bool(rows))
        count = self.model.rowCount()
        self.title.setText(f"{TITLE} · {count:,}" if count else TITLE)
        self.count_changed.emit()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.person_requested.emit(int(index.data(ID_ROLE)))

    def _changed(self, result: Changed) -> None:
        if kinds_touch(result, *_DUE_KINDS):
            self.refresh()

    def refresh_on_a_new_day(self) -> None:
        """The place came into view: on a new day birthdays move on and more are overdue."""
        if self._day != clock.today():
            self.refresh()

    def busy(self) -> bool:
        return self._background.busy()

    def wait(self) -> None:
        self._background.wait()
