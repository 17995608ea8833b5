"""File > Export to CSV…: the whole journal as Kith CSV files in a new folder.

Also home to `JobDialog`, the frame the export and both import dialogs share:
one core call at a time off the UI thread, a progress bar, Cancel, and the
core's sentence when something goes wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QStringListModel, QThread, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.csvio import ExportSummary, default_export_folder, export_journal
from app.core.errors import CsvImportError, KithError
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import heading, named, plain_label
from app.ui.kit.workers import Worker, start

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class _Refused:
    """A KithError raised by a job, carried back whole (a CsvImportError's problems too)."""

    error: KithError


def problem_lines(error: KithError) -> list[str]:
    """What to list under the sentence: each problem of a CSV import, or the error's details."""
    if isinstance(error, CsvImportError):
        lines = [str(problem) for problem in error.problems]
        return lines + ([f"and {error.more} more"] if error.more else [])
    return list(error.details)


def open_in_file_manager(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def documents_folder() -> Path:
    """The user's Documents folder, or their home when there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class JobDialog(QDialog):
    """A dialog that runs one core call at a time off the UI thread.

    `run(job, then)` calls `job(progress, cancelled)` in a worker thread and
    `then(result)` back on the UI thread; a KithError goes to `refused(error)`,
    which shows its sentence (and its problems, in a read-only list). While a
    job runs the progress bar shows and Cancel (or Esc) asks it to stop.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.progress = named(QProgressBar(), "Progress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.message = named(plain_label(), "Message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.details = QStringListModel(self)
        self.details_view = named(QListView(), "Problems")
        self.details_view.setModel(self.details)
        self.details_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details_view.hide()
        self.cancel_button = named(QPushButton("Cancel"), "Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self._cancel = threading.Event()
        self._worker: Worker | None = None
        self._thread: QThread | None = None
        self._then: Callable[[Any], None] = lambda _result: None

    def footer(self, main: QPushButton, *extra: QPushButton) -> QHBoxLayout:
        """The progress, message and problem list, then the buttons; `main` takes Enter."""
        main.setDefault(True)
        buttons = QHBoxLayout()
        for other in extra:
            other.setAutoDefault(False)
            buttons.addWidget(other)
        buttons.addStretch()
        buttons.addWidget(main)
        buttons.addWidget(self.cancel_button)
        return buttons

    def begin_layout(self, title: str, intro: str) -> QVBoxLayout:
        """The dialog's layout, opened with its heading and a wrapped sentence about it."""
        text = plain_label(intro)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(text)
        return layout

    def add_footer(self, layout: QVBoxLayout, main: QPushButton, *extra: QPushButton) -> None:
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.details_view, 1)
        layout.addLayout(self.footer(main, *extra))

    # ---- running ----------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._worker is not None

    def run(self, job: Callable[[Progress, Cancelled], Any], then: Callable[[Any], None]) -> None:
        """Run `job` off the UI thread; `then(result)` gets its result on the UI thread."""
        if self.busy():
            return
        cancel = threading.Event()
        self._cancel = cancel

        def work(progress: Progress) -> object:
            try:
                return job(progress, cancel.is_set)
            except KithError as error:
                return _Refused(error)

        self._then = then
        self.say("")
        self.progress.setValue(0)
        self.progress.show()
        self._worker = Worker(work)
        # Bound methods of this dialog: the results are delivered on the UI thread.
        self._worker.progressed.connect(self._progressed)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        self._thread = start(self._worker, self)
        self.busy_changed(True)

    def busy_changed(self, busy: bool) -> None:
        """Subclasses enable and disable their buttons here."""

    def refused(self, error: KithError) -> None:
        self.say(str(error), problem_lines(error))

    def say(self, sentence: str, lines: list[str] | None = None) -> None:
        """A plain sentence under the form, with an optional read-only list below it."""
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))
        self.details.setStringList(lines or [])
        self.details_view.setVisible(bool(lines))

    def _progressed(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 1000))

    def _finish(self) -> None:
        thread = self._thread
        self._worker = None
        self._thread = None
        if thread is not None:
            # The job has returned: end its thread now, so that none outlives the dialog.
            thread.quit()
            thread.wait()
        self.progress.hide()
        self.busy_changed(False)

    def _succeeded(self, result: object) -> None:
        self._finish()
        if isinstance(result, _Refused):
            self.refused(result.error)
        else:
            self._then(result)

    def _failed(self, sentence: str) -> None:
        self._finish()
        self.say(sentence)

    # ---- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel (and Esc) stops a running job first; the dialog closes once nothing runs."""
        if self.busy():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            self._cancel.set()
            event.ignore()
            return
        super().closeEvent(event)


class ExportDialog(JobDialog):
    """Choose where, then export; at the end, the count and a way to open the folder."""

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__("Export to CSV", parent)
        self.journal = journal
        self.bus = bus
        # Tests replace this to see which folder would be shown.
        self.open_folder: Callable[[Path], object] = open_in_file_manager
        self.summary: ExportSummary | None = None

        self.parent_edit = named(QLineEdit(), "Save in")
        self.parent_edit.setReadOnly(True)
        self.choose_button = named(QPushButton("&Choose…"), "Choose where to save")
        self.choose_button.clicked.connect(self.choose_parent)
        self.name_edit = named(QLineEdit(), "Folder name")
        self.name_edit.textChanged.connect(lambda _text: self._update_buttons())
        self.export_button = named(QPushButton("&Export"), "Export")
        self.export_button.clicked.connect(self.export)
        self.show_button = named(QPushButton("&Show in folder"), "Show in folder")
        self.show_button.clicked.connect(self.show_in_folder)
        self.show_button.hide()

        where = QHBoxLayout()
        where.addWidget(self.parent_edit, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Save in:", where)
        form.addRow("&Folder name:", self.name_edit)
        layout = self.begin_layout(
            "Export to CSV",
            "Kith writes everything in this journal (except the trash) as CSV files "
            "into a new folder. The files open in any spreadsheet.",
        )
        layout.addLayout(form)
        self.add_footer(layout, self.export_button, self.show_button)
        self.choose(documents_folder())
        self.name_edit.setFocus()

    def folder(self) -> Path:
        """The new folder the export will create."""
        return Path(self.parent_edit.text()) / self.name_edit.text().strip()

    def choose(self, parent: Path, name: str | None = None) -> None:
        """Export into `parent`, as `name` (default: a fresh `<journal>-export-<date>`)."""
        self.parent_edit.setText(str(parent))
        self.name_edit.setText(name or default_export_folder(self.journal.name, parent).name)

    def choose_parent(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Save the export in", self.parent_edit.text()
        )
        if chosen:
            self.choose(Path(chosen))

    def export(self) -> None:
        if not self.export_button.isEnabled():
            return
        folder = self.folder()
        self.run(
            lambda progress, cancelled: export_journal(
                self.journal, folder, progress=progress, cancelled=cancelled
            ),
            self._exported,
        )

    def _exported(self, summary: ExportSummary) -> None:
        self.summary = summary
        rows = sum(summary.rows.values())
        self.say(f"Exported {rows} rows to {summary.folder}")
        self.export_button.hide()
        self.choose_button.setEnabled(False)
        self.name_edit.setReadOnly(True)
        self.show_button.show()
        self.show_button.setDefault(True)
        self.show_button.setFocus()
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")

    def show_in_folder(self) -> None:
        if self.summary is not None:
            self.open_folder(self.summary.folder)

    def busy_changed(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.name_edit.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        name = self.name_edit.text().strip()
        self.export_button.setEnabled(
            not self.busy() and bool(name) and name not in (".", "..") and "/" not in name
        )
