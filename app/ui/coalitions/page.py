"""The page of one coalition: what I know of it, its members and its joint actions."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import CoalitionStatus
from app.core.records import Coalition, Member
from app.ui.coalitions.models import ActionsModel, MembersModel
from app.ui.kit.forms import day, heading, muted, plain_label, word
from app.ui.prompts.cards import PromptBanner

ACHIEVED, DISSOLVED = CoalitionStatus.ACHIEVED, CoalitionStatus.DISSOLVED


def table(model: QAbstractItemModel, name: str, stretch: int) -> QTableView:
    view = QTableView()
    view.setTabKeyNavigation(False)  # Tab moves on; the arrows walk the rows
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
        self.banner = PromptBanner("Questions about this coalition")
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
        layout.addWidget(self.banner)
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
