"""Pick several people by typing their names (a dinner with three friends)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.services.contacts import search_contacts
from app.core.store import Journal


class _SearchBox(QLineEdit):
    """Enter adds the typed person; it submits the dialog only when the box is empty."""

    add_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.add_requested.emit(self.text())
            event.accept()
            return
        super().keyPressEvent(event)


class PeoplePicker(QWidget):
    """A search box that adds people to a list; `ids()` gives the chosen ones in order."""

    changed = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.search = _SearchBox()
        self.search.setPlaceholderText("Type a name, then Enter to add")
        self.search.setAccessibleName("Add a person")
        self.chosen = QListWidget()
        self.chosen.setAccessibleName("People taking part")
        self.chosen.setMaximumHeight(110)
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove the selected person")
        self.remove.clicked.connect(self._remove_selected)
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self._add_by_name)
        self.search.setCompleter(self._completer)
        self.search.textEdited.connect(self._suggest)
        self.search.add_requested.connect(self._add_by_name)
        self._matches: dict[str, int] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.remove)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.chosen)
        self.setFocusProxy(self.search)  # the label's mnemonic lands where names are typed

    def _suggest(self, text: str) -> None:
        found = search_contacts(self.journal, text, limit=30) if text.strip() else []
        # Two people may share a name: the id keeps them apart in the list.
        self._matches = {self._label(cid, name, found): cid for cid, name in found}
        model = self._completer.model()
        model.setStringList(list(self._matches))  # type: ignore[attr-defined]

    @staticmethod
    def _label(cid: int, name: str, found: list[tuple[int, str]]) -> str:
        twins = sum(1 for _, other in found if other == name)
        return f"{name} (#{cid})" if twins > 1 else name

    def _add_by_name(self, label: str) -> None:
        cid = self._matches.get(label)
        if cid is None:
            exact = [(i, n) for i, n in search_contacts(self.journal, label, 5) if n == label]
            if len(exact) != 1:
                return
            cid, label = exact[0]
        self.add(cid, label)
        # Clearing inside the completer's own signal would be undone by it.
        self.search.clear()
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def add(self, contact_id: int, name: str) -> None:
        if contact_id in self.ids():
            return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, contact_id)
        self.chosen.addItem(item)
        self.changed.emit()

    def _remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.chosen.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.chosen.count())
        )

    def names(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]
