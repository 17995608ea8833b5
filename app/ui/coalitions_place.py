"""The Coalitions place: my alliances on the left, the chosen one's page on the right."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changed
from app.core.enums import CoalitionStatus
from app.core.errors import KithError
from app.core.records import Coalition, CoalitionRow, JointAction, Member
from app.core.services import coalitions, trash
from app.core.store import Journal
from app.ui.bus import ChangeBus, attempt, kinds_touch
from app.ui.coalition_dialog import CoalitionDialog
from app.ui.forms import FormDialog, plain_label, word
from app.ui.joint_action_dialog import JointActionDialog
from app.ui.member_dialog import MemberDialog
from app.ui.place import Place

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

ACHIEVED, DISSOLVED = CoalitionStatus.ACHIEVED, CoalitionStatus.DISSOLVED
WHAT_A_COALITION_IS = (
    "A coalition is an alliance you join openly, around a goal you have named together. "
    "Each member takes part for their own interest, and each has a share in the result."
)


def gist(text: str, limit: int = 80) -> str:
    """Free text on one line, cut short with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def day(value: dt.date | None, missing: str = "—") -> str:
    return value.isoformat() if value is not None else missing


def yes_no(value: bool | None) -> str:
    return "Unknown" if value is None else ("Yes" if value else "No")


