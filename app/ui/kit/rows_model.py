"""Table models over plain records from the core: the boilerplate every list in Kith shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.kit.forms import tooltip

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table, one record a row; subclasses implement `data()`.

    `headers` names the columns; `hints`, where given, is each header's tooltip.
    """

    headers: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def at(self, row: int) -> R | None:
        """The record on row `row`, or None when there is no such row."""
        return self._rows[row] if 0 <= row < self.rowCount() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.hints):
            return self.hints[section] or None
        return None


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    right: bool = False
    full: Callable[[R], str] | None = None  # the whole text, as a tooltip, when cut short
    hint: str = ""  # the header's tooltip


class ColumnsModel(RowsModel[R]):
    """A table described column by column; `ID_ROLE` gives a row's id, `SORT_ROLE` its key."""

    columns: tuple[Column[R], ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(column.header for column in self.columns)
        self.hints = tuple(column.hint for column in self.columns)

    def row_id(self, row: R) -> int:
        raise NotImplementedError

    def record(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        return next((n for n, row in enumerate(self._rows) if self.row_id(row) == record_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.full is not None:
            return tooltip(column.full(row))
        return None
