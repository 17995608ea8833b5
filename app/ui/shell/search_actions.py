"""The window's hooks for issue 17: Edit > Find everywhere… (Ctrl+K), Person > Find duplicates….

Kept out of main_window.py: the window calls `add_search_actions` once, and
opening a hit goes through the window's own public ways to show a person, a
coalition or a journal entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app.core.folding import fold
from app.core.services.search import Hit
from app.ui.actions import make_action
from app.ui.dialogs.search_dialog import SearchDialog
from app.ui.kit.rows_model import ID_ROLE

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

# Timeline rows name their kind as the person's timeline does.
_TIMELINE_KIND = {"interaction": "moment", "favor": "favor", "journal_entry": "entry"}


class _CtrlKWins(QObject):
    """Text fields take Ctrl+K for "delete to the end of the line" (Qt's Unix key
    bindings), which would make Find everywhere unreachable from any field: the
    shortcut override is withheld from them in this window, so the shortcut wins."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.keys = QKeySequence("Ctrl+K")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and QKeySequence(event.keyCombination()) == self.keys
        )


class SearchActions:
    """The actions, and what they open."""

    def __init__(self, window: MainWindow, edit_menu: QMenu, person_menu: QMenu) -> None:
        self.window = window
        self.dialog: SearchDialog | None = None
        self.find_everywhere = make_action(window, "find_everywhere", self.open_search)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(_CtrlKWins(window))
        edit_menu.insertAction(window.act_find, self.find_everywhere)
        edit_menu.insertAction(self.find_everywhere, window.act_find)
        self.find_duplicates = make_action(window, "find_duplicates")
        self.find_duplicates.triggered.connect(lambda _checked=False: self.open_duplicates())
        person_menu.addSeparator()
        person_menu.addAction(self.find_duplicates)

    def open_search(self) -> SearchDialog:
        """Show the Find everywhere window (one at a time), its box ready for typing."""
        if self.dialog is None:
            self.dialog = SearchDialog(self.window.journal, self.window)
            self.dialog.open_requested.connect(self.show_hit)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dialog.box.selectAll()
        return self.dialog

    def open_duplicates(self) -> object:
        from app.ui.people.duplicates_dialog import DuplicatesDialog

        dialog = DuplicatesDialog(self.window.journal, self.window.bus, self.window)
        dialog.person_requested.connect(self.window.show_person)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.start()
        return dialog

    def show_hit(self, hit: Hit) -> None:
        """Open what the hit is about, with the matched record chosen in view."""
        window = self.window
        if hit.record == "journal_entry":
            window.go_to(window.places.index(window.journal_place))
            if window.journal_place.select_entry(hit.record_id):
                self._find_in_entry(hit)
            return
        if hit.record in ("coalition", "membership", "joint_action"):
            if hit.coalition_id is not None:
                window.show_coalition(hit.coalition_id)
        elif hit.contact_id is not None:
            window.show_person(hit.contact_id)
            if hit.record in _TIMELINE_KIND:
                self._choose_in_timeline(_TIMELINE_KIND[hit.record], hit.record_id)

    def _choose_in_timeline(self, kind: str, item_id: int) -> None:
        page = self.window.people.page
        model = page.timeline_model
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(ID_ROLE) == item_id and index.data(model.KIND_ROLE) == kind:
                page.timeline.setCurrentIndex(index)
                page.timeline.scrollTo(index)
                return

    def _find_in_entry(self, hit: Hit) -> None:
        """Select the first matched word in the editor, so it is on screen."""
        editor = self.window.journal_place.editor
        matched = [part for part, is_match in hit.parts() if is_match]
        text = editor.toPlainText()
        folded = fold(text)
        for word in matched:
            at = folded.find(fold(word))
            if at >= 0 and len(folded) == len(text):
                cursor = editor.textCursor()
                cursor.setPosition(at)
                cursor.setPosition(at + len(word), cursor.MoveMode.KeepAnchor)
                editor.setTextCursor(cursor)
                editor.ensureCursorVisible()
                return
            editor.moveCursor(QTextCursor.MoveOperation.Start)
            if editor.find(word):
                editor.ensureCursorVisible()
                return


def add_search_actions(window: MainWindow, edit_menu: QMenu, person_menu: QMenu) -> SearchActions:
    """Put Find everywhere… in the Edit menu and Find duplicates… in the Person menu."""
    return SearchActions(window, edit_menu, person_menu)
