"""Upgrading an older journal off the UI thread, with a progress dialog, before it opens.

Opening a journal written by an older Kith migrates it (a backup is kept first).
Most upgrades take milliseconds, but one that builds an index over everything
written (the search index, on a 500,000-entry journal) takes seconds: done on the
UI thread, the window would not appear and the desktop would call Kith frozen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.errors import KithError
from app.core.migrate import head_revision, is_known_revision
from app.core.store import open_journal, stored_revision
from app.ui.kit.workers import Background

# The dialog shows only if the upgrade is slow enough to be noticed.
SHOW_AFTER_MS = 400

WORDS = (
    "Upgrading this journal for this version of Kith…\n"
    "A backup of it is kept first. A large journal takes a little while."
)


def needs_upgrade(path: Path, key: str | None = None) -> bool:
    """Whether opening `path` would migrate it: an existing Kith journal of an older
    revision this Kith knows. Anything else (missing, damaged, locked, newer) is left
    to the ordinary open, which says what is wrong."""
    if not path.is_file() or key is not None:
        # With a passphrase, reading the revision would derive the key a second time
        # (SQLCipher's key derivation takes a noticeable moment): an encrypted journal
        # opened with one was open at this revision a moment ago (after a conversion
        # or its creation), and one opened by typing the passphrase upgrades there.
        return False
    try:
        revision = stored_revision(path)
    except Exception:  # any trouble reading the file is the ordinary open's to report
        return False
    return revision is not None and revision != head_revision() and is_known_revision(revision)


def upgrade_first(path: Path, key: str | None, parent: QWidget | None) -> None:
    """Migrate `path` in the background while a progress dialog shows, if it needs it.

    Raises what the upgrade raised (a KithError), so that the caller treats it like
    any other trouble opening the journal; on success the journal is closed again,
    at the current revision, for the caller to open as usual.
    """
    if not needs_upgrade(path, key):
        return
    progress = QProgressDialog(WORDS, "", 0, 0, parent)
    progress.setCancelButton(None)  # a migration is one transaction: it cannot stop halfway
    progress.setWindowTitle("Kith")
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setValue(0)  # starts the clock of the minimum duration (Qt 6 waits for it)
    outcome: list[object] = []
    loop = QEventLoop()

    def upgrade() -> KithError | None:
        # The error travels back as a result: a worker's failure is only its message.
        try:
            open_journal(path, key=key).close()
        except KithError as error:
            return error
        return None

    def ended(result: object) -> None:
        outcome.append(result)
        loop.quit()

    job = Background(upgrade, parent)
    job.finished.connect(ended)
    job.failed.connect(lambda message: ended(KithError(message)))
    job.run()
    loop.exec()
    progress.close()
    progress.deleteLater()
    job.deleteLater()
    if outcome and isinstance(outcome[0], KithError):
        raise outcome[0]
