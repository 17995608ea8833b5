"""The Journal place's list of reflections, and what it reads from an entry's text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QComboBox

from app.core.records import Entry
from app.ui.kit.rows_model import Index, RowsModel

BATCH = 500  # rows handed to the view at a time; more come as it scrolls


def title_of(text: str) -> str:
    """The first line with words in it, quote marks left out: the entry's title."""
    lines = (line.lstrip("> ").strip() for line in text.splitlines())
    return next((line[:120] for line in lines if line), "Untitled reflection")


def subject_key(contact_id: int | None, coalition_id: int | None) -> str:
    """Combo data for a subject or a filter: "12/" a person, "/3" a coalition, "/" none."""
    return f"{contact_id or ''}/{coalition_id or ''}"


def subject_ids(key: str) -> tuple[int | None, int | None]:
    person, _, group = (key or "/").partition("/")
    return (int(person) if person else None), (int(group) if group else None)


def matches(entry: Entry, key: str) -> bool:
    """Whether the filter `key` lets `entry` through ("/" lets everything through)."""
    contact_id, coalition_id = subject_ids(key)
    return contact_id in (None, entry.contact_id) and coalition_id in (None, entry.coalition_id)


def add_choices(combo: QComboBox, people: dict[int, str], groups: dict[int, str]) -> None:
    """People, then coalitions, each alphabetical, with their subject keys as data."""
    for names, suffix, key in ((people, "", "{}/"), (groups, " (coalition)", "/{}")):
        if names:
            combo.insertSeparator(combo.count())
        for number, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            combo.addItem(name + suffix, key.format(number))


def quoted(quote: str) -> str:
    lines = quote.strip().splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n" if lines else ""


class EntryListModel(RowsModel[Entry]):
    """Reflections as rows (date, title, about); user text is always data, never markup."""

    headers = ("Date", "Reflection", "About")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown = 0

    def set_rows(self, rows: list[Entry]) -> None:
        self.beginResetModel()
        self._rows, self._shown = rows, min(len(rows), BATCH)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        more = min(BATCH, len(self._rows) - self._shown)
        if not parent.isValid() and more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        about = " · ".join(n for n in (entry.contact_name, entry.coalition_name) if n)
        return (entry.written_on.isoformat(), title_of(entry.text), about)[index.column()]

    def row_of(self, entry_id: int | None) -> int:
        """The row showing `entry_id` (fetching rows up to it), or -1."""
        row = next((r for r, e in enumerate(self._rows) if e.id == entry_id), -1)
        while 0 <= self._shown <= row:
            self.fetchMore(QModelIndex())
        return row

    def replace(self, entry: Entry) -> None:
        """Show a saved entry's new text in its row, leaving every other row alone."""
        row = self.row_of(entry.id)
        if row >= 0:
            self._rows[row] = entry
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
