"""A one-time banner when a journal sits in a folder a sync service copies (Dropbox, …).

Shown once per journal path (remembered in QSettings), never modal: a bar above the
window's content with "Why?" (the help text kept in app/resources/help/)
and "Dismiss".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from app.core.paths import resources_dir
from app.core.synced import synced_service

SETTINGS_KEY = "journals/synced_warned"
HELP_TITLE = "Journals in synced folders"
_FALLBACK = (
    "Sync services copy a journal while Kith is writing it, and copy its write-ahead "
    "log (the `-wal` file) separately, so the copy on another computer can be damaged. "
    "Keep the journal in a folder that is not synced, and move it with a backup "
    "(`kith backup`, then `kith restore` on the other computer) while Kith is closed."
)


def warned_paths(settings: QSettings) -> list[str]:
    value = settings.value(SETTINGS_KEY, [])
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def warn_if_synced(
    window: QMainWindow, journal_path: Path, settings: QSettings
) -> SyncedBanner | None:
    """Show the banner if `journal_path` looks synced and was never warned about."""
    service = synced_service(journal_path)
    warned = warned_paths(settings)
    if service is None or str(journal_path) in warned:
        return None
    settings.setValue(SETTINGS_KEY, [*warned, str(journal_path)])
    banner = SyncedBanner(service, window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    return banner


class SyncedBanner(QToolBar):
    """The warning bar: one sentence, "Why?" and "Dismiss"."""

    def __init__(self, service: str, parent: QWidget | None = None) -> None:
        super().__init__("Synced folder warning", parent)
        self.setObjectName("syncedBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar to show from a menu
        self.why_box: QMessageBox | None = None
        self.text = QLabel(
            f"This journal is in a {service} folder. Syncing can damage a journal that is "
            "open; move journals with backups instead."
        )
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Synced folder warning")
        self.why = QLabel('<a href="why">Why?</a>')
        self.why.setTextFormat(Qt.TextFormat.RichText)  # our own link, nothing else
        self.why.setAccessibleName("Why synced folders are a risk")
        self.why.linkActivated.connect(lambda _link: self.explain())
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.dismiss)
        # One widget across the bar: the sentence on the left, Why? and Dismiss on the right.
        bar = QWidget()
        bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self.text, 1)
        row.addWidget(self.why)
        row.addSpacing(8)
        row.addWidget(self.dismiss_button)
        self.addWidget(bar)

    def explain(self) -> QMessageBox:
        """The README's section on synced folders, in a box that does not block."""
        box = QMessageBox(QMessageBox.Icon.Information, HELP_TITLE, synced_help(), parent=self)
        box.setTextFormat(Qt.TextFormat.MarkdownText)
        box.open()
        self.why_box = box
        return box

    def dismiss(self) -> None:
        self.hide()
        self.deleteLater()


def synced_help() -> str:
    """The help text on synced folders (app/resources/help/synced-folders.md, package
    data; docs/safety.md points to it)."""
    path = resources_dir() / "help" / "synced-folders.md"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return _FALLBACK
