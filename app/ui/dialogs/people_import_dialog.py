"""File > Import people…: people from a vCard or a Google/Outlook contacts CSV file.

Nothing is written until the person has seen, row by row, who is new, who is
already in the journal and who is left out (and why); then the new people are
added in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeView,
    QWidget,
)

from app.core.csvio import (
    MATCHES,
    NEW,
    SKIPPED,
    PeopleImportSummary,
    PeoplePreview,
    PersonVerdict,
    import_people,
    preview_people,
)
from app.core.enums import Tie
from app.core.services import duplicates
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.export_dialog import JobDialog, documents_folder
from app.ui.kit.forms import enum_combo, named, plain_label, record_list, select_data
from app.ui.kit.rows_model import Column, ColumnsModel
from app.ui.people.duplicates_dialog import offer_after_import

FILE_FILTER = "Contacts (*.vcf *.csv)"
DEFAULT_TIE = Tie.ACQUAINTANCE


def status_of(verdict: PersonVerdict) -> str:
    """ "New", "Matches Ann Lee" or "Skipped — no name": what importing does with them."""
    if verdict.status == MATCHES:
        return f"Matches {verdict.existing_name}"
    if verdict.status == SKIPPED:
        return f"Skipped — {verdict.reason}"
    return "New"


def counts_of(preview: PeoplePreview) -> str:
    """ "12 new, 3 already in your journal, 1 skipped"."""
    return (
        f"{preview.count(NEW)} new, {preview.count(MATCHES)} already in your journal, "
        f"{preview.count(SKIPPED)} skipped"
    )


def _order(verdict: PersonVerdict) -> tuple[int, str]:
    return ((NEW, MATCHES, SKIPPED).index(verdict.status), status_of(verdict).casefold())


class PeoplePreviewModel(ColumnsModel[PersonVerdict]):
    """The people of a file, one a row, as read (never markup), with what will happen."""

    columns = (
        Column("Name", lambda v: v.person.name, full=lambda v: v.person.name),
        Column("Email", lambda v: v.person.email),
        Column("Phone", lambda v: v.person.phone),
        Column("Organization", lambda v: v.person.organization),
        Column("Birthday", lambda v: v.person.birthday or ""),
        Column("Status", status_of, sort=_order, full=status_of),
    )

    def row_id(self, row: PersonVerdict) -> int:
        return row.person.line  # where the person starts in the file: unique within it


class PeopleImportDialog(JobDialog):
    """Choose a contacts file, see who is new, pick their tie, import them."""

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__("Import people", parent)
        self.setModal(True)
        self.setMinimumSize(760, 480)
        self.journal = journal
        self.bus = bus
        self.preview: PeoplePreview | None = None
        self.summary: PeopleImportSummary | None = None

        self.file_edit = named(QLineEdit(), "Contacts file")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen")
        self.choose_button = named(QPushButton("&Choose file…"), "Choose file")
        self.choose_button.clicked.connect(self.choose_file)
        self.counts = named(plain_label(), "Counts")
        self.model = PeoplePreviewModel(self)
        self.view = record_list(QTreeView(), self.model, "People in the file")
        self.tie_combo = named(enum_combo([tie.value for tie in Tie]), "Tie for the new people")
        select_data(self.tie_combo, DEFAULT_TIE.value)
        self.import_button = named(QPushButton("&Import"), "Import")
        self.import_button.clicked.connect(self.import_)
        self.import_button.setEnabled(False)

        where = QHBoxLayout()
        where.addWidget(self.file_edit, 1)
        where.addWidget(self.choose_button)
        self.choose_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow("&Tie for the new people:", self.tie_combo)
        layout = self.begin_layout(
            "Import people",
            "Bring in people from a vCard file or a Google or Outlook contacts CSV. "
            "Nothing is written until you press Import; people already in your "
            "journal are left as they are.",
        )
        layout.addLayout(where)
        layout.addWidget(self.counts)
        layout.addWidget(self.view, 3)
        layout.addLayout(form)
        self.add_footer(layout, self.import_button)
        self.choose_button.setFocus()

    def tie(self) -> Tie:
        return Tie(self.tie_combo.currentData())

    def choose_file(self) -> None:
        start = self.file_edit.text() or str(documents_folder())
        chosen, _filter = QFileDialog.getOpenFileName(self, "Import people", start, FILE_FILTER)
        if chosen:
            self.choose(Path(chosen))

    def choose(self, path: Path) -> None:
        """Read `path` (off the UI thread) and show who importing would add."""
        if self.busy():
            return
        self._show(None)
        self.file_edit.setText(str(path))
        journal = self.journal
        self.run(lambda _progress, _cancelled: preview_people(journal, path), self._show)

    def _show(self, preview: PeoplePreview | None) -> None:
        self.preview = preview
        self.model.set_rows(list(preview.people) if preview else [])
        self.counts.setText(counts_of(preview) if preview else "")
        if preview is not None and not preview.people:
            self.say(f"Kith found nobody in {preview.source}.")
        self._update_buttons()
        if self.import_button.isEnabled():
            self.import_button.setFocus()

    def import_(self) -> None:
        preview = self.preview
        if preview is None or self.busy() or not preview.count(NEW):
            return
        journal, tie = self.journal, self.tie()
        self.newest_before = duplicates.highest_person_id(journal)
        self.run(
            lambda progress, cancelled: import_people(
                journal, preview, tie=tie, progress=progress, cancelled=cancelled
            ),
            self._imported,
        )

    def _imported(self, summary: PeopleImportSummary) -> None:
        self.summary = summary
        self.bus.publish(summary.changed)
        people = "person" if summary.added == 1 else "people"
        self.bus.say(f"Added {summary.added} {people} from {self.file_edit.text()}.")
        parent = self.parentWidget()
        if summary.added and parent is not None:
            self.duplicates = offer_after_import(parent, self.journal, self.bus, self.newest_before)
        self.accept()

    def busy_changed(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.tie_combo.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.preview is not None and self.preview.count(NEW) > 0
        self.import_button.setEnabled(ready and not self.busy())
