"""The main window: a sidebar of places, menus with every action, a toolbar and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.changes import Changed
from app.core.enums import Direction
from app.core.paths import default_journal_path, demo_journal_path
from app.core.services.overview import is_empty
from app.core.services.prompts import PromptView
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus
from app.ui.coalitions.place import CoalitionsPlace
from app.ui.dialogs.preferences_dialog import add_preferences_action
from app.ui.dialogs.restore_dialog import add_restore_action
from app.ui.dialogs.trash_dialog import TrashDialog
from app.ui.entries.place import JournalPlace
from app.ui.follow_on import FollowOnCoordinator
from app.ui.kit.fitting import ElidedLabel, ScreenFitter, fit_to_screen, keep_on_screen
from app.ui.kit.forms import plain_label
from app.ui.kit.place import Place
from app.ui.kit.theme import add_theme_menu
from app.ui.map.place import MapPlace
from app.ui.people.place import PeoplePlace
from app.ui.prompts.place import ReflectionsPlace
from app.ui.prompts.reflector import Reflector
from app.ui.shell.data_actions import add_data_actions
from app.ui.shell.encryption_actions import add_encryption_actions
from app.ui.shell.file_menu import JournalMenu
from app.ui.shell.journal_files import remember_journal
from app.ui.shell.quick_log_action import add_quick_log_action
from app.ui.shell.search_actions import add_search_actions
from app.ui.shell.welcome import WelcomePage

NOTICE_MS = 8000


class MainWindow(QMainWindow):
    """One journal's window. `journal_requested(path, create)` asks the app to switch."""

    journal_requested = Signal(object, bool)
    new_journal_requested = Signal(object, str)  # path, passphrase ("": plain)
    demo_requested = Signal()

    def __init__(self, journal: Journal, settings: QSettings) -> None:
        super().__init__()
        self.journal = journal
        self.settings = settings
        self.bus = ChangeBus(self)
        self.setWindowTitle(f"{journal.name} — Kith")
        self.setMinimumSize(QSize(820, 520))
        fit_to_screen(self, QSize(1180, 760))
        # Dialogs, too, open within the screen (Preferences at 150% on a laptop).
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(ScreenFitter(self))

        self.reflector = Reflector(journal, self)
        self.people = PeoplePlace(journal, self.bus, reflector=self.reflector)
        self.coalitions = CoalitionsPlace(journal, self.bus)
        self.journal_place = JournalPlace(journal, self.bus)
        self.reflections = ReflectionsPlace(journal, self.bus, reflector=self.reflector)
        self.map_place = MapPlace(journal, self.bus, reflector=self.reflector)
        # After every place: it hears each write last, then publishes its follow-on.
        self.follow_on = FollowOnCoordinator(journal, self.bus, self.reflector, self)
        self.follow_on.read.connect(self.people.take_readings)
        self.places: list[Place] = [
            self.people,
            self.coalitions,
            self.journal_place,
            self.reflections,
            self.map_place,
        ]
        self.map_place.person_requested.connect(self.show_person)
        self.map_place.coalition_requested.connect(self.show_coalition)
        self.people.reflection_requested.connect(self._write_reflection_about)
        self.people.entry_requested.connect(self.show_entry)
        self.reflections.due_panel.person_requested.connect(self.show_person)
        for asking in (self.reflections, self.people, self.coalitions):
            asking.prompt_actions.write_requested.connect(self.answer_prompt)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Places")
        self.sidebar.setFixedWidth(150)
        self.sidebar.setSpacing(2)
        self.stack = QStackedWidget()
        for place in self.places:
            self.sidebar.addItem(QListWidgetItem(place.title))
            self.stack.addWidget(place)
            place.count_changed.connect(self._update_counts)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.welcome = WelcomePage()
        self.welcome.add_person.connect(self._first_person)
        self.welcome.explore_demo.connect(self.demo_requested.emit)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(8, 8, 8, 8)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.outer = QStackedWidget()
        self.outer.addWidget(body)
        self.outer.addWidget(self.welcome)
        # After "Explore a demo journal" the next start opens the demo again: say so.
        self.demo_bar = QWidget()
        self.demo_bar.setObjectName("demoBar")
        self.demo_bar.setAutoFillBackground(True)
        self.demo_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.back_button = QPushButton("&Back to my journal")
        self.back_button.clicked.connect(self.back_to_my_journal)
        bar = QHBoxLayout(self.demo_bar)
        bar.setContentsMargins(12, 4, 12, 4)
        bar.addWidget(plain_label("This is the demo journal: made-up people, to look around."), 1)
        bar.addWidget(self.back_button)
        self.demo_bar.setVisible(is_demo(journal.path))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_bar)
        column.addWidget(self.outer, 1)
        self.setCentralWidget(central)

        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo)
        # A long message is cut short before the Undo button, never pushing it away.
        self.notice = ElidedLabel()
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.journal_status = ElidedLabel(str(journal.path), Qt.TextElideMode.ElideMiddle)
        self.journal_status.setMaximumWidth(360)
        self.journal_status.setMinimumWidth(min(self.journal_status.sizeHint().width(), 200))
        self.journal_status.setEnabled(False)
        self.statusBar().addPermanentWidget(self.journal_status)
        self._undo: Callable[[], object] | None = None
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._clear_notice)
        self.bus.notice.connect(self.show_notice)
        self.bus.changed.connect(self._after_change)

        self._build_actions()
        self.people.current_changed.connect(self._update_action_states)
        self.sidebar.currentRowChanged.connect(self._update_action_states)
        self.outer.currentChanged.connect(self._update_action_states)
        self._update_counts()
        self._choose_first_view()
        self._restore_state()
        self._update_action_states()

    # ---- actions and menus --------------------------------------------------------------

    def _build_actions(self) -> None:
        self.act_trash = make_action(self, "trash", self.show_trash)
        self.act_quit = make_action(self, "quit", self.close)
        self.act_undo = make_action(self, "undo", self.undo)
        self.act_undo.setEnabled(False)
        self.act_find = make_action(self, "find", self._find)
        self.act_new_person = make_action(self, "new_person", self._new_person)
        self.act_moment = make_action(self, "log_moment", self._log_moment)
        self.act_given = make_action(self, "favor_given", lambda: self._log_favor(Direction.GIVEN))
        self.act_received = make_action(
            self, "favor_received", lambda: self._log_favor(Direction.RECEIVED)
        )
        self.act_reflection = make_action(self, "new_reflection", self._new_reflection)
        self.act_edit_person = make_action(self, "edit_person", self.people.edit_person)
        # A focused text field takes Delete for itself (Qt's ShortcutOverride): typing
        # there deletes a character and never trashes anything.
        self.act_move_to_trash = make_action(self, "move_to_trash", self._trash_selected)
        self.act_new_coalition = make_action(self, "new_coalition", self._new_coalition)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.journal_menu = JournalMenu(self, file_menu, self.journal.path, self.settings)
        self.journal_menu.journal_requested.connect(self.journal_requested)
        self.journal_menu.new_journal_requested.connect(self.new_journal_requested)
        self.act_new_journal = self.journal_menu.new_journal
        self.act_open_journal = self.journal_menu.open_journal
        file_menu.addSeparator()
        self.data_actions = add_data_actions(
            self, file_menu, self.journal, self.bus, self.people.selected_id
        )
        self.act_restore = add_restore_action(self, file_menu, self.journal)
        self.encryption_actions = add_encryption_actions(self, file_menu, self.journal)
        file_menu.addSeparator()
        file_menu.addAction(self.act_trash)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([self.act_undo, self.act_find])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_move_to_trash)
        add_preferences_action(self, edit_menu, self.bus, self.settings, self.reflector)
        person_menu = menus.addMenu("&Person")
        person_menu.addActions(
            [self.act_new_person, self.act_moment, self.act_given, self.act_received]
        )
        person_menu.addSeparator()
        person_menu.addActions([self.act_reflection, self.act_edit_person])
        self.search_actions = add_search_actions(self, edit_menu, person_menu)
        self.act_quick_log = add_quick_log_action(self, person_menu, self.journal, self.bus)
        coalition_menu = menus.addMenu("&Coalition")
        coalition_menu.addAction(self.act_new_coalition)
        view_menu = menus.addMenu("&View")
        for number, _place in enumerate(self.places):
            view_menu.addAction(
                make_action(self, f"place_{number + 1}", partial(self.go_to, number))
            )
        view_menu.addSeparator()
        self.theme_actions = add_theme_menu(self, view_menu, self.settings)
        for menu in (file_menu, edit_menu, person_menu, coalition_menu, view_menu):
            menu.setToolTipsVisible(True)  # a greyed action says why in its tooltip
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(make_action(self, "about", self._about))

        toolbar = QToolBar("Common actions")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions(
            [self.act_new_person, self.act_moment, self.act_given, self.act_received]
        )
        toolbar.addSeparator()
        toolbar.addActions([self.act_reflection, self.act_new_coalition])
        self.addToolBar(toolbar)

    def _update_action_states(self, *_: object) -> None:
        """Grey out what cannot act on the selection, and say why in the tooltip."""
        someone = self.people.selected_id() is not None
        reasons = {
            self.act_edit_person: "Select a person in People first.",
            self.act_given: "Select a person first: a favor passes between you and one person.",
            self.act_received: "Select a person first: a favor passes between you and one person.",
        }
        for action, reason in reasons.items():
            action.setEnabled(someone)
            action.setToolTip(action.text().replace("&", "").rstrip("…") if someone else reason)
        on_places = self.outer.currentIndex() == 0
        can_trash = on_places and (someone or self.current_place() is not self.people)
        self.act_move_to_trash.setEnabled(can_trash)
        self.act_move_to_trash.setToolTip(
            "Move the selection to the trash"
            if can_trash
            else "Select a person first: Delete moves what is selected to the trash."
        )

    # ---- places -------------------------------------------------------------------------

    def back_to_my_journal(self) -> None:
        """Leave the demo for the user's own journal (made if there is none yet)."""
        mine = default_journal_path()
        self.journal_requested.emit(mine, not mine.exists())

    def go_to(self, number: int) -> None:
        self.outer.setCurrentIndex(0)
        self.sidebar.setCurrentRow(number)

    def show_person(self, contact_id: int) -> None:
        """Open a person's page in the People place."""
        self.go_to(self.places.index(self.people))
        self.people.select_person(contact_id)

    def show_entry(self, entry_id: int) -> None:
        """Open a reflection in the Journal, ready to be edited."""
        self.go_to(self.places.index(self.journal_place))
        self.journal_place.select_entry(entry_id)

    def show_coalition(self, coalition_id: int) -> None:
        """Open a coalition's page in the Coalitions place."""
        self.go_to(self.places.index(self.coalitions))
        self.coalitions.select_coalition(coalition_id)

    def current_place(self) -> Place:
        place = self.stack.currentWidget()
        assert isinstance(place, Place)
        return place

    def _update_counts(self) -> None:
        for number, place in enumerate(self.places):
            count = place.count()
            item = self.sidebar.item(number)
            item.setText(f"{place.title}   {count}" if count else place.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{place.title}, {count}")

    def _journal_is_empty(self) -> bool:
        return is_empty(self.journal)

    def _choose_first_view(self) -> None:
        self.outer.setCurrentIndex(1 if self._journal_is_empty() else 0)

    def _after_change(self, result: Changed) -> None:
        if self.outer.currentWidget() is self.welcome and not self._journal_is_empty():
            self.outer.setCurrentIndex(0)

    def _first_person(self) -> None:
        self.go_to(0)
        self.people.new_person()

    def _find(self) -> None:
        self.outer.setCurrentIndex(0)
        self.current_place().focus_search()

    def _new_person(self) -> None:
        self.go_to(0)
        self.people.new_person()

    def _log_moment(self) -> None:
        self.go_to(0)
        self.people.log_moment()

    def _log_favor(self, direction: Direction) -> None:
        self.go_to(0)
        self.people.log_favor(direction)

    def _new_reflection(self) -> None:
        contact_id = self.people.selected_id() if self.current_place() is self.people else None
        self._write_reflection_about(contact_id)

    def _write_reflection_about(self, contact_id: int | None) -> None:
        self.go_to(self.places.index(self.journal_place))
        self.journal_place.new_entry(contact_id=contact_id)

    def answer_prompt(self, view: PromptView) -> None:
        """Open the journal on a new reflection that quotes the prompt; writing in it
        answers the prompt, leaving it empty removes it (the prompt stays open)."""
        if view.id is None:
            return
        prompt_id = view.id
        self.go_to(self.places.index(self.journal_place))
        person = view.subject_id if view.subject_type == "person" else None
        group = view.subject_id if view.subject_type == "coalition" else None
        # The question is answered once something is written under its quote.
        self.journal_place.new_entry(
            contact_id=person, coalition_id=group, quote=view.question, answers=prompt_id
        )

    def _new_coalition(self) -> None:
        self.go_to(self.places.index(self.coalitions))
        self.coalitions.new_coalition()

    def _trash_selected(self) -> None:
        """Move what is selected in the current place to the trash (the Delete key)."""
        # The list that has the focus says what "the selection" is: Delete on a
        # member row removes the member, not the whole coalition.
        focus = QApplication.focusWidget()
        place = self.current_place()
        if place is self.people:
            if focus is self.people.page.timeline:
                self.people.trash_timeline_entry()
            else:
                self.people.trash_person()
        elif place is self.coalitions:
            if focus is self.coalitions.page.member_table:
                self.coalitions.remove_member()
            elif focus is not self.coalitions.page.action_table:
                self.coalitions.trash_coalition()
        elif place is self.journal_place:
            self.journal_place.trash_current()

    def show_trash(self) -> TrashDialog:
        dialog = TrashDialog(self.journal, self.bus, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- notices and undo ---------------------------------------------------------------

    def show_notice(self, message: str, undo: Callable[[], object] | None) -> None:
        self.notice.setText(message)
        self._undo = undo
        self.undo_button.setVisible(undo is not None)
        self.act_undo.setEnabled(undo is not None)
        self._notice_timer.start(NOTICE_MS)

    def _clear_notice(self) -> None:
        self.notice.clear()
        self.undo_button.hide()
        # Edit > Undo stays available for the last trash until something else replaces it.

    def undo(self) -> None:
        undo, self._undo = self._undo, None
        self.act_undo.setEnabled(False)
        self.undo_button.hide()
        if undo is not None:
            undo()
            self.notice.setText("Undone.")

    # ---- journals, settings and closing ---------------------------------------------------

    def _about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "About Kith", about_text(), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.about_box = box
        return box

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)  # saved on a larger screen, or at another scale
        place = int(str(self.settings.value("window/place", 0) or 0))
        self.sidebar.setCurrentRow(place if 0 <= place < len(self.places) else 0)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/place", self.sidebar.currentRow())
        remember_journal(self.settings, self.journal.path)

    def flush(self) -> bool:
        """Save whatever is being typed. False when it could not be saved."""
        return self.journal_place.flush()

    def ready_to_close(self) -> bool:
        """Save what is being typed before the journal closes; if that fails, ask first.

        False: the user would rather stay, and the window and its journal stay open.
        """
        if not self.flush() and not self.ask_close_anyway(self.journal_place.save_error):
            return False
        for place in self.places:
            place.wait_for_work()
        return True

    def ask_close_anyway(self, reason: str) -> bool:
        """Whether to close though the last words could not be saved (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Kith", unsaved_question(reason), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the reason may quote the user's words
        close = box.addButton("Close anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("Keep writing", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is close

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ready_to_close():
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)


def is_demo(path: Path) -> bool:
    """Whether `path` is the demo journal "Explore a demo journal" made."""
    try:
        return path.resolve() == demo_journal_path().resolve()
    except OSError:
        return False


def about_text() -> str:
    """Kith's name, version, licence and where help is."""
    return (
        f"Kith {__version__} — a private journal of your relationships.\n\n"
        "Everything stays in one file on this computer; Kith never uses the network.\n\n"
        "Free software under the MIT licence.\n"
        "Help: the README that comes with Kith, and `kith --help` for the command line. "
        "Every menu item shows its shortcut; the underlined letters work with Alt."
    )


def unsaved_question(reason: str) -> str:
    """What the window asks when the words being typed could not be saved."""
    return f"Your last words could not be saved: {reason.rstrip().rstrip('.')}. Close anyway?"
