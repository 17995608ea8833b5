"""A reflective prompt on screen: a card with its question, evidence and three actions,
and the banner that holds a few cards on a person's or a coalition's page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.services.prompts import PromptView
from app.ui.kit.forms import heading, plain_label


def in_a_week(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7)


def in_a_month(today: dt.date) -> dt.date:
    """The same day next month (the last day of a shorter month)."""
    later = QDate(today.year, today.month, today.day).addMonths(1)
    return dt.date(later.year(), later.month(), later.day())


def dismiss_word(view: PromptView) -> str:
    """ "Not transactional" says what the user means about a person; a coalition's
    question is set aside, not answered."""
    return "Not transactional" if view.subject_type == "person" else "Dismiss"


def about_line(view: PromptView) -> str:
    """Whom the prompt is about, and the person's transactional index."""
    if view.subject_type == "coalition":
        return f"About the coalition {view.subject_name}"
    if view.index is None:
        return f"About {view.subject_name}"
    return f"About {view.subject_name} · transactional index {view.index}"


def soft(label: QLabel) -> QLabel:
    """Secondary text: the placeholder colour, still readable on light and dark."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class PromptCard(QFrame):
    """One prompt. Its buttons say what the user chose; a PromptActions does it."""

    write = Signal(object)  # PromptView
    snooze = Signal(object, object)  # PromptView, the day to come back (None: ask)
    dismiss = Signal(object)  # PromptView

    def __init__(self, view: PromptView, *, about: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setObjectName("promptCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAccessibleName(f"Question about {view.subject_name}")
        self.question = heading(view.question, scale=1.12)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about = soft(plain_label(about_line(view)))
        if not about:  # (setVisible(True) on a label with no parent yet would open a window)
            self.about.hide()
        self.evidence = soft(plain_label(view.evidence))
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence.setAccessibleName("Evidence")

        self.write_button = QPushButton("Write a reflection")
        self.write_button.setAccessibleName(f"Write a reflection about {view.subject_name}")
        self.write_button.clicked.connect(lambda: self.write.emit(self.view))
        self.snooze_button = QPushButton("Snooze")
        self.snooze_button.setAccessibleName("Snooze this question")
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_week = self.snooze_menu.addAction("For a week")
        self.snooze_month = self.snooze_menu.addAction("For a month")
        self.snooze_pick = self.snooze_menu.addAction("Until a day I pick…")
        self.snooze_week.triggered.connect(lambda: self._snooze(in_a_week(clock.today())))
        self.snooze_month.triggered.connect(lambda: self._snooze(in_a_month(clock.today())))
        self.snooze_pick.triggered.connect(lambda: self._snooze(None))
        self.snooze_button.setMenu(self.snooze_menu)
        self.dismiss_button = QPushButton(dismiss_word(view) + "…")
        self.dismiss_button.setAccessibleName(dismiss_word(view))
        self.dismiss_button.clicked.connect(lambda: self.dismiss.emit(self.view))

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.write_button, self.snooze_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(self.about)
        layout.addWidget(self.question)
        layout.addWidget(self.evidence)
        layout.addSpacing(4)
        layout.addLayout(buttons)

    def _snooze(self, until: dt.date | None) -> None:
        self.snooze.emit(self.view, until)


class PromptBanner(QFrame):
    """A gentle strip of prompts on a page; hidden while it has none. Never modal."""

    write = Signal(object)
    snooze = Signal(object, object)
    dismiss = Signal(object)
    closed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName(title)
        self._tint()
        self.title = plain_label(title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close these questions")
        self.close_button.setToolTip("Hide these questions; they wait in Reflections")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.close_button.clicked.connect(self._close)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.cards_column = QVBoxLayout()
        self.cards_column.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(self.cards_column)
        self.cards: list[PromptCard] = []
        self.hide()

    def _tint(self) -> None:
        # A wash of the highlight colour over the page: noticeable, never alarming.
        palette = self.palette()
        base, accent = (
            palette.color(QPalette.ColorRole.Window),
            QColor(palette.color(QPalette.ColorRole.Highlight)),
        )
        mixed = QColor(
            round(base.red() * 0.86 + accent.red() * 0.14),
            round(base.green() * 0.86 + accent.green() * 0.14),
            round(base.blue() * 0.86 + accent.blue() * 0.14),
        )
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)

    def prompts(self) -> list[PromptView]:
        return [card.view for card in self.cards]

    def show_prompts(self, views: list[PromptView]) -> None:
        """Show these prompts (in this order); the banner hides when there are none."""
        if [v.id for v in views] == [c.view.id for c in self.cards] and all(
            v == c.view for v, c in zip(views, self.cards, strict=True)
        ):
            self.setVisible(bool(views))
            return
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        for view in views:
            card = PromptCard(view, about=False, parent=self)
            card.write.connect(self.write)
            card.snooze.connect(self.snooze)
            card.dismiss.connect(self.dismiss)
            self.cards_column.addWidget(card)
            self.cards.append(card)
        self.setVisible(bool(views))

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