# ---- item models ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    right: bool = False
    full: Callable[[R], str] | None = None  # the whole text, as a tooltip, when cut short
    hint: str = ""  # the header's tooltip


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over plain records from the core; `ID_ROLE` gives a row's id."""

    columns: tuple[Column[R], ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_id(self, row: R) -> int:
        raise NotImplementedError

    def record(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        return next((n for n, row in enumerate(self._rows) if self.row_id(row) == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].hint or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.full is not None:
            full = column.full(row).strip()
            # Tooltips guess at rich text: escape, so that user text shows as typed.
            return "<qt>" + html.escape(full).replace("\n", "<br>") + "</qt>" if full else None
        return None


class CoalitionListModel(RowsModel[CoalitionRow]):
    columns = (
        Column[CoalitionRow]("Name", lambda r: r.name, full=lambda r: r.name),
        Column[CoalitionRow]("Status", lambda r: word(r.status.value)),
        Column[CoalitionRow]("Members", lambda r: str(r.members), lambda r: r.members, True),
    )

    def row_id(self, row: CoalitionRow) -> int:
        return row.id


class MembersModel(RowsModel[Member]):
    columns = (
        Column[Member]("Name", lambda m: m.name),
        Column[Member]("Role", lambda m: gist(m.role, 40), full=lambda m: m.role),
        Column[Member]("Their interest", lambda m: gist(m.interest), full=lambda m: m.interest),
        Column[Member](
            "Commitment",
            lambda m: f"{m.commitment} of 5" if m.commitment else "—",
            lambda m: m.commitment or 0,
        ),
        Column[Member]("Knows goal", lambda m: yes_no(m.knows_goal), hint="Knows the goal"),
        Column[Member](
            "Agrees", lambda m: yes_no(m.agrees_outcome), hint="Agrees on the result we want"
        ),
        Column[Member]("Joined", lambda m: day(m.joined_on)),
        Column[Member]("Left", lambda m: day(m.left_on)),
    )

    def row_id(self, row: Member) -> int:
        return row.membership_id


class ActionsModel(RowsModel[JointAction]):
    columns = (
        Column[JointAction]("Date", lambda a: a.occurred_on.isoformat()),
        Column[JointAction](
            "What we did", lambda a: gist(a.description), full=lambda a: a.description
        ),
        Column[JointAction]("Outcome", lambda a: gist(a.outcome), full=lambda a: a.outcome),
        Column[JointAction](
            "Who took part", lambda a: ", ".join(name for _, name in a.participants) or "—"
        ),
    )

    def row_id(self, row: JointAction) -> int:
        return row.id


# ---- the page of one coalition --------------------------------------------------------


def heading(text: str = "", scale: float = 1.25) -> QLabel:
    """A bold, larger plain-text label: a title without any HTML."""
    label = plain_label(text)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted(label: QLabel, on: bool) -> None:
    """Grey italics for a gentle placeholder, the ordinary text colour otherwise."""
    font = label.font()
    font.setItalic(on)
    label.setFont(font)
    role = QPalette.ColorRole.PlaceholderText if on else QPalette.ColorRole.WindowText
    label.setForegroundRole(role)


def table(model: QAbstractItemModel, name: str, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fit(view: QTableView) -> None:
    """Every row and column on show: the page scrolls as a whole, not each table inside it."""
    model = view.model()
    header = view.horizontalHeader()
    rows = model.rowCount() if model is not None else 0
    columns = model.columnCount() if model is not None else 0
    width = sum(
        120
        if header.sectionResizeMode(n) == QHeaderView.ResizeMode.Stretch
        else max(view.sizeHintForColumn(n), header.sectionSizeHint(n))
        for n in range(columns)
    )
    frame = 2 * view.frameWidth()
    view.setMinimumWidth(width + frame)
    body = sum(view.rowHeight(row) for row in range(rows))
    view.setFixedHeight(header.sizeHint().height() + body + frame)


class CoalitionPage(QWidget):
    """What I know of one coalition, its members and its joint actions (display only)."""

    # (field, label, placeholder when empty)
    DETAILS = (
        ("issue", "The issue that unites us", "No issue named yet"),
        ("desired_outcome", "The result we want", "No result agreed yet"),
        ("formality", "Formality", ""),
        ("status", "Status", ""),
        ("started_on", "Started", "Not recorded"),
        ("ended_on", "Ended", "Still going"),
        ("my_interest", "My own interest", "You haven't written down your own interest yet"),
        ("my_commitment", "My commitment", "Not recorded"),
        ("differences", "How we settle differences", "No way of settling differences yet"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(scale=1.6)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("Edit…")
        self.trash_button = QPushButton("Move to trash")
        self.trash_button.setAccessibleName("Move this coalition to the trash")
        self.values: dict[str, QLabel] = {}
        details = QFormLayout()
        details.setHorizontalSpacing(18)
        details.setVerticalSpacing(8)
        details.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field, label, _ in self.DETAILS:
            value = plain_label()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            caption = plain_label(label + ":")
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            details.addRow(caption, value)
            self.values[field] = value
        self.members_model = MembersModel()
        self.member_table = table(self.members_model, "Members", 2)
        self.no_members = plain_label("No members yet. Add the people you are in this with.")
        muted(self.no_members, True)
        self.add_member_button = QPushButton("Add member…")
        self.edit_member_button = QPushButton("Edit member…")
        self.remove_member_button = QPushButton("Remove member")
        self.actions_model = ActionsModel()
        self.action_table = table(self.actions_model, "Joint actions", 1)
        self.no_actions = plain_label("No joint actions logged yet.")
        muted(self.no_actions, True)
        self.log_action_button = QPushButton("Log joint action…")

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.trash_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(details)
        for title, buttons, view, empty in (
            (
                "Members",
                (self.add_member_button, self.edit_member_button, self.remove_member_button),
                self.member_table,
                self.no_members,
            ),
            ("Joint actions", (self.log_action_button,), self.action_table, self.no_actions),
        ):
            layout.addSpacing(14)
            bar = QHBoxLayout()
            bar.addWidget(heading(title), 1)
            for button in buttons:
                bar.addWidget(button)
            layout.addLayout(bar)
            layout.addWidget(view)
            layout.addWidget(empty)
        layout.addStretch(1)
        selection = self.member_table.selectionModel()
        selection.selectionChanged.connect(self._enable_member_buttons)
        self._enable_member_buttons()

    def show_coalition(self, coalition: Coalition) -> None:
        self.title.setText(coalition.name)
        shown = {
            "issue": coalition.issue,
            "desired_outcome": coalition.desired_outcome,
            "formality": word(coalition.formality.value),
            "status": word(coalition.status.value),
            "started_on": day(coalition.started_on, ""),
            "ended_on": day(coalition.ended_on, ""),
            "my_interest": coalition.my_interest,
            "my_commitment": (f"{coalition.my_commitment} of 5" if coalition.my_commitment else ""),
            "differences": coalition.differences,
        }
        for field, _, placeholder in self.DETAILS:
            text = shown[field].strip()
            if field == "ended_on" and coalition.status in (ACHIEVED, DISSOLVED):
                placeholder = "Not recorded"
            self.values[field].setText(text or placeholder)
            muted(self.values[field], not text)
        self.members_model.set_rows(list(coalition.members))
        self.actions_model.set_rows(list(coalition.actions))
        for view, empty in (
            (self.member_table, self.no_members),
            (self.action_table, self.no_actions),
        ):
            rows = view.model().rowCount()
            view.setVisible(rows > 0)
            empty.setVisible(rows == 0)
            fit(view)
        self._enable_member_buttons()

    def selected_member(self) -> Member | None:
        rows = self.member_table.selectionModel().selectedRows()
        return self.members_model.record(rows[0].row()) if rows else None

    def _enable_member_buttons(self, *_: object) -> None:
        chosen = self.selected_member() is not None
        self.edit_member_button.setEnabled(chosen)
        self.remove_member_button.setEnabled(chosen)


# ---- the place ------------------------------------------------------------------------


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
        self.page.member_table.doubleClicked.connect(self.edit_member)
        self.page.log_action_button.clicked.connect(self.log_joint_action)
        self.page.action_table.doubleClicked.connect(self._edit_action)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.page)
        self.nothing_chosen = plain_label("Choose a coalition on the left to see its page.")
        self.nothing_chosen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        muted(self.nothing_chosen, True)
        self.right = QStackedWidget()
        self.right.addWidget(self.nothing_chosen)
        self.right.addWidget(self.page_scroll)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 680])

        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_state())
        self.stack.addWidget(splitter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
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
        return self.model.rowCount()

    def focus_search(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def new_coalition(self) -> None:
        dialog = CoalitionDialog(self.journal, self.bus, parent=self)
        self._open(dialog, lambda: self._select_saved(dialog.saved_id))

    def select_coalition(self, coalition_id: int) -> bool:
        """Show coalition `coalition_id`; False when it is not (or no longer) there."""
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
        if kinds_touch(result, "coalition", "membership", "joint_action", "contact", "trash"):
            self.refresh()

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
        if self.coalition is None:
            return
        coalition_id, name = self.coalition.id, self.coalition.name
        if self._write(lambda: trash.move_to_trash(self.journal, "coalition", coalition_id)):
            self.bus.say(
                f"Moved {name} to the trash",
                lambda: self._restore("coalition", coalition_id),
            )

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
        membership_id, where = member.membership_id, self.coalition.name
        if self._write(lambda: trash.move_to_trash(self.journal, "membership", membership_id)):
            self.bus.say(
                f"Removed {member.name} from {where}",
                lambda: self._restore("membership", membership_id),
            )

    def log_joint_action(self) -> None:
        if self.coalition is not None:
            self._open(JointActionDialog(self.journal, self.bus, self.coalition.id, parent=self))

    def _edit_action(self, index: QModelIndex) -> None:
        if self.coalition is not None and index.isValid():
            action = self.page.actions_model.record(index.row())
            self._open(
                JointActionDialog(self.journal, self.bus, self.coalition.id, action, parent=self)
            )

    def _restore(self, kind: str, record_id: int) -> None:
        self._write(lambda: trash.restore(self.journal, kind, record_id))

    def _write(self, action: Callable[[], Changed]) -> bool:
        result = attempt(action, self._complain)
        if result is None:
            return False
        self.bus.publish(result)
        return True

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
        self.right.setCurrentIndex(1)
