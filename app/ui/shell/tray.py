"""An optional desktop notification at start-up: what is due today (off by default).

Preferences writes the QSettings key `notifications/due_at_start`; when it is on, Kith
reads who is due (off the UI thread, after the window is up) and, if anything is due
today and the desktop has a system tray, shows one tray message. Clicking it opens
Reflections, where the "Staying in touch" list is. Nothing else is ever sent anywhere:
the message is the desktop's own, on this machine.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.core import clock
from app.core.services.due import Due, due
from app.core.store import Journal
from app.ui.kit.workers import Background
from app.ui.shell.main_window import MainWindow

SETTING = "notifications/due_at_start"
TITLE = "Kith: staying in touch"
MAX_LINES = 3
SHOWN_MS = 15_000  # how long the desktop is asked to show the message


def notifications_on(settings: QSettings) -> bool:
    """Whether the user asked for the start-up message (Preferences); off by default."""
    return bool(settings.value(SETTING, False, type=bool))


def tray_message(found: Due) -> tuple[str, str] | None:
    """(title, body) of the message for what is due on the day itself, or None when
    nothing is: today's birthdays first, then who is overdue (most overdue first)."""
    today = found.today()
    lines = [b.sentence for b in today.birthdays] + [o.sentence for o in today.overdue]
    if not lines:
        return None
    body = "\n".join(lines[:MAX_LINES])
    if len(lines) > MAX_LINES:
        body += f"\n…and {len(lines) - MAX_LINES} more in Reflections."
    return TITLE, body


class StartupNotice(QObject):
    """Reads what is due once, off the UI thread, and shows it in the tray if it can.

    `message` is what was (or would have been) shown; `icon` the tray icon, None when
    the desktop has no tray (as under the offscreen platform of the tests)."""

    def __init__(self, journal: Journal, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.message: tuple[str, str] | None = None
        self.icon: QSystemTrayIcon | None = None
        self._background = Background(lambda: due(journal, clock.today()), self)
        self._background.finished.connect(self._read)
        self._background.failed.connect(lambda _message: None)  # a courtesy: stay quiet

    def start(self) -> None:
        self._background.run()
        # Quitting while it reads: let the read end before the journal closes.
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._background.wait)

    def busy(self) -> bool:
        return self._background.busy()

    def _read(self, found: Due) -> None:
        self.message = tray_message(found)
        if self.message is None or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        icon = QSystemTrayIcon(QApplication.windowIcon() or QIcon(), self)
        icon.setToolTip("Kith")
        icon.messageClicked.connect(self._open_reflections)
        icon.show()
        icon.showMessage(*self.message, QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        # The icon is there only to carry the message: it leaves once the message has.
        QTimer.singleShot(SHOWN_MS + 1000, icon.hide)
        self.icon = icon

    def _open_reflections(self) -> None:
        window = self.window
        window.showNormal()
        window.raise_()
        window.activateWindow()
        window.go_to(window.places.index(window.reflections))
        if self.icon is not None:
            self.icon.hide()


def notify_due_at_start(
    settings: QSettings, journal: Journal | None, window: MainWindow | None
) -> StartupNotice | None:
    """Start the start-up message if the user turned it on; None when off (or no window)."""
    if journal is None or window is None or not notifications_on(settings):
        return None
    notice = StartupNotice(journal, window)
    notice.start()
    return notice
