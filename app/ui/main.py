"""Start-up of the window: open the journal, show it, and turn trouble into a dialog."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.core.errors import KithError
from app.core.store import Journal, open_journal
from app.ui.main_window import MainWindow


def run_app(path: Path, *, explicit: bool = False) -> int:
    """Open Kith's window on `path` (created if missing) and run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Kith")
    app.setOrganizationName("Kith")
    app.setApplicationVersion(__version__)
    try:
        journal: Journal = open_journal(path, create=True)
    except KithError as error:
        QMessageBox.critical(None, "Kith cannot open this journal", str(error))
        return error.exit_code
    window = MainWindow(journal)
    window.show()
    try:
        return app.exec()
    finally:
        journal.close()
