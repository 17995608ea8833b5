"""The People place: a searchable, sortable table of people and the selected person's page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changed
from app.core.enums import Direction
from app.core.errors import NotFoundError
from app.core.reflection.signals import Reading
from app.core.services import contacts, moments, timeline, trash
from app.core.store import Journal
from app.ui.bus import ChangeBus, kinds_touch
from app.ui.kit.forms import plain_label
from app.ui.kit.keyboard import opens_on_enter
from app.ui.kit.place import Place
from app.ui.kit.rows_model import ID_ROLE
from app.ui.ops import Op, run
from app.ui.people.charts import PersonCharts
from app.ui.people.favor_dialog import FavorDialog
from app.ui.people.models import ContactsModel, TimelineModel
from app.ui.people.moment_dialog import MomentDialog
from app.ui.people.page import PersonPage
from app.ui.people.person_dialog import ContactDialog
from app.ui.people.readings import PeopleReflection
from app.ui.prompts.actions import PromptActions
from app.ui.prompts.reflector import Reflector

# Timeline item kinds, as the trash names them.
_TIMELINE_KINDS = {"moment": "interaction", "favor": "favor", "entry": "journal_entry"}

# Every kind of change that can alter a row of the table or a person's page.
_PEOPLE_KINDS = (
    "contact",
    "interaction",
    "favor",
    "journal_entry",
    "membership",
    "coalition",
    "joint_action",
    "trash",
)


class PeoplePlace(Place):
    title = "People"
    reflection_requested = Signal(int)  # contact id: the main window opens the Journal
    current_changed = Signal()  # another person's page is shown, or nobody's
    entry_requested = Signal(int)  # a reflection on the timeline: the Journal opens it

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        reflector: Reflector | None = None,
    ) -> None:
        super().__init__(journal, bus, parent)
        self.dialog: QDialog | None = None
        self.model = ContactsModel()
        # The person whose page is shown; a search may hide their row meanwhile.
        self._current: int | None = None
        # Shared with the Reflections place in the window, which reads the same figures.
        self.reflector = reflector or Reflector(journal, self)
        self.reflection = PeopleReflection(journal, bus, self.model, self.reflector)
        self.prompt_actions = PromptActions(journal, bus, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search people (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search people")
        self.search.textChanged.connect(self._filter)
        # Enter or Down in the search goes to the people found (the first one shown).
        self.search.returnPressed.connect(self._to_results)
        self.search.installEventFilter(self)
        self.add_button = QPushButton("Add person…")
        self.add_button.setAccessibleName("Add person")
        self.add_button.clicked.connect(self.new_person)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab moves on; the arrows walk the rows
        # Every re-sort or search resets the rows: put the highlight back (connected
        # after setModel, so that it runs once the view has taken the reset).
        self.model.modelReset.connect(self._rehighlight)
        self.table.setAccessibleName("People")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths measured from the font: ResizeToContents would read every
        # row on each search keystroke (about 70 ms with 10,000 people).
        metrics = self.table.fontMetrics()
        widths = [0] + [
            metrics.horizontalAdvance(sample) + 24
            for sample in ("Acquaintance", "0000-00-00", "Given", "Received", "Balance", "Index")
        ]
        for column in range(1, len(ContactsModel.headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, widths[column])
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.no_match = plain_label("No one matches your search.")
        self.no_match.setEnabled(False)
        self.no_match.hide()

        left = QWidget()
        stack = QVBoxLayout(left)
        stack.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        stack.addLayout(top)
        stack.addWidget(self.table, 1)
        stack.addWidget(self.no_match)

        self.page = PersonPage(charts=PersonCharts(journal))
        self.page.log_moment.connect(self.log_moment)
        self.page.log_favor_given.connect(lambda: self.log_favor(Direction.GIVEN))
        self.page.log_favor_received.connect(lambda: self.log_favor(Direction.RECEIVED))
        self.page.write_reflection.connect(self._request_reflection)
        self.page.edit.connect(self.edit_person)
        self.page.trash.connect(self.trash_person)
        self.prompt_actions.attach(self.page.banner)
        self.page.banner.closed.connect(lambda: self.reflection.forget(self._current))
        edit_entry = QAction("&Edit…", self.page.timeline)
        edit_entry.triggered.connect(self.edit_timeline_entry)
        self.page.timeline.addAction(edit_entry)
        # Enter or a double-click on an entry reopens it, filled in.
        opens_on_enter(self.page.timeline, self.edit_timeline_entry)
        trash_entry = QAction("Move this entry to the &trash", self.page.timeline)
        trash_entry.triggered.connect(self.trash_timeline_entry)
        self.page.timeline.addAction(trash_entry)
        self.page.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.nobody = plain_label("Select a person to see your story together.")
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nobody.setEnabled(False)
        self.right = QStackedWidget()
        self.right.addWidget(self.nobody)
        self.right.addWidget(self.page)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        # The page, not the table, takes the width a larger window gives.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # The page asks for its own narrowest width (PageScroll); the table scrolls.
        left.setMinimumWidth(190)
        splitter.setSizes([400, 800])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.reload()

    # ---- reading ------------------------------------------------------------------------

    def count(self) -> int:
        return self.model.total()

    def reload(self) -> None:
        """Refill the table from the journal, keeping the selected person selected."""
        self.model.set_rows(contacts.list_contacts(self.journal))
        self.reflection.read_everyone()
        self._after_rows_changed(refresh_page=True)

    def busy(self) -> bool:
        # The page's charts read on their own (PersonCharts.busy); closing waits for them.
        return self.reflector.busy()

    def wait_for_work(self) -> None:
        self.reflector.wait()
        self.page_charts().wait()

    def page_charts(self) -> PersonCharts:
        assert self.page.charts is not None
        return self.page.charts

    def on_changed(self, result: Changed) -> None:
        if result.kinds == {"prompt"}:  # a prompt raised, snoozed, set aside or answered
            self.reflection.note_raised(result.prompt_ids)
            if self._current in result.contact_ids:
                self.page.banner.show_prompts(self.reflection.raised_for(self._current))
            return
        if not result.contact_ids:
            if kinds_touch(result, "contact", "interaction", "favor"):
                self.reload()  # e.g. the trash emptied: anyone may have changed
            elif kinds_touch(result, *_PEOPLE_KINDS):
                self._show_person(self._current)  # a coalition's name on the page
            return
        # Only the people the change touched: a full reload of 10,000 people
        # with their totals takes most of a second on a large journal.
        ids = result.contact_ids
        # Their readings and questions follow in the follow-on (app/ui/follow_on.py).
        self.model.update_people(ids, contacts.list_contacts(self.journal, ids=ids))
        self._after_rows_changed(refresh_page=self._current in ids)

    def take_readings(self, readings: dict[int, Reading]) -> None:
        """Fresh readings after a write (the follow-on): the column, and the page's
        index line if it shows one of them."""
        self.reflection.take_readings(readings)
        if self._current in readings:
            self.page.show_reading(readings[self._current])

    def _after_rows_changed(self, *, refresh_page: bool) -> None:
        current = self._current
        if current is not None and current not in self.model.ids():
            self._show_person(None)  # trashed
        elif current is not None:
            self._highlight(current)
            if refresh_page:
                self._show_person(current)
        self._update_no_match()
        self.count_changed.emit()

    def selected_id(self) -> int | None:
        """The person whose page is shown (None when nobody is)."""
        return self._current

    def select_person(self, contact_id: int) -> None:
        if contact_id not in self.model.ids():
            return
        if self.model.row_of(contact_id) < 0:  # hidden by the search: show everyone again
            self.search.clear()
        self._highlight(contact_id)
        if self._current != contact_id:  # the highlight shows the page already, once
            self._show_person(contact_id)

    def _rehighlight(self) -> None:
        if self._current is not None:
            self._highlight(self._current)

    def _highlight(self, contact_id: int) -> None:
        row = self.model.row_of(contact_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            contact_id = int(current.data(ID_ROLE))
            if contact_id != self._current:
                self._show_person(contact_id)

    def _show_person(self, contact_id: int | None) -> None:
        if contact_id != self._current:
            self._current = contact_id
            self.current_changed.emit()
        if contact_id is None:
            self.right.setCurrentWidget(self.nobody)
            return
        try:
            contact = contacts.get_contact(self.journal, contact_id)
            totals = contacts.person_totals(self.journal, contact_id)
            items = timeline.person_timeline(self.journal, contact_id)
        except NotFoundError:
            self._current = None
            self.current_changed.emit()
            self.right.setCurrentWidget(self.nobody)
            return
        self.page.show_person(contact, totals, items)
        self.page.show_reading(self.reflection.reading_of(contact_id))
        self.page.banner.show_prompts(self.reflection.raised_for(contact_id))
        self.right.setCurrentWidget(self.page)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_no_match()

    def _update_no_match(self) -> None:
        searching = bool(self.search.text().strip())
        self.no_match.setVisible(searching and self.model.rowCount() == 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._to_results()
            return True
        return super().eventFilter(watched, event)

    def _to_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._current is None or self.model.row_of(self._current) < 0:
            self._highlight(int(self.model.index(0, 0).data(ID_ROLE)))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ---- acting -------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_person(self) -> None:
        dialog = ContactDialog(self.journal, self.bus, parent=self)
        dialog.accepted.connect(lambda: self._select_saved(dialog.saved_id))
        self._open(dialog)

    def _select_saved(self, contact_id: int | None) -> None:
        if contact_id is not None:
            self.select_person(contact_id)

    def edit_person(self) -> None:
        contact_id = self.selected_id()
        if contact_id is None:
            return
        contact = contacts.get_contact(self.journal, contact_id)
        self._open(ContactDialog(self.journal, self.bus, contact, parent=self))

    def log_moment(self) -> None:
        contact_id = self.selected_id()
        people = []
        if contact_id is not None:
            people = [(contact_id, contacts.get_contact(self.journal, contact_id).name)]
        self._open(MomentDialog(self.journal, self.bus, people, parent=self))

    def log_favor(self, direction: Direction) -> None:
        contact_id = self.selected_id()
        if contact_id is None:
            self.bus.say("Select a person first: a favor passes between you and one person.")
            return
        name = contacts.get_contact(self.journal, contact_id).name
        self._open(FavorDialog(self.journal, self.bus, contact_id, name, direction, parent=self))

    def trash_person(self) -> None:
        contact_id = self.selected_id()
        if contact_id is None:
            return
        name = contacts.get_contact(self.journal, contact_id).name
        run(
            self.bus,
            Op(
                lambda: trash.move_to_trash(self.journal, "contact", contact_id),
                done=f"Moved {name} to the trash",
                undo=Op(
                    lambda: trash.restore(self.journal, "contact", contact_id),
                    then=lambda _result: self.select_person(contact_id),
                ),
            ),
        )

    def edit_timeline_entry(self) -> None:
        """Reopen the moment or favor selected on the timeline in its dialog, filled in
        (a reflection opens in the Journal)."""
        index = self.page.timeline.currentIndex()
        if not index.isValid():
            return
        kind = str(index.data(TimelineModel.KIND_ROLE))
        record_id = int(index.data(ID_ROLE))
        try:
            if kind == "moment":
                moment = moments.get_moment(self.journal, record_id)
                self._open(MomentDialog(self.journal, self.bus, parent=self, moment=moment))
            elif kind == "favor":
                favor = moments.get_favor(self.journal, record_id)
                name = contacts.get_contact(self.journal, favor.contact_id).name
                self._open(
                    FavorDialog(
                        self.journal,
                        self.bus,
                        favor.contact_id,
                        name,
                        parent=self,
                        favor=favor,
                    )
                )
            else:
                self.entry_requested.emit(record_id)
        except NotFoundError as error:  # trashed from another window meanwhile
            self.bus.say(str(error))

    def trash_timeline_entry(self) -> None:
        """Move the moment, favor or reflection selected on the timeline to the trash."""
        index = self.page.timeline.currentIndex()
        if not index.isValid():
            return
        kind = _TIMELINE_KINDS[str(index.data(TimelineModel.KIND_ROLE))]
        record_id = int(index.data(ID_ROLE))
        run(
            self.bus,
            Op(
                lambda: trash.move_to_trash(self.journal, kind, record_id),
                done="Moved the entry to the trash",
                undo=Op(lambda: trash.restore(self.journal, kind, record_id)),
            ),
        )

    def _request_reflection(self) -> None:
        contact_id = self.selected_id()
        if contact_id is not None:
            self.reflection_requested.emit(contact_id)
