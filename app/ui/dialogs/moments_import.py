"""File > Import moments…: drafts from a calendar, chat or mail export, reviewed before writing.

The drafts are shown grouped by person, each row and each person ticked to
accept or unticked to skip, with how each name is matched (a person of the
journal, "add as new", or skip) and a summary. Nothing is written until Import;
then one transaction, with progress and Cancel, a backup first if ticked, and
Undo in the status bar afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTreeView,
    QWidget,
)

from app.core import clock
from app.core.capture import drafts, exports
from app.core.capture.drafts import ADD, SKIP, DraftPlan, Written
from app.core.errors import CaptureFileError, KithError, OperationCancelledError
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.export_dialog import JobDialog, documents_folder
from app.ui.kit.forms import named, plain_label

SOURCES = (
    ("calendar", "Calendar (.ics)"),
    ("chat", "Chat (WhatsApp .txt, Telegram .json)"),
    ("mail", "Mail (mbox, or a folder of .eml)"),
)
PRIVACY = (
    "Kith keeps the day, the people, the kind and a count (“23 messages”), not the words, "
    "unless you tick the box below. Nothing is written until you press Import."
)
COLUMNS = ("Person / day", "Match", "Kind", "From", "Count")
_DRAFT = Qt.ItemDataRole.UserRole + 1
_PARTY = Qt.ItemDataRole.UserRole + 2


class MomentsImportDialog(JobDialog):
    """Choose an export, read its drafts, review them by person, import the accepted ones."""

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__("Import moments", parent)
        self.setModal(True)
        self.resize(860, 600)
        self.journal, self.bus = journal, bus
        self.plan: DraftPlan | None = None
        self.written: Written | None = None
        self.me: str | None = None
        self._filling = False

        self.source = named(QComboBox(), "Kind of export")
        for key, label in SOURCES:
            self.source.addItem(label, key)
        self.path_edit = named(QLineEdit(), "Export file")
        self.path_edit.setPlaceholderText("The file (or mail folder) you exported")
        self.path_edit.returnPressed.connect(self.read)
        self.path_edit.textChanged.connect(self._guess_source)
        choose = named(QPushButton("&Choose…"), "Choose the file")
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose_file)
        self.read_button = named(QPushButton("&Read"), "Read the export")
        self.read_button.setAutoDefault(False)
        self.read_button.clicked.connect(self.read)
        self.keep_text = named(QCheckBox("&Keep the text as the note"), "Keep the text")
        self.backup_first = named(QCheckBox("Take a &backup first"), "Backup first")
        self.backup_first.setChecked(True)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.model.itemChanged.connect(self._ticked)
        self.tree = named(QTreeView(), "Drafts by person")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 200)
        self.tree.selectionModel().currentChanged.connect(self._person_selected)
        self.match = named(QComboBox(), "Match for the selected person")
        self.match.setEnabled(False)
        self.match.activated.connect(self._matched)
        self.summary = named(plain_label(), "Summary")
        self.import_button = named(QPushButton("&Import"), "Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_)

        where = QHBoxLayout()
        where.addWidget(self.source)
        where.addWidget(self.path_edit, 1)
        where.addWidget(choose)
        where.addWidget(self.read_button)
        matching = QHBoxLayout()
        match_label = plain_label("&Match:")
        match_label.setBuddy(self.match)
        matching.addWidget(match_label)
        matching.addWidget(self.match, 1)
        layout = self.begin_layout("Import moments", PRIVACY)
        layout.addLayout(where)
        layout.addWidget(self.keep_text)
        layout.addWidget(self.tree, 3)
        layout.addLayout(matching)
        layout.addWidget(self.summary)
        layout.addWidget(self.backup_first)
        self.add_footer(layout, self.import_button)
        # The file is what the user came with; its kind is guessed from its name.
        self.path_edit.setFocus()

    # ---- reading --------------------------------------------------------------------------------

    def choose_file(self) -> None:
        start = self.path_edit.text() or str(documents_folder())
        chosen, _ = QFileDialog.getOpenFileName(self, "Import moments from", start)
        if chosen:
            self.path_edit.setText(chosen)
            self.read()

    def _guess_source(self, text: str) -> None:
        guessed = exports.guess_source(Path(text.strip()).expanduser()) if text.strip() else None
        if guessed is not None:
            self.source.setCurrentIndex(self.source.findData(guessed))

    def ask_me(self, senders: list[str]) -> str | None:
        """Which sender is the user (tests replace this); None when they cancel."""
        name, ok = QInputDialog.getItem(
            self, "Which one is you?", "Kith found these senders. Which one is you?", senders, 0
        )
        return name if ok else None

    def read(self) -> None:
        """Read the chosen export's drafts (off the UI thread) and show them for review."""
        text = self.path_edit.text().strip()
        if not text or self.busy():
            return
        path = Path(text).expanduser()
        source = str(self.source.currentData())
        me = drafts.remembered_me(self.journal, source)
        if source == "chat" and me is None:
            try:
                from app.core.capture.chats import senders

                found = senders(path)
            except KithError as error:
                self.refused(error)
                return
            me = self.ask_me(found)
            if me is None:
                return
        self.me = me
        journal, keep_text, today = self.journal, self.keep_text.isChecked(), clock.today()

        def job(progress: drafts.Progress, cancelled: drafts.Cancelled) -> DraftPlan:
            def step(fraction: float) -> None:
                if cancelled():
                    raise OperationCancelledError("Reading was cancelled; nothing was written.")
                progress(fraction)

            found = exports.read_export(
                path,
                source,
                me=me,
                today=today,
                keep_text=keep_text,
                journal=journal,
                progress=step,
            )
            return drafts.plan(journal, found, file=path.name)

        self.plan = None
        self._update_buttons()
        self.run(job, self._planned)

    def _planned(self, plan: DraftPlan) -> None:
        self.plan = plan
        self._fill()
        self._update_buttons()
        if not plan.drafts:
            self.say(f"{plan.file} gives no moments with anyone.")
        self.tree.setFocus()

    def refused(self, error: KithError) -> None:
        if isinstance(error, CaptureFileError):
            self.plan = None
            self.model.removeRows(0, self.model.rowCount())
        super().refused(error)
        self._update_buttons()

    # ---- the review ---------------------------------------------------------------------------

    def _fill(self) -> None:
        plan = self.plan
        assert plan is not None
        self._filling = True
        self.model.removeRows(0, self.model.rowCount())
        by_party: dict[str, list[int]] = {}
        for number, draft in enumerate(plan.drafts):
            for party in draft.parties:
                by_party.setdefault(party.key, []).append(number)
        for key, numbers in sorted(by_party.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            party = plan.parties[key]
            top = QStandardItem(party.shown())
            top.setData(key, _PARTY)
            top.setCheckable(True)
            top.setAutoTristate(False)
            row = [
                top,
                QStandardItem(self._decision_text(key)),
                QStandardItem(""),
                QStandardItem(""),
                QStandardItem(str(len(numbers))),
            ]
            for number in numbers:
                draft = plan.drafts[number]
                day = QStandardItem(draft.day.isoformat())
                day.setData(number, _DRAFT)
                day.setCheckable(True)
                already = plan.already[number]
                day.setCheckState(
                    Qt.CheckState.Checked
                    if plan.accepted[number] and not already
                    else Qt.CheckState.Unchecked
                )
                if already:
                    day.setEnabled(False)
                    day.setToolTip("Already in the journal")
                others = ", ".join(p.shown() for p in draft.parties if p.key != key)
                top_row = [
                    day,
                    # Under a person's match, a day's row says who else was there.
                    QStandardItem(
                        "already in the journal" if already else others and f"with {others}"
                    ),
                    QStandardItem(draft.kind.value.replace("_", " ")),
                    QStandardItem(draft.source),
                    QStandardItem(str(draft.count)),
                ]
                top.appendRow(top_row)
            self.model.appendRow(row)
            self._settle_parent(top)
        self._filling = False
        self._refresh_summary()

    def _decision_text(self, key: str) -> str:
        assert self.plan is not None
        decision = self.plan.decisions.get(key, SKIP)
        if decision == ADD:
            return "add as new"
        if decision == SKIP:
            match = self.plan.matches[key]
            return "skip (ambiguous)" if match.status == "ambiguous" else "skip (not matched)"
        match = self.plan.matches[key]
        name = next((n for c, n in match.candidates if c == decision), str(decision))
        return f"{name} (matched)"

    def _ticked(self, item: QStandardItem) -> None:
        if self._filling or self.plan is None or item.column() != 0:
            return
        self._filling = True
        accepted = item.checkState() == Qt.CheckState.Checked
        if item.data(_PARTY) is not None:
            for row in range(item.rowCount()):
                child = item.child(row)
                if child.isEnabled():
                    self._set_draft(int(child.data(_DRAFT)), accepted)
        else:
            self._set_draft(int(item.data(_DRAFT)), accepted)
        self._filling = False
        self._refresh_summary()

    def _set_draft(self, number: int, accepted: bool) -> None:
        """Tick or untick one draft everywhere it shows (a group moment is under each person)."""
        assert self.plan is not None
        self.plan.accepted[number] = accepted
        state = Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
        for row in range(self.model.rowCount()):
            top = self.model.item(row)
            for child_row in range(top.rowCount()):
                child = top.child(child_row)
                if child.data(_DRAFT) == number and child.isEnabled():
                    child.setCheckState(state)
            self._settle_parent(top)

    def _settle_parent(self, top: QStandardItem) -> None:
        states = {
            top.child(r).checkState() for r in range(top.rowCount()) if top.child(r).isEnabled()
        }
        if states == {Qt.CheckState.Checked}:
            top.setCheckState(Qt.CheckState.Checked)
        elif Qt.CheckState.Checked in states:
            top.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            top.setCheckState(Qt.CheckState.Unchecked)

    def _party_at(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        first = index.siblingAtColumn(0)
        if first.parent().isValid():
            first = first.parent()
        key = first.data(_PARTY)
        return str(key) if key is not None else None

    def _person_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self._party_at(current)
        self.match.clear()
        self.match.setEnabled(key is not None and self.plan is not None)
        if key is None or self.plan is None:
            return
        match = self.plan.matches[key]
        for cid, name in match.candidates:
            self.match.addItem(f"{name} (#{cid})", cid)
        self.match.addItem(f"Add “{self.plan.parties[key].shown()}” as a new person", ADD)
        self.match.addItem("Skip this name", SKIP)
        index = self.match.findData(self.plan.decisions.get(key, SKIP))
        self.match.setCurrentIndex(max(index, 0))

    def _matched(self, _index: int) -> None:
        key = self._party_at(self.tree.currentIndex())
        if key is None or self.plan is None:
            return
        self.choose_match(key, self.match.currentData())

    def choose_match(self, key: str, decision: int | str) -> None:
        """Settle how one name is written: a contact id, ADD or SKIP."""
        assert self.plan is not None
        self.plan.decisions[key] = decision
        for row in range(self.model.rowCount()):
            top = self.model.item(row)
            if top.data(_PARTY) == key:
                self.model.item(row, 1).setText(self._decision_text(key))
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        self.summary.setText(self.plan.summary() if self.plan is not None else "")
        self._update_buttons()

    # ---- writing --------------------------------------------------------------------------------

    def import_(self) -> None:
        plan = self.plan
        if plan is None or self.busy() or not plan.to_write():
            return
        journal, keep_text, backup_first = (
            self.journal,
            self.keep_text.isChecked(),
            self.backup_first.isChecked(),
        )

        def job(progress: drafts.Progress, cancelled: drafts.Cancelled) -> Written:
            if backup_first:
                from app.core import backup

                backup.backup_file(journal.path, None, key=journal.key)
            return drafts.write(
                journal, plan, keep_text=keep_text, progress=progress, cancelled=cancelled
            )

        self.run(job, self._imported)

    def _imported(self, written: Written) -> None:
        self.written = written
        source = str(self.source.currentData())
        if self.me and source != "calendar":
            drafts.remember_me(self.journal, source, self.me)
        journal, bus = self.journal, self.bus
        self.bus.publish(written.changed)
        self.bus.say(written.summary, lambda: bus.publish(drafts.undo_write(journal, written)))
        self.accept()

    def busy_changed(self, busy: bool) -> None:
        self.read_button.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.plan is not None and bool(self.plan.to_write()) and not self.busy()
        self.import_button.setEnabled(ready)
