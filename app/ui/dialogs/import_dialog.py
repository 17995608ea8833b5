"""File > Import…: a Kith CSV export read back, after a preview of what will happen.

The core checks every file first (`preview_kith_csv`) and writes later
(`import_kith_csv`), trusting the check only while the files and the journal's
people are unchanged. The dialog is modal so that no other view saves in
between.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.backup import backup_file
from app.core.csvio import (
    MERGE,
    ImportSummary,
    KithImportPlan,
    import_kith_csv,
    preview_kith_csv,
)
from app.core.errors import CsvImportError, KithError
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.export_dialog import Cancelled, JobDialog, Progress, documents_folder
from app.ui.kit.forms import named

CHOOSE_SENTENCE = (
    "Choose the folder of a Kith CSV export. Nothing is written until you press Import."
)


class ImportDialog(JobDialog):
    """Choose an export's folder, see what importing it will do, then import it."""

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__("Import a Kith CSV export", parent)
        self.setModal(True)
        self.journal = journal
        self.bus = bus
        self.plan: KithImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.backup: Path | None = None  # taken just before a merge, to undo it
        # A merge adds to what is there: a copy taken first undoes it in one step.
        self.back_up = named(
            QCheckBox("&Back up the journal first, so that the import can be undone"),
            "Back up first",
        )
        self.back_up.setChecked(True)
        self.back_up.hide()

        self.folder_edit = named(QLineEdit(), "Export folder")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("No folder chosen")
        self.choose_button = named(QPushButton("&Choose folder…"), "Choose folder")
        self.choose_button.clicked.connect(self.choose_folder)
        self.import_button = named(QPushButton("&Import"), "Import")
        self.import_button.clicked.connect(self.import_)
        self.import_button.setEnabled(False)
        self.details_view.setAccessibleName("What the import will do")

        where = QHBoxLayout()
        where.addWidget(self.folder_edit, 1)
        where.addWidget(self.choose_button)
        self.choose_button.setAutoDefault(False)
        layout = self.begin_layout("Import a Kith CSV export", CHOOSE_SENTENCE)
        layout.addLayout(where)
        layout.addWidget(self.back_up)
        self.add_footer(layout, self.import_button)
        self.choose_button.setFocus()

    def choose_folder(self) -> None:
        start = self.folder_edit.text() or str(documents_folder())
        chosen = QFileDialog.getExistingDirectory(self, "Import the export in", start)
        if chosen:
            self.choose(Path(chosen))

    def choose(self, folder: Path) -> None:
        """Check the export in `folder` (off the UI thread) and show what importing would do."""
        if self.busy():
            return
        self.plan = None
        self.folder_edit.setText(str(folder))
        journal = self.journal
        self.run(
            lambda progress, cancelled: preview_kith_csv(journal, folder, progress, cancelled),
            self._previewed,
        )

    def _previewed(self, plan: KithImportPlan) -> None:
        self.plan = plan
        self.back_up.setVisible(plan.mode == MERGE)
        self.say("What importing will do:", plan.lines())
        self._update_buttons()
        self.import_button.setFocus()

    def refused(self, error: KithError) -> None:
        if isinstance(error, CsvImportError):
            self.plan = None  # a folder that failed its check is never imported
        super().refused(error)
        self._update_buttons()

    def import_(self) -> None:
        plan = self.plan
        if plan is None or self.busy():
            return
        journal = self.journal
        back_up = plan.mode == MERGE and self.back_up.isChecked()

        def job(progress: Progress, cancelled: Cancelled) -> ImportSummary:
            if back_up:
                self.backup = backup_file(journal.path, reason="before-import", key=journal.key)
            return import_kith_csv(
                journal, plan.folder, plan=plan, progress=progress, cancelled=cancelled
            )

        self.run(job, self._imported)

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        rows = sum(summary.plan.rows.values())
        self.bus.publish(summary.changed)
        backup, restore = self.backup, self.undo_by_restoring()
        if backup is not None and restore is not None:
            self.bus.say(
                f"Imported {rows} rows from {summary.plan.folder}. Undo restores the backup "
                "taken just before.",
                lambda: restore(backup),
            )
        else:
            self.bus.say(f"Imported {rows} rows from {summary.plan.folder}.")
        self.accept()

    def undo_by_restoring(self) -> Callable[[Path], object] | None:
        """How the window restores a backup (File > Restore from backup's request)."""
        action = getattr(self.parent(), "act_restore", None)
        signal = getattr(action, "restore_requested", None)
        return None if signal is None else signal.emit

    def busy_changed(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self.plan is not None and not self.busy())
