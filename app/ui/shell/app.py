"""Start-up and journal switching: open a journal, show its window, turn trouble into a choice."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app import APP_ID, __version__
from app.core.backup_restore import Restored, restore
from app.core.backup_rotation import retention_of
from app.core.encryption import (
    Conversion,
    create_encrypted_journal,
    decrypt_journal,
    encrypt_journal,
    rekey_journal,
)
from app.core.errors import (
    EncryptionStateError,
    KithError,
    PassphraseNeededError,
    WrongPassphraseError,
)
from app.core.paths import demo_journal_path, resources_dir
from app.core.store import Journal, open_journal
from app.ui.dialogs.passphrase_dialog import PassphraseDialog
from app.ui.dialogs.restore_dialog import tell_restored
from app.ui.kit.theme import apply_theme, saved_theme
from app.ui.kit.workers import Background, Relay, Worker, start
from app.ui.shell.daily_backup import DailyBackup, back_up_on_close
from app.ui.shell.encryption_actions import ConversionRequest
from app.ui.shell.journal_files import Choice, ask_after_failure, ask_new_journal, ask_open_journal
from app.ui.shell.main_window import MainWindow
from app.ui.shell.single_instance import SingleInstance, raise_running, server_name
from app.ui.shell.synced_notice import warn_if_synced
from app.ui.shell.tray import notify_due_at_start
from app.ui.shell.upgrade_first import upgrade_first


class KithApp:
    """Owns the open journal and its window; swaps both when the user picks another."""

    def __init__(self, app: QApplication, settings: QSettings) -> None:
        self.app = app
        self.settings = settings
        self.journal: Journal | None = None
        self.window: MainWindow | None = None
        self._worker: Worker | None = None
        self._backup: DailyBackup | None = None
        self._restoring: Background | None = None
        self.backup_delay_ms = 5000  # after the window is up: start-up comes first
        # A smoke test (--exit-when-ready) opens and quits: it writes no backup.
        self.backup_on_close = True

    def open(self, path: Path, *, create: bool = True, key: str | None = None) -> bool:
        """Open `path` in a fresh window; on trouble, ask what to do. False: user quit.

        An encrypted journal opens with `key`, else with the passphrase the user types
        (a wrong one may be typed again; Cancel counts as trouble).
        """
        while True:
            try:
                journal = self._open_one(path, create, key)
            except KithError as error:
                key = None
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

    def create(self, path: Path, passphrase: str) -> None:
        """File > New journal: create `path` (encrypted, with a passphrase) and open it."""
        if not passphrase:
            self.open(path, create=True)
            return
        try:
            create_encrypted_journal(path, passphrase)
        except KithError as error:
            self._complain(str(error))
            return
        self.open(path, create=False, key=passphrase)

    def _open_one(self, path: Path, create: bool, key: str | None) -> Journal:
        try:
            upgrade_first(path, key, self.window)
            return open_journal(path, create=create, key=key)
        except (PassphraseNeededError, WrongPassphraseError):
            return self.ask_passphrase(path)

    def ask_passphrase(self, path: Path) -> Journal:
        """Ask for the passphrase until it opens the journal; Cancel raises."""
        dialog = PassphraseDialog(path, lambda key: open_journal(path, key=key), self.window)
        try:
            dialog.exec()
            if dialog.error is not None:
                raise dialog.error
            if not isinstance(dialog.opened, Journal):
                raise PassphraseNeededError(
                    f"{path} is encrypted, and Kith needs its passphrase to open it."
                )
            return dialog.opened
        finally:
            dialog.deleteLater()

    def convert(self, request: ConversionRequest) -> None:
        """Close the journal, encrypt, re-key or decrypt it off the UI thread, reopen it."""
        window, journal = self.window, self.journal
        if window is None or journal is None or not window.ready_to_close():
            return
        self._finish_backup()
        window.save_state()
        path, old_key = journal.path, journal.key
        journal.close()
        window.setEnabled(False)
        progress = QProgressDialog(_WORKING[request.kind], "", 0, 100, window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Kith")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # shown only if it is slow
        worker = Worker(lambda report: _convert(request, path, old_key, report))

        def done(result: object) -> None:
            progress.close()
            assert isinstance(result, Conversion)
            new_key = request.new_passphrase if result.encrypted else None
            self._reopen(path, new_key, " ".join(result.lines()))

        def failed(message: str) -> None:
            progress.close()
            self._reopen(path, old_key, None)  # the journal as it was
            self._complain(message)

        self._run(worker, progress, done, failed)

    def _reopen(self, path: Path, key: str | None, notice: str | None) -> None:
        """Open the journal again after a conversion or a restore closed it."""
        stale = self.window
        if stale is not None:
            stale.setEnabled(True)
        opened = self.open(path, create=False, key=key)
        if stale is not None and self.window is stale:
            # It could not be opened again and the person chose to quit: the window
            # shows a closed journal (nothing may write to it unlocked), so it goes.
            self.journal = None
            stale.close()
            return
        if opened and notice and self.window is not None:
            self.window.show_notice(notice, None)

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
        window.new_journal_requested.connect(self.create)
        window.demo_requested.connect(self.explore_demo)
        window.encryption_actions.conversion_requested.connect(self.convert)
        window.act_restore.restore_requested.connect(self.restore_from)
        window.show()
        if journal.notices:  # what the open found and did (leftovers removed, a log kept)
            window.show_notice(" ".join(journal.notices), None)
        warn_if_synced(window, journal.path, self.settings)
        self._finish_backup()
        self.window, self.journal = window, journal
        self._backup = DailyBackup(journal, window, retention_of(journal), self.backup_delay_ms)
        if old_window is not None:
            old_window.hide()
            old_window.deleteLater()
        if old_journal is not None:
            old_journal.close()

    def raise_window(self) -> None:
        """Another launch asked: bring the open window forward."""
        window = self.window
        if window is not None:
            if window.isMinimized():
                window.showNormal()
            window.show()
            window.raise_()
            window.activateWindow()

    def explore_demo(self) -> None:
        """Open the demo journal, a separate file, making it first in the background."""
        path = demo_journal_path()
        if path.exists():
            self.open(path, create=False)
            return
        from app.core.demo import generate_demo

        progress = QProgressDialog("Making a demo journal…", "", 0, 100, self.window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Kith")
        progress.setMinimumDuration(0)
        worker = Worker(lambda report: generate_demo(path, progress=report))

        def done(_summary: object) -> None:
            progress.close()
            self.open(path, create=False)

        def failed(message: str) -> None:
            progress.close()
            self._complain(message)

        self._run(worker, progress, done, failed)

    def _run(
        self,
        worker: Worker,
        progress: QProgressDialog,
        done: Callable[[object], None],
        failed: Callable[[str], None],
    ) -> None:
        """Run `worker` off the UI thread, its progress on `progress`, then `done` or `failed`."""
        Relay(
            worker,
            progress,
            progressed=lambda fraction: progress.setValue(int(fraction * 100)),
            succeeded=done,
            failed=failed,
        )
        self._worker = worker
        start(worker, self.app)

    def _complain(self, message: str) -> None:
        parent: QWidget | None = self.window
        QMessageBox.warning(parent, "Kith", message)

    def _finish_backup(self) -> None:
        if self._backup is not None:
            self._backup.wait()
            self._backup = None

    def restore_from(self, backup: Path) -> None:
        """Close the journal, put `backup` in its place off the UI thread (a copy of the
        journal is kept first: checks and copies take seconds on a big one), reopen it."""
        window, journal = self.window, self.journal
        if window is None or journal is None or not window.ready_to_close():
            return
        self._finish_backup()
        window.save_state()
        path, key = journal.path, journal.key
        journal.close()
        window.setEnabled(False)
        progress = QProgressDialog("Restoring the backup…", "", 0, 0, window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Kith")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # shown only if it is slow
        # Background, not a bare Worker: its results arrive on the UI thread (a plain
        # function connected to a Worker's signal runs in the worker's thread).
        job = Background(lambda: restore(path, backup, key=key), self.app)

        def done(restored: Restored) -> None:
            progress.close()
            self._reopen(path, key, None)
            if self.window is not window and self.window is not None:
                tell_restored(self.window, restored)

        def failed(message: str) -> None:
            progress.close()
            self._reopen(path, key, None)  # nothing was restored: the journal as it was
            self._complain(message)

        job.finished.connect(done)
        job.failed.connect(failed)
        self._restoring = job
        job.run()

    def close(self) -> None:
        if self._restoring is not None:
            self._restoring.wait()
        self._finish_backup()
        if self.journal is not None:
            try:
                if self.backup_on_close:
                    back_up_on_close(self.journal)
            finally:
                self.journal.close()
                self.journal = None


def run_app(
    path: Path,
    *,
    explicit: bool = False,
    ready: Callable[[], None] | None = None,
    reflections: bool = False,
    quick_log: bool = False,
) -> int:
    """Open Kith's window on `path` (or the last journal used) and run until it closes.

    With `ready`, the window closes itself as soon as it is usable (people list
    filled, first paint done), after calling `ready()`. With `quick_log`, the quick
    log opens over the window (the launcher's Quick Log action).
    """
    # Before the QApplication: Wayland reads it as the window's app id, which is
    # how the desktop finds Kith's launcher and icon for the window.
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Kith")
    app.setOrganizationName("Kith")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "kith.svg")))
    # Whatever Kith writes is its owner's alone, Qt's settings file (which names
    # the journals used) and its folder included.
    os.umask(0o077)
    settings = QSettings()
    _keep_private(Path(settings.fileName()))
    apply_theme(app, saved_theme(settings))  # View > Theme, and a selection always visible
    if not explicit:
        last = settings.value("journals/last")
        if last and Path(str(last)).exists():
            path = Path(str(last))
    one = None
    if ready is None:
        name = server_name(settings.fileName())
        if raise_running(name):  # a second launch: the window already open comes forward
            return 0
        one = SingleInstance(name, app)
    kith = KithApp(app, settings)
    kith.backup_on_close = ready is None
    if one is not None:
        one.raise_requested.connect(kith.raise_window)
    if not kith.open(path):
        return 0
    notify_due_at_start(settings, kith.journal, kith.window)  # only if turned on
    if reflections and kith.window is not None:  # from the daily notification
        kith.window.go_to(kith.window.places.index(kith.window.reflections))
    if quick_log and kith.window is not None:
        opener = kith.window.findChild(QAction, "quick_log")
        if opener is not None:
            QTimer.singleShot(0, opener.trigger)
    if ready is not None:
        # A zero timer fires once the event loop has shown and painted the window.
        QTimer.singleShot(0, lambda: _close_when_ready(kith, ready))
    try:
        return app.exec()
    finally:
        kith.close()


def _keep_private(settings_file: Path) -> None:
    """Settings written by an older Kith, before the umask, become owner-only too."""
    for path in (settings_file, settings_file.parent):
        with contextlib.suppress(OSError):
            if path.exists():
                path.chmod(0o600 if path.is_file() else 0o700)


_WORKING = {
    "encrypt": "Encrypting the journal…",
    "rekey": "Changing the passphrase…",
    "decrypt": "Removing the encryption…",
}


def _convert(
    request: ConversionRequest, path: Path, old_key: str | None, report: Callable[[float], None]
) -> Conversion:
    """Runs in the worker thread: the journal is closed, the conversion holds its lock."""
    new = request.new_passphrase
    if request.kind == "encrypt" and new is not None:
        return encrypt_journal(
            path, new, purge_plain_backups=request.purge_plain_backups, progress=report
        )
    if old_key is None:
        raise EncryptionStateError(f"{path} is not encrypted; nothing was changed.")
    if request.kind == "rekey" and new is not None:
        return rekey_journal(path, old_key, new, progress=report)
    return decrypt_journal(path, old_key, progress=report)


def _close_when_ready(kith: KithApp, ready: Callable[[], None]) -> None:
    ready()
    if kith.window is not None:
        kith.window.close()
