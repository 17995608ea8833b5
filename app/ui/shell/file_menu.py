"""File > New journal…, Open journal… and Open recent: choosing which journal to use.

The window only asks; `journal_requested` and `new_journal_requested` on the
window let the app (KithApp) close one journal and open another.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

from app.ui.actions import make_action
from app.ui.shell import journal_files


class JournalMenu(QObject):
    """The journal-choosing actions of one window's File menu."""

    journal_requested = Signal(object, bool)  # path, create
    new_journal_requested = Signal(object, str)  # path, passphrase ("": plain)

    def __init__(self, window: QWidget, menu: QMenu, current: Path, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._current = current
        self._settings = settings
        self.new_journal = make_action(window, "new_journal")
        self.new_journal.triggered.connect(lambda _checked=False: self._new())
        self.open_journal = make_action(window, "open_journal")
        self.open_journal.triggered.connect(lambda _checked=False: self._open())
        menu.addActions([self.new_journal, self.open_journal])
        self.recent = menu.addMenu("Open &recent")
        self.recent.aboutToShow.connect(self._fill_recent)

    def _new(self) -> None:
        path = journal_files.ask_new_journal(self._window)
        if path is None:
            return
        passphrase = journal_files.ask_protection(self._window)
        if passphrase is not None:
            self.new_journal_requested.emit(path, passphrase)

    def _open(self) -> None:
        path = journal_files.ask_open_journal(self._window)
        if path is not None:
            self.journal_requested.emit(path, False)

    def _fill_recent(self) -> None:
        self.recent.clear()
        others = [p for p in journal_files.recent_journals(self._settings) if p != self._current]
        if not others:
            self.recent.addAction("No other journals yet").setEnabled(False)
        for path in others:
            action = self.recent.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.journal_requested.emit(p, False))
