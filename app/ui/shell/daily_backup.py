"""The rotating daily backup, taken when a journal opens (off the UI thread) and on close."""

from __future__ import annotations

import contextlib
import sqlite3

from PySide6.QtCore import QTimer

from app.core.backup_rotation import Retention, retention_of, rotate
from app.core.errors import KithError
from app.core.store import Journal
from app.ui.kit.workers import Background
from app.ui.shell.main_window import MainWindow


def failure_notice(message: str) -> str:
    """The status bar's one sentence when the daily backup could not be written."""
    return (
        f"Today's backup was not taken ({message.rstrip('.')}); your journal is unaffected "
        "and Kith will try again next time."
    )


class DailyBackup(Background):
    """Today's rotating backup of one journal, started `delay_ms` after the window is up.

    A 70 MB journal takes about 1.5 s to copy and check. Even off the UI thread that
    competes with start-up's own work on a small machine, so it waits a little; a
    window closed before then leaves it to `back_up_on_close`.
    """

    def __init__(
        self, journal: Journal, window: MainWindow, retention: Retention, delay_ms: int
    ) -> None:
        super().__init__(lambda: rotate(journal, retention), window)
        # Trouble (a full disk) never stops the user: one sentence in the status bar.
        self.failed.connect(lambda message: window.show_notice(failure_notice(message), None))
        self._delay = QTimer(self, singleShot=True, interval=delay_ms)
        self._delay.timeout.connect(self.run)
        self._delay.start()

    def busy(self) -> bool:
        """Whether the backup is still to come or running."""
        return self._delay.isActive() or super().busy()

    def wait(self) -> None:
        """The journal is about to close: start nothing, let a running backup end."""
        self._delay.stop()
        super().wait()


def back_up_on_close(journal: Journal) -> None:
    """The daily backup if none was taken today (Kith ran past midnight, or it failed).

    Quitting never fails because of it, whatever the trouble (a full disk, a
    journal that went read-only): the next start tries again.
    """
    with contextlib.suppress(KithError, OSError, sqlite3.Error):
        rotate(journal, retention_of(journal))
