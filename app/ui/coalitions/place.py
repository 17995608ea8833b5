"""The Coalitions place: my alliances on the left, the chosen one's page on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changed
from app.core.errors import KithError
from app.core.records import Coalition
from app.core.services import coalitions, prompts, trash
from app.core.services.overview import live_count
from app.core.store import Journal
from app.ui.bus import ChangeBus, attempt, kinds_touch
from app.ui.coalitions.coalition_dialog import CoalitionDialog
from app.ui.coalitions.joint_action_dialog import JointActionDialog
from app.ui.coalitions.member_dialog import MemberDialog
from app.ui.coalitions.models import CoalitionListModel
from app.ui.coalitions.page import CoalitionPage, table
from app.ui.kit.fitting import PageScroll
from app.ui.kit.forms import FormDialog, heading, muted, plain_label
from app.ui.kit.keyboard import opens_on_enter
from app.ui.kit.place import Place
from app.ui.kit.rows_model import ID_ROLE, SORT_ROLE
from app.ui.ops import Op, run
from app.ui.prompts.actions import PromptActions

WHAT_A_COALITION_IS = (
    "A coalition is an alliance you join openly, around a goal you have named together. "
    "Each member takes part for their own interest, and each has a share in the result."
)


class CoalitionsPlace(Place):
    """Every write calls one core service and publishes what changed; `on_changed` refreshes.

    Dialogs open window-modal with `open()` and wait in `self.dialog`, so that a
    test (or the main window) can reach the one on screen.
    """

    title = "Coalitions"

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(journal, bus, parent)
        self.dialog: FormDialog | None = None
        self.coalition: Coalition | None = None  # the one on the page
        self.prompt_actions = PromptActions(journal, bus, self)
        self._closed_prompts: set[int] = set()  # banners closed with ×, this session
        self.model = CoalitionListModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter coalitions")
        self.filter.setAccessibleName("Filter coalitions by name")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = table(self.proxy, "Coalitions", 0)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_button = QPushButton("New coalition…")
        self.new_button.clicked.connect(self.new_coalition)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.filter)
        column.addWidget(self.list, 1)
        column.addWidget(self.new_button)

        self.page = CoalitionPage()
        self.page.edit_button.clicked.connect(self.edit_coalition)
        self.page.trash_button.clicked.connect(self.trash_coalition)
        self.page.add_member_button.clicked.connect(self.add_member)
        self.page.edit_member_button.clicked.connect(self.edit_member)
        self.page.remove_member_button.clicked.connect(self.remove_member)
        opens_on_enter(self.page.member_table, self.edit_member)
        self.page.log_action_button.clicked.connect(self.log_joint_action)
        opens_on_enter(
            self.page.action_table,
            lambda: self._edit_action(self.page.action_table.currentIndex()),
        )
        edit_action = QAction("&Edit…", self.page.action_table)
        edit_action.triggered.connect(
            lambda: self._edit_action(self.page.action_table.currentIndex())
        )
        self.page.action_table.addAction(edit_action)
        self.page.action_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.prompt_actions.attach(self.page.banner)
        self.page.banner.closed.connect(self._banner_closed)
        # Its tables keep every column on show: on a narrow window the page scrolls sideways.
        self.page_scroll = PageScroll(self.page, sideways=True)
        self.page_scroll.setMinimumWidth(360)
        self.nothing_chosen = plain_label("Choose a coalition on the left to see its page.")
        self.nothing_chosen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        muted(self.nothing_chosen, True)
        self.right = QStackedWidget()
        self.right.addWidget(self.nothing_chosen)
        self.right.addWidget(self.page_scroll)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(180)
        splitter.setSizes([320, 680])

        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_state())
        self.stack.addWidget(splitter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def load(self) -> None:
        self.refresh()

    def _empty_state(self) -> QWidget:
        self.empty_title = heading("No coalitions yet", 1.5)
        self.empty_text = plain_label(WHAT_A_COALITION_IS)
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_button = QPushButton("Add a coalition")
        self.empty_button.clicked.connect(self.new_coalition)
        card = QWidget()
        card.setFixedWidth(460)
        inner = QVBoxLayout(card)
        inner.setSpacing(14)
        inner.addWidget(self.empty_title)
        inner.addWidget(self.empty_text)
        # A centred, wrapped label gets its one-line height unless told how tall it is.
        self.empty_text.setMinimumHeight(self.empty_text.heightForWidth(440))
        inner.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box = QWidget()
        column = QVBoxLayout(box)
        column.addStretch(1)
        column.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return box

    # ---- what the main window calls ---------------------------------------------------

    def count(self) -> int:
        return self.model.rowCount() if self.loaded else live_count(self.journal, "coalition")

    def focus_search(self) -> None:
        self.ensure_loaded()
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def new_coalition(self) -> None:
        dialog = CoalitionDialog(self.journal, self.bus, parent=self)
        self._open(dialog, lambda: self._select_saved(dialog.saved_id))

    def select_coalition(self, coalition_id: int) -> bool:
        """Show coalition `coalition_id`; False when it is not (or no longer) there."""
        self.ensure_loaded()
        return self._select(coalition_id, reveal=True)

    def _select(self, coalition_id: int, *, reveal: bool) -> bool:
        row = self.model.row_of(coalition_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid() and reveal:  # hidden by the filter
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        if self.coalition is None or self.coalition.id != coalition_id:
            self._show(coalition_id)
        return True

    def on_changed(self, result: Changed) -> None:
        if not self.loaded:  # read afresh when first shown; only the badge may change
            if kinds_touch(result, "coalition", "trash"):
                self.count_changed.emit()
            return
        if kinds_touch(result, "coalition", "membership", "joint_action", "contact", "trash"):
            self.refresh()
        elif self.coalition is not None and self.coalition.id in result.coalition_ids:
            self._show_prompts(self.coalition.id)  # a prompt about it raised or answered

    def refresh(self) -> None:
        keep = self.coalition.id if self.coalition is not None else None
        self.coalition = None
        self.model.set_rows(coalitions.list_coalitions(self.journal))
        self.stack.setCurrentIndex(1 if self.model.rowCount() else 0)
        # A refresh keeps the page on the same coalition, and the user's filter as it was.
        if keep is None or not self._select(keep, reveal=False):
            first = self.proxy.index(0, 0)
            if first.isValid():
                self._select(int(first.data(ID_ROLE)), reveal=False)
            else:
                self.right.setCurrentIndex(0)
        self.count_changed.emit()

    # ---- writes: one service call each, then publish -----------------------------------

    def edit_coalition(self) -> None:
        if self.coalition is not None:
            self._open(CoalitionDialog(self.journal, self.bus, self.coalition, parent=self))

    def trash_coalition(self) -> None:
        if self.coalition is not None:
            coalition = self.coalition
            self._trash("coalition", coalition.id, f"Moved {coalition.name} to the trash")

    def add_member(self) -> None:
        if self.coalition is not None:
            existing = frozenset(m.contact_id for m in self.coalition.members)
            self._open(
                MemberDialog(
                    self.journal, self.bus, self.coalition.id, existing=existing, parent=self
                )
            )

    def edit_member(self, *_: object) -> None:
        member = self.page.selected_member()
        if self.coalition is not None and member is not None:
            self._open(MemberDialog(self.journal, self.bus, self.coalition.id, member, parent=self))

    def remove_member(self) -> None:
        member = self.page.selected_member()
        if self.coalition is None or member is None:
            return
        where = self.coalition.name
        self._trash("membership", member.membership_id, f"Removed {member.name} from {where}")

    def log_joint_action(self) -> None:
        if self.coalition is not None:
            self._open(JointActionDialog(self.journal, self.bus, self.coalition.id, parent=self))

    def _edit_action(self, index: QModelIndex) -> None:
        if self.coalition is not None and index.isValid():
            action = self.page.actions_model.record(index.row())
            self._open(
                JointActionDialog(self.journal, self.bus, self.coalition.id, action, parent=self)
            )

    def _trash(self, kind: str, record_id: int, notice: str) -> None:
        """Move one record to the trash, and offer to bring it back."""
        run(
            self.bus,
            Op(
                lambda: trash.move_to_trash(self.journal, kind, record_id),
                done=notice,
                undo=Op(lambda: trash.restore(self.journal, kind, record_id)),
            ),
        )

    def _complain(self, error: KithError) -> None:
        self.bus.say(str(error))

    # ---- plumbing ---------------------------------------------------------------------

    def _open(self, dialog: FormDialog, then: Callable[[], None] | None = None) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        if then is not None:
            dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _select_saved(self, coalition_id: int | None) -> None:
        if coalition_id is not None:
            self.select_coalition(coalition_id)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(int(current.data(ID_ROLE)))

    def _show(self, coalition_id: int) -> None:
        coalition = attempt(
            lambda: coalitions.get_coalition(self.journal, coalition_id), self._complain
        )
        self.coalition = coalition
        if coalition is None:
            self.right.setCurrentIndex(0)
            return
        self.page.show_coalition(coalition)
        self._show_prompts(coalition_id)
        self.right.setCurrentIndex(1)

    def _show_prompts(self, coalition_id: int) -> None:
        """The coalition's waiting prompts, in a banner at the top of its page."""
        journal = self.journal
        views = attempt(
            lambda: prompts.waiting(journal, coalition_ids=[coalition_id]), self._complain
        )
        self.page.banner.show_prompts([v for v in views or [] if v.id not in self._closed_prompts])

    def _banner_closed(self) -> None:
        self._closed_prompts.update(v.id for v in self.page.banner.prompts() if v.id is not None)
