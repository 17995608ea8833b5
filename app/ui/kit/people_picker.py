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

from app.core.records import ContactFields
from app.core.services import contacts
from app.core.services.contacts import search_contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.ops import Op, run

# What a suggestion that adds someone new maps to.
NEW = -1


def new_person_offer(name: str) -> str:
    return f"Add “{name}” as a new person"


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
    """A search box that adds people to a list; `ids()` gives the chosen ones in order.

    Enter adds the highlighted suggestion, or the only one; people who share a name
    are told apart by what else is known of them; with a `bus`, a name nobody has is
    offered as a new person (added through `ops.run`).
    """

    changed = Signal()

    def __init__(
        self, journal: Journal, bus: ChangeBus | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.journal, self.bus = journal, bus
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
        # The journal's search has chosen the suggestions already: show them all.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.activated.connect(self._add_by_name)
        self.search.setCompleter(self._completer)
        self.search.textEdited.connect(self._suggest)
        self.search.add_requested.connect(self._enter)
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
        typed = text.strip()
        found = search_contacts(self.journal, typed, limit=30) if typed else []
        names = [name for _, name in found]
        twins = [cid for cid, name in found if names.count(name) > 1]
        told = contacts.telling_apart(self.journal, twins)
        self._matches = {}
        for cid, name in found:
            label = name
            if cid in told:
                label = f"{name} — {told[cid] or f'#{cid}'}"
            self._matches[label] = cid
        if typed and not found and self.bus is not None:
            self._matches[new_person_offer(typed)] = NEW
        model = self._completer.model()
        model.setStringList(list(self._matches))  # type: ignore[attr-defined]
        if self._matches:
            self._completer.complete()

    def suggestions(self) -> list[str]:
        """What the box offers for what is typed, in order."""
        return list(self._matches)

    def _enter(self, text: str) -> None:
        """Enter: the highlighted suggestion, else the only one, else an exact name."""
        popup = self._completer.popup()
        current = popup.currentIndex() if popup is not None and popup.isVisible() else None
        if current is not None and current.isValid():
            self._add_by_name(str(current.data()))
        elif len(self._matches) == 1:
            self._add_by_name(next(iter(self._matches)))
        else:
            self._add_by_name(text.strip())

    def _add_by_name(self, label: str) -> None:
        cid = self._matches.get(label)
        name = label.split(" — ")[0]
        if cid == NEW:
            cid = self._create(label.removeprefix("Add “").removesuffix("” as a new person"))
            name = label.removeprefix("Add “").removesuffix("” as a new person")
        if cid is None:
            exact = [(i, n) for i, n in search_contacts(self.journal, label, 5) if n == label]
            if len(exact) != 1:
                return
            cid, name = exact[0]
        self.add(cid, name)
        # Clearing inside the completer's own signal would be undone by it.
        self.search.clear()
        self._matches = {}
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _create(self, name: str) -> int | None:
        if self.bus is None:
            return None
        added = run(
            self.bus,
            Op(
                lambda: contacts.add_contact(self.journal, ContactFields(name)),
                done=f"Added {name} to your journal",
            ),
        )
        return added.new_id if added is not None else None

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
