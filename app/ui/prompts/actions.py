"""What the user does with a prompt, wherever it shows: snooze it, set it aside with an
optional reason, or ask to write about it (the main window opens the journal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.services import prompts
from app.core.services.prompts import PromptView
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.kit.forms import buddy, date_edit, date_of, heading, plain_label
from app.ui.ops import Op, run
from app.ui.prompts.cards import PromptBanner, PromptCard, dismiss_word, in_a_week


class SnoozeDialog(QDialog):
    """Pick the day a prompt comes back."""

    def __init__(self, view: PromptView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze until…")
        tomorrow = clock.today() + dt.timedelta(days=1)
        self.day = date_edit(in_a_week(clock.today()))
        self.day.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.day.setAccessibleName("Come back on")
        explanation = plain_label(
            f"The question about {view.subject_name} comes back on this day, "
            "if the record still shows the pattern."
        )
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Snooze")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(buddy("Come back &on:", self.day))
        layout.addWidget(self.day)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def until(self) -> dt.date:
        return date_of(self.day)


class DismissDialog(QDialog):
    """ "Not transactional" (or, for a coalition, "Dismiss"), with an optional reason."""

    def __init__(self, view: PromptView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        word = dismiss_word(view)
        self.setWindowTitle(word)
        if view.subject_type == "person":
            text = (
                f"Kith will stay quiet about this with {view.subject_name} unless the "
                "pattern clearly changes."
            )
        else:
            text = f"Kith won't ask this about {view.subject_name} again."
        explanation = plain_label(text)
        explanation.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why not? (optional, for you alone)")
        self.reason.setAccessibleName("Reason (optional)")
        self.reason.setMaxLength(500)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(word)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(view.question, scale=1.0))
        layout.addWidget(explanation)
        layout.addWidget(buddy("&Reason:", self.reason))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def reason_text(self) -> str:
        return self.reason.text()


class PromptActions(QObject):
    """One core call per choice, then publish what changed on the bus.

    Its dialogs open window-modal with `open()` and wait in `self.dialog`, so that a
    test (or the place) can reach the one on screen.
    """

    write_requested = Signal(object)  # PromptView: the main window opens the journal

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget) -> None:
        super().__init__(parent)
        self.journal, self.bus = journal, bus
        self._window = parent
        self.dialog: QDialog | None = None

    def attach(self, source: PromptCard | PromptBanner) -> None:
        """Act on what `source` (a card or a banner of cards) asks for."""
        source.write.connect(self.write_requested)
        source.snooze.connect(self.snooze)
        source.dismiss.connect(self.ask_dismiss)

    def snooze(self, view: PromptView, until: dt.date | None) -> None:
        if until is None:
            dialog = SnoozeDialog(view, self._window)
            self._open(dialog, lambda: self.snooze(view, dialog.until()))
            return
        prompt_id = view.id
        if prompt_id is None:
            return
        run(
            self.bus,
            Op(
                lambda: prompts.snooze(self.journal, prompt_id, until),
                done=f"Snoozed until {until.isoformat()}; it comes back then if it still fits.",
            ),
        )

    def ask_dismiss(self, view: PromptView) -> None:
        dialog = DismissDialog(view, self._window)
        self._open(dialog, lambda: self.dismiss(view, dialog.reason_text()))

    def dismiss(self, view: PromptView, reason: str = "") -> None:
        prompt_id = view.id
        if prompt_id is None:
            return
        quiet = (
            f"Kith will stay quiet about this with {view.subject_name}."
            if view.subject_type == "person"
            else "Set aside."
        )
        run(self.bus, Op(lambda: prompts.dismiss(self.journal, prompt_id, reason), done=quiet))

    def _open(self, dialog: QDialog, then: Callable[[], None]) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
