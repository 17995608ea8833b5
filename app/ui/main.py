"""Start-up and journal switching: open a journal, show its window, turn trouble into a choice."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app import __version__
from app.core.errors import KithError
from app.core.paths import default_journal_path, resources_dir
from app.core.store import Journal, open_journal
from app.ui.journal_files import Choice, ask_after_failure, ask_new_journal, ask_open_journal
from app.ui.main_window import MainWindow
from app.ui.workers import Worker, start


class KithApp:
    """Owns the open journal and its window; swaps both when the user picks another."""

    def __init__(self, app: QApplication, settings: QSettings) -> None:
        self.app = app
        self.settings = settings
        self.journal: Journal | None = None
        self.window: MainWindow | None = None
        self._worker: Worker | None = None

    def open(self, path: Path, *, create: bool = True) -> bool:
        """Open `path` in a fresh window; on trouble, ask what to do. False: user quit."""
        while True:
            try:
                journal = open_journal(path, create=create)
            except KithError as error:
                choice = ask_after_failure(str(error), self.window)
                if choice is Choice.QUIT:
                    return self.window is not None
                picked = (
                    ask_open_journal(self.window)
                    if choice is Choice.OPEN_ANOTHER
                    else ask_new_journal(self.window)
                )
                if picked is None:
                    return self.window is not None
                path, create = picked, choice is Choice.CREATE_NEW
                continue
            self._show(journal)
            return True

    def _show(self, journal: Journal) -> None:
        """Show `journal` in a new window, unless the old one's last words could not be
        saved and the user would rather stay (then `journal` is closed again)."""
        old_window, old_journal = self.window, self.journal
        if old_window is not None:
            if not old_window.ready_to_close():
                journal.close()
                return
            old_window.save_state()
        window = MainWindow(journal, self.settings)
        window.journal_requested.connect(lambda p, c: self.open(p, create=c))
        window.demo_requested.connect(self.explore_demo)
        window.show()
        self.window, self.journal = window, journal
        if old_window is not None:
            old_window.hide()
            old_window.deleteLater()
        if old_journal is not None:
            old_journal.close()

    def explore_demo(self) -> None:
        """Open the demo journal, a separate file, making it first in the background."""
        path = default_journal_path().with_name("demo.kith")
        if path.exists():
            self.open(path, create=False)
            return
        from app.core.demo import generate_demo

        progress = QProgressDialog("Making a demo journal…", "", 0, 100, self.window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Kith")
        progress.setMinimumDuration(0)
        worker = Worker(lambda report: generate_demo(path, progress=report))
        worker.progressed.connect(lambda fraction: progress.setValue(int(fraction * 100)))

        def done(_summary: object) -> None:
            progress.close()
            self.open(path, create=False)

        def failed(message: str) -> None:
            progress.close()
            self._complain(message)

        worker.succeeded.connect(done)
        worker.failed.connect(failed)
        self._worker = worker
        start(worker, self.app)

    def _complain(self, message: str) -> None:
        parent: QWidget | None = self.window
        QMessageBox.warning(parent, "Kith", message)

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None


def run_app(path: Path, *, explicit: bool = False, ready: Callable[[], None] | None = None) -> int:
    """Open Kith's window on `path` (or the last journal used) and run until it closes.

    With `ready`, the window closes itself as soon as it is usable (people list
    filled, first paint done), after calling `ready()`.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Kith")
    app.setOrganizationName("Kith")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "kith.svg")))
    settings = QSettings()
    if not explicit:
        last = settings.value("journals/last")
        if last and Path(str(last)).exists():
            path = Path(str(last))
    kith = KithApp(app, settings)
    if not kith.open(path):
        return 0
    if ready is not None:
        # A zero timer fires once the event loop has shown and painted the window.
        QTimer.singleShot(0, lambda: _close_when_ready(kith, ready))
    try:
        return app.exec()
    finally:
        kith.close()


def _close_when_ready(kith: KithApp, ready: Callable[[], None]) -> None:
    ready()
    if kith.window is not None:
        kith.window.close()
