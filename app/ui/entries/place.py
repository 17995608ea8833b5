"""The Journal place: every written reflection on the left, the open one on the right.

Edits save themselves after a pause in typing, on leaving the editor, on opening
another entry and on `flush()` (the window closing). A refused save keeps the
text in the editor, says why under it, and is tried again on the next edit.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QHideEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.changes import Changed
from app.core.errors import JournalAccessError, KithError
from app.core.records import Entry, EntryFields
from app.core.services import journal_entries, trash
from app.core.services.coalitions import list_coalitions
from app.core.services.contacts import search_contacts
from app.core.services.overview import live_count
from app.core.store import Journal
from app.ui.bus import ChangeBus, kinds_touch
from app.ui.entries.answering import Answering
from app.ui.entries.models import (
    EntryListModel,
    add_choices,
    matches,
    quoted,
    subject_ids,
    subject_key,
)
from app.ui.kit import forms
from app.ui.kit.fitting import flowing
from app.ui.kit.place import Place
from app.ui.ops import Op, run

EMPTY_SENTENCE = (
    "Write down what you notice about the people in your life. "
    "Reflections are private and stay on this computer."
)
AUTOSAVE_MS = 600
KEPT_SENTENCE = "Your words are still here; Kith saves them as soon as you go on writing."


class JournalPlace(Place):
    title = "Journal"

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(journal, bus, parent)
        self._all: list[Entry] = []
        self._current: Entry | None = None
        self._dirty = False
        self._own = False  # publishing our own write: the list row is already up to date
        self._syncing = False  # the list's current row is moved from code: editor stays
        self._filter_key = "/"
        self.save_error = ""  # why the last save failed ("" when it did not)
        self._people: dict[int, str] = {}
        self._groups: dict[int, str] = {}
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        self.answering = Answering(journal, bus)
        self.model = EntryListModel(self)
        self._build()

    def load(self) -> None:
        self._fill_subjects()
        self.reload()

    def _build(self) -> None:
        self.filter = forms.named(QComboBox(), "Show reflections about")
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.view = forms.record_list(QTreeView(), self.model, "Reflections")
        header = self.view.header()
        header.resizeSection(0, self.view.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        header.resizeSection(2, 130)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = forms.button("New reflection", self.new_entry)
        left = QVBoxLayout()
        left.setContentsMargins(12, 12, 6, 12)
        left.addLayout(forms.row(forms.buddy("&Show:", self.filter), self.filter))
        left.addWidget(self.view, 1)
        left.addWidget(self.new_button)

        self.date_edit = forms.named(forms.date_edit(), "Written on")
        self.date_edit.dateChanged.connect(self._edited)
        self.subject = forms.searchable(forms.named(QComboBox(), "About"))
        self.subject.setMinimumContentsLength(18)
        # A 200-letter name in the list must not widen the window.
        self.subject.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.subject.currentIndexChanged.connect(self._subject_changed)
        self.trash_button = forms.button("Move to trash", self.trash_current)
        self.trash_button.setAccessibleName("Move this reflection to the trash")
        self.editor = forms.named(QPlainTextEdit(), "Reflection text")
        self.editor.setPlaceholderText("Write what you notice…")
        self.editor.setTabChangesFocus(True)
        font = self.editor.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) + 2)
        self.editor.setFont(font)
        self.editor.document().setDocumentMargin(14)
        self.editor.textChanged.connect(self._edited)
        for widget in (self.editor, self.date_edit):
            widget.installEventFilter(self)  # leaving them saves at once
        self.status = forms.named(forms.plain_label(), "Save status")
        self.status.setWordWrap(True)
        right = QVBoxLayout()
        right.setContentsMargins(6, 12, 12, 12)
        labels = forms.buddy("&Written on:", self.date_edit), forms.buddy("&About:", self.subject)
        # On a narrow window the fields wrap onto a second line rather than widen it.
        right.addWidget(
            flowing((labels[0], self.date_edit), (labels[1], self.subject), (self.trash_button,))
        )
        right.addWidget(self.editor, 1)
        right.addWidget(self.status)
        splitter = QSplitter()
        for layout in (left, right):
            holder = QWidget()
            holder.setLayout(layout)
            splitter.addWidget(holder)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 620])

        self.empty_label = forms.plain_label(EMPTY_SENTENCE)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFixedWidth(420)
        font = self.empty_label.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) + 1)
        self.empty_label.setFont(font)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.first_button = forms.button("Write your first reflection", self.new_entry)
        empty = QWidget()
        middle = QVBoxLayout(empty)
        middle.addStretch()
        middle.addLayout(forms.row(None, self.empty_label, None))
        middle.addSpacing(12)
        middle.addLayout(forms.row(None, self.first_button, None))
        middle.addStretch()
        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(splitter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # ---- what the main window calls -------------------------------------------------------

    def count(self) -> int:
        return len(self._all) if self.loaded else live_count(self.journal, "journal_entry")

    def focus_search(self) -> None:
        self.ensure_loaded()
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_entry_id(self) -> int | None:
        return self._current.id if self._current else None

    def flush(self) -> bool:
        """Save what is in the editor now. False (with the reason shown) if it could not be."""
        return self._leave_current()

    def _leave_current(self) -> bool:
        """The user leaves the open entry: it is saved, or, begun from a question and
        still holding nothing but the quote, it goes (the question stays open)."""
        entry = self._current
        if entry is not None and self.answering.pending(entry.id):
            self._timer.stop()
            self._current, self._dirty = None, False
            if self.answering.left(entry.id, self.editor.toPlainText):
                return True
            self._current, self._dirty = entry, True  # written in: saving answers it
        return self.save_now()

    def new_entry(
        self,
        contact_id: int | None = None,
        coalition_id: int | None = None,
        quote: str = "",
        answers: int | None = None,
    ) -> int | None:
        """Start a reflection (about someone, opening with a quote, if given) and open it.
        With `answers` (a question's id), it answers that question once written in."""
        self.ensure_loaded()
        if not self._leave_current():
            return None
        text = quoted(quote)
        fields = EntryFields(clock.today(), text, contact_id, coalition_id)
        try:
            result = journal_entries.write_entry(self.journal, fields)
        except KithError as error:
            self.bus.say(str(error))
            return None
        assert result.new_id is not None
        if answers is not None:
            self.answering.begin(result.new_id, answers, text)
        self._publish(result)
        self.reload()
        self.select_entry(result.new_id)
        if text and self.editor.toPlainText() != text:
            # The core strips the text; the blank line after the quote is where typing starts.
            with QSignalBlocker(self.editor):
                self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return result.new_id

    def select_entry(self, entry_id: int) -> bool:
        """Open `entry_id` in the editor, showing everything if the filter hides it."""
        self.ensure_loaded()
        if self.model.row_of(entry_id) < 0 and any(e.id == entry_id for e in self._all):
            if not self.save_now():
                return False
            self._filter_key = "/"
            self._fill_filter()
            self._apply_filter(self.current_entry_id())
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))
        return self.current_entry_id() == entry_id

    def trash_current(self) -> None:
        entry = self._current
        if entry is None or not self.save_now():
            return
        self._own = True  # this place reloads itself, keeping the row in view
        try:
            run(
                self.bus,
                Op(
                    lambda: trash.move_to_trash(self.journal, "journal_entry", entry.id),
                    done="Moved the reflection to the trash",
                    undo=Op(
                        lambda: trash.restore(self.journal, "journal_entry", entry.id),
                        then=lambda _result: self.select_entry(entry.id),
                    ),
                    then=lambda _result: self.reload(fallback_row=self.view.currentIndex().row()),
                    failed=lambda error: self.status.setText(str(error)),
                ),
            )
        finally:
            self._own = False

    # ---- filling the list and the editor --------------------------------------------------

    def reload(self, fallback_row: int = 0) -> None:
        """Read the entries again. The open one stays open, its editor untouched."""
        before = len(self._all)
        self._all = journal_entries.list_entries(self.journal)
        # Answering a prompt links the entry being written: its next save keeps the link.
        if (current := self._current) is not None:
            rules = {e.id: e.prompt_rule for e in self._all}
            self._current = dataclasses.replace(current, prompt_rule=rules.get(current.id))
        self._fill_filter()
        self._apply_filter(self.current_entry_id(), fallback_row)
        self.pages.setCurrentIndex(1 if self._all else 0)
        if len(self._all) != before:
            self.count_changed.emit()

    def _apply_filter(self, keep: int | None, fallback_row: int = 0) -> None:
        person, group = subject_ids(self._filter_key)
        shown = [
            e
            for e in self._all
            if person in (None, e.contact_id) and group in (None, e.coalition_id)
        ]
        self._syncing = True
        self.model.set_rows(shown)
        self._syncing = False
        if self._show_row(keep) < 0:
            row = min(fallback_row, len(shown) - 1)
            self._show_row(shown[row].id if row >= 0 else None)
            self._load(shown[row] if row >= 0 else None)

    def _show_row(self, entry_id: int | None) -> int:
        """Make `entry_id` the list's current row without touching the editor."""
        row = self.model.row_of(entry_id)
        if row >= 0:
            self._syncing = True
            self.view.setCurrentIndex(self.model.index(row, 0))
            self._syncing = False
        return row

    def _fill_filter(self) -> None:
        people = {e.contact_id: e.contact_name or "" for e in self._all if e.contact_id}
        groups = {e.coalition_id: e.coalition_name or "" for e in self._all if e.coalition_id}
        with QSignalBlocker(self.filter):
            self.filter.clear()
            self.filter.addItem("Everything", "/")
            add_choices(self.filter, people, groups)
            index = self.filter.findData(self._filter_key)
            self._filter_key = self._filter_key if index >= 0 else "/"
            self.filter.setCurrentIndex(max(index, 0))

    def _fill_subjects(self) -> None:
        self._people = dict(search_contacts(self.journal, "", limit=1_000_000))
        self._groups = {row.id: row.name for row in list_coalitions(self.journal)}
        with QSignalBlocker(self.subject):
            self.subject.clear()
            self.subject.addItem("Nobody in particular", "/")
            add_choices(self.subject, self._people, self._groups)
            if self._current is not None:
                self._show_subject(self._current)

    def _show_subject(self, entry: Entry) -> None:
        key = subject_key(entry.contact_id, entry.coalition_id)
        if self.subject.findData(key) < 0:  # in the trash, or a person and a coalition
            names = (entry.contact_name, entry.coalition_name)
            self.subject.addItem(" and ".join(n for n in names if n), key)
        self.subject.setCurrentIndex(self.subject.findData(key))

    def _load(self, entry: Entry | None) -> None:
        self._timer.stop()
        self._current, self._dirty = entry, False
        blockers = [QSignalBlocker(w) for w in (self.editor, self.date_edit, self.subject)]
        self.editor.setPlainText(entry.text if entry else "")
        self.editor.moveCursor(QTextCursor.MoveOperation.End)  # go on where it stopped
        if entry is not None:
            day = entry.written_on
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self._show_subject(entry)
        for blocker in blockers:
            blocker.unblock()
        for widget in (self.editor, self.date_edit, self.subject, self.trash_button):
            widget.setEnabled(entry is not None)
        self.status.setText("Saved" if entry else "")

    # ---- saving ---------------------------------------------------------------------------

    def save_now(self) -> bool:
        """Write the open entry if it has unsaved edits. False if the journal refused."""
        entry = self._current
        if entry is None or not self._dirty:
            return True
        self._timer.stop()
        contact_id, coalition_id = subject_ids(self.subject.currentData())
        day, text = forms.date_of(self.date_edit), self.editor.toPlainText()
        fields = EntryFields(day, text, contact_id, coalition_id, entry.prompt_rule)
        try:
            result = journal_entries.update_entry(self.journal, entry.id, fields)
        except KithError as error:
            self.save_error = str(error)
            kept = f" {KEPT_SENTENCE}" if isinstance(error, JournalAccessError) else ""
            self.status.setText(self.save_error + kept)  # the text stays; the next edit tries again
            return False
        self._dirty, self.save_error = False, ""
        person = self._people.get(contact_id or 0, entry.contact_name)
        group = self._groups.get(coalition_id or 0, entry.coalition_name)
        saved = dataclasses.replace(
            entry,
            written_on=day,
            text=text,
            contact_id=contact_id,
            contact_name=person if contact_id else None,
            coalition_id=coalition_id,
            coalition_name=group if coalition_id else None,
        )
        self._current = saved
        self._all = [saved if e.id == saved.id else e for e in self._all]
        self.model.replace(saved)
        self.status.setText("Saved")
        self._publish(result)
        self.answering.saved(saved.id, text)
        if (day, contact_id, coalition_id) != (
            entry.written_on,
            entry.contact_id,
            entry.coalition_id,
        ):
            # A new date or subject moves the row: re-sort the list, never the editor.
            if not matches(saved, self._filter_key):
                self._filter_key = "/"  # keep the entry being written in sight
            self.reload(fallback_row=self.view.currentIndex().row())
        return True

    def _edited(self, *_: object) -> None:
        if self._current is not None:
            self._dirty = True
            self.status.setText("Saving…")
            self._timer.start()

    def _subject_changed(self, _index: int) -> None:
        self._edited()
        self.save_now()

    def _publish(self, result: Changed) -> None:
        self._own = True
        try:
            self.bus.publish(result)
        finally:
            self._own = False

    # ---- events ---------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        chosen = self.model.at(current.row())
        if self._syncing or chosen is None or chosen.id == self.current_entry_id():
            return
        if not self._leave_current():  # stay on the entry whose text could not be saved
            self._show_row(self.current_entry_id())
            return
        row = self._show_row(chosen.id)  # saving may have re-sorted the list
        self._load(self.model.at(row) or chosen)

    def _on_filter(self, _index: int) -> None:
        if not self.save_now():
            with QSignalBlocker(self.filter):
                self.filter.setCurrentIndex(max(self.filter.findData(self._filter_key), 0))
            return
        self._filter_key = self.filter.currentData() or "/"
        self._apply_filter(self.current_entry_id())

    def on_changed(self, result: Changed) -> None:
        if self._own:
            return
        if not self.loaded:  # read afresh when first shown; only the badge may change
            if kinds_touch(result, "journal_entry", "trash"):
                self.count_changed.emit()
            return
        self.save_now()
        if kinds_touch(result, "contact", "coalition", "trash"):
            self._fill_subjects()
        # A renamed person or coalition shows in the rows about them.
        people = {e.contact_id for e in self._all if e.contact_id}
        groups = {e.coalition_id for e in self._all if e.coalition_id}
        renamed = kinds_touch(result, "contact", "coalition")
        named = renamed and (people & result.contact_ids or groups & result.coalition_ids)
        if kinds_touch(result, "journal_entry", "trash") or named:
            self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.save_now()
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._leave_current()  # another place is shown: nothing waits on a timer
        super().hideEvent(event)
