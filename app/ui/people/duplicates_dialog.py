"""Person > Find duplicates…: likely pairs, best first, each pair side by side, and Merge….

The search runs off the UI thread (about a second for 10,000 people) with a
busy bar; Enter on a pair opens the merge dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.services import duplicates
from app.core.services.duplicates import DuplicatePair, PersonSummary
from app.core.store import Journal
from app.ui.bus import ChangeBus, kinds_touch
from app.ui.kit.forms import plain_label
from app.ui.kit.rows_model import Column, ColumnsModel
from app.ui.kit.workers import Background


class PairsView(QTableView):
    """Enter merges the chosen pair (and is not passed on to close the dialog)."""

    merge_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.merge_pressed.emit()
            event.accept()
        else:
            super().keyPressEvent(event)


class PairsModel(ColumnsModel[DuplicatePair]):
    columns = (
        Column("Why", lambda p: ", ".join(p.reasons)),
        Column("Keep", lambda p: p.keep.name),
        Column("Merge into them", lambda p: p.other.name),
    )

    def row_id(self, row: DuplicatePair) -> int:
        return row.other.id


_SUMMARY = (
    ("Name", lambda p: p.name),
    ("Email", lambda p: p.email),
    ("Phone", lambda p: p.phone),
    ("Organisation", lambda p: p.organization),
    ("Birthday", lambda p: p.birthday or ""),
    ("How we met", lambda p: p.how_met),
    ("History", lambda p: f"{p.moments} moments, {p.favors} favors"),
)


class SideBySide(QWidget):
    """The two people of a pair, field by field."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cells: list[tuple[QLabel, QLabel]] = []
        for row, (label, _read) in enumerate(_SUMMARY):
            grid.addWidget(plain_label(label), row, 0)
            pair = (plain_label(""), plain_label(""))
            grid.addWidget(pair[0], row, 1)
            grid.addWidget(pair[1], row, 2)
            self.cells.append(pair)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

    def show_pair(self, pair: DuplicatePair | None) -> None:
        for (_label, read), (left, right) in zip(_SUMMARY, self.cells, strict=True):
            left.setText(_text(read, pair.keep) if pair else "")
            right.setText(_text(read, pair.other) if pair else "")


def _text(read: object, person: PersonSummary) -> str:
    value = read(person)  # type: ignore[operator]
    return str(value) if value else "—"


class DuplicatesDialog(QDialog):
    """Likely duplicates (with someone above `newer_than`, if given: people just imported)."""

    person_requested = Signal(int)

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        parent: QWidget | None = None,
        newer_than: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.bus = bus
        # After an import: only pairs with someone it added, and only shown if any.
        self.newer_than = newer_than
        self.setWindowTitle("Find duplicates")
        self.resize(760, 520)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Looking for duplicates")
        self.state = plain_label("Looking for people who may be the same person…")
        self.model = PairsModel(self)
        self.table = PairsView()
        self.table.setAccessibleName("Likely duplicates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.merge_pressed.connect(self.merge_current)
        self.table.doubleClicked.connect(lambda _index: self.merge_current())
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.side = SideBySide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge_current)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.side)
        layout.addWidget(buttons)
        self.job = Background(self._find, self)
        self.job.finished.connect(self._show_pairs)
        self.job.failed.connect(self.state.setText)
        self.bus.changed.connect(self._on_changed)

    def _find(self) -> list[DuplicatePair]:
        region = duplicates.phone_region()
        if self.newer_than is not None:
            return duplicates.duplicates_of_newer(self.journal, self.newer_than, region=region)
        return duplicates.find_duplicates(self.journal, region=region)

    def start(self) -> None:
        """Look (again) for duplicates, off the UI thread."""
        self.busy.show()
        self.job.run()

    def _show_pairs(self, pairs: object) -> None:
        assert isinstance(pairs, list)
        self.busy.hide()
        self.model.set_rows(pairs)
        if pairs:
            many = f"{len(pairs)} likely duplicate{'s' if len(pairs) != 1 else ''}"
            if self.newer_than is not None:
                many += " among the people just imported"
            self.state.setText(f"{many}, best first. Enter merges the chosen pair.")
            self.table.selectRow(0)
            self.table.setFocus()
        else:
            self.state.setText("No likely duplicates.")
            self.side.show_pair(None)
        self.merge_button.setEnabled(bool(pairs))

    def current_pair(self) -> DuplicatePair | None:
        row = self.table.currentIndex().row()
        return self.model.record(row) if 0 <= row < self.model.rowCount() else None

    def _chosen(self, *_args: object) -> None:
        self.side.show_pair(self.current_pair())

    def merge_current(self) -> QDialog | None:
        """Open the merge dialog on the chosen pair."""
        from app.ui.people.merge_dialog import MergeDialog

        pair = self.current_pair()
        if pair is None:
            return None
        dialog = MergeDialog(self.journal, self.bus, pair.keep.id, pair.other.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_changed(self, result: object) -> None:
        if kinds_touch(result, "contact"):  # type: ignore[arg-type]
            self.start()

    def done(self, code: int) -> None:
        if self.isVisible():
            self.bus.changed.disconnect(self._on_changed)
            self.job.wait()
        super().done(code)


def offer_after_import(
    parent: QWidget, journal: Journal, bus: ChangeBus, newer_than: int
) -> DuplicatesDialog:
    """At the end of a people import: look for duplicates of the people it added, and
    show them only if there are any (a dialog that opens to say "none" is noise)."""
    dialog = DuplicatesDialog(journal, bus, parent, newer_than=newer_than)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def arrived(pairs: object) -> None:
        dialog.job.finished.disconnect(arrived)
        if pairs:
            dialog.open()
        else:
            dialog.bus.changed.disconnect(dialog._on_changed)
            dialog.deleteLater()

    dialog.job.finished.connect(arrived)
    dialog.start()
    return dialog
