"""The Reflections place: the questions Kith asks, most important first.

Evaluating every person takes about a second on a 10,000-person journal, so it runs
off the UI thread: when the place is built, when something touches a coalition, and
on a new day. Meanwhile (and after each snooze, dismissal or answer) the place shows
the prompts already stored, which is quick.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.changes import Changed, changed
from app.core.errors import KithError
from app.core.services import prompts
from app.core.services.prompts import PromptView
from app.core.store import Journal
from app.ui.bus import ChangeBus, attempt, kinds_touch
from app.ui.kit.forms import centred_message, heading, plain_label
from app.ui.kit.place import Place
from app.ui.prompts.actions import PromptActions
from app.ui.prompts.cards import PromptCard, soft
from app.ui.prompts.due_panel import DuePanel
from app.ui.prompts.reflector import Reflector, Sweep

EMPTY_SENTENCE = (
    "Nothing to reflect on right now. Kith asks only when the record shows a pattern, "
    "and never more than a few times a day."
)
LOOKING = "Looking over your record…"
INTRO = (
    "Questions about the people and coalitions in your journal, most important first, "
    "each with the numbers behind it."
)
# What can change a coalition's health, or bring someone back from the trash.
_EVALUATE_KINDS = ("coalition", "membership", "joint_action", "trash")


class ReflectionsPlace(Place):
    title = "Reflections"

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        reflector: Reflector | None = None,
    ) -> None:
        super().__init__(journal, bus, parent)
        # Shared with the People place in the window, which reads the same figures.
        self.reflector = reflector or Reflector(journal, self)
        self.prompt_actions = PromptActions(journal, bus, self)
        self.cards: list[PromptCard] = []
        self._importance: dict[int, float] = {}  # prompt id -> from the last evaluation
        self._evaluated_on: dt.date | None = None
        self._own = False  # publishing our own news: nothing to refresh
        self._count = 0
        self.reflector.swept.connect(self._evaluated)
        self.reflector.failed.connect(self._evaluation_failed)
        self._build()
        self._show(attempt(lambda: prompts.waiting(journal), self._complain) or [])
        self.evaluate()

    def _build(self) -> None:
        title = heading("Reflections", scale=1.5)
        intro = soft(plain_label(INTRO))
        intro.setWordWrap(True)
        self.column = QVBoxLayout()
        self.column.setSpacing(12)
        holder = QWidget()
        holder.setMaximumWidth(820)
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(8)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(8)
        inner.addLayout(self.column)
        inner.addStretch(1)
        # A column as wide as reads well (up to 820 px), on the left like every page.
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(holder, 1)
        row.addStretch(0)
        self.list_view = QScrollArea()
        self.list_view.setWidgetResizable(True)
        self.list_view.setFrameShape(QFrame.Shape.NoFrame)
        self.list_view.setWidget(body)
        self.list_view.setAccessibleName("Questions to reflect on")

        empty, self.empty_label = centred_message(EMPTY_SENTENCE)
        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(self.list_view)
        # Staying in touch sits above the questions: reminders, not prompts.
        self.due_panel = DuePanel(self.journal, self.bus)
        self.due_panel.count_changed.connect(self.count_changed)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.due_panel)
        outer.addWidget(self.pages)

    # ---- what the main window calls ---------------------------------------------------

    def count(self) -> int:
        # Questions only: reminders and birthdays are counted apart, on their own
        # heading, so that a thousand overdue reminders never hide three questions.
        return self._count

    def prompts(self) -> list[PromptView]:
        """What the place shows, top to bottom."""
        return [card.view for card in self.cards]

    def evaluate(self) -> None:
        """Look over the whole record again, off the UI thread (new prompts are stored)."""
        self._evaluated_on = clock.today()
        if not self.cards:
            self.empty_label.setText(LOOKING)
        self.reflector.sweep()

    def busy(self) -> bool:
        return self.reflector.busy() or self.due_panel.busy()

    def wait_for_work(self) -> None:
        self.reflector.wait()
        self.due_panel.wait()

    # ---- refreshing ---------------------------------------------------------------------

    def _evaluated(self, sweep: Sweep) -> None:
        views = sweep.prompts
        before = {card.view.id for card in self.cards}
        self._importance = {v.id: v.importance for v in views if v.id is not None}
        self._show(views)
        if self.empty_label.text() == LOOKING:
            self.empty_label.setText(EMPTY_SENTENCE)
        new = [v for v in views if v.id not in before]
        if new:  # stored just now: the pages of these people and coalitions may show them
            self._own = True
            try:
                self.bus.publish(
                    changed(
                        "prompt",
                        contacts={v.subject_id for v in new if v.subject_type == "person"},
                        coalitions={v.subject_id for v in new if v.subject_type == "coalition"},
                    )
                )
            finally:
                self._own = False

    def _evaluation_failed(self, message: str) -> None:
        if self.empty_label.text() == LOOKING:
            self.empty_label.setText(EMPTY_SENTENCE)
        self.reread()

    def reread(self) -> None:
        """Show the stored prompts again (quick), keeping the evaluation's order."""
        views = attempt(lambda: prompts.waiting(self.journal), self._complain)
        if views is None:
            return
        importance = self._importance
        views.sort(key=lambda v: -importance.get(v.id or 0, v.importance))
        self._show(views)

    def _show(self, views: list[PromptView]) -> None:
        if [_shown(v) for v in views] != [_shown(v) for v in self.prompts()]:
            for card in self.cards:
                card.hide()
                card.deleteLater()
            self.cards = []
            for view in views:
                card = PromptCard(view)
                self.prompt_actions.attach(card)
                self.column.addWidget(card)
                self.cards.append(card)
        self.pages.setCurrentIndex(1 if self.cards else 0)
        count = attempt(lambda: prompts.open_count(self.journal), self._complain)
        self._count = len(views) if count is None else count
        self.count_changed.emit()

    def on_changed(self, result: Changed) -> None:
        if self._own:
            return
        if kinds_touch(result, *_EVALUATE_KINDS) or "all" in result.kinds:
            self.reread()
            self.evaluate()
        elif kinds_touch(result, "prompt"):
            self.reread()
        elif kinds_touch(result, "contact") and any(
            v.subject_type == "person" and v.subject_id in result.contact_ids
            for v in self.prompts()
        ):
            self.reread()  # a renamed person

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A new day: snoozes end, questions fade, the week's budget moves on.
        if self._evaluated_on != clock.today():
            self.evaluate()
        self.due_panel.refresh_on_a_new_day()

    def _complain(self, error: KithError) -> None:
        self.bus.say(str(error))


def _shown(view: PromptView) -> tuple[object, ...]:
    """What a card shows of a prompt: the same, and the card can stay (with its focus)."""
    return (view.id, view.subject_name, view.question, view.evidence, view.index)
