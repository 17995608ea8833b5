"""Find everywhere (Ctrl+K): one box that searches everything, results grouped by kind.

Typing searches at once (every word a prefix, accents ignored); Up and Down
move through the results without leaving the box, Enter opens the one chosen
with the match in view, Escape closes. Within a group, the best match first.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import KithError
from app.core.services import search
from app.core.services.search import Hit
from app.core.store import Journal
from app.ui.kit.forms import plain_label
from app.ui.kit.rows_model import Index

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
_NOUNS = {
    "contact": "Person",
    "interaction": "Moment",
    "favor": "Favor",
    "journal_entry": "Reflection",
    "coalition": "Coalition",
    "membership": "Member",
    "joint_action": "Joint action",
}


def hit_html(hit: Hit) -> str:
    """The hit as two lines of markup: title and date, then the snippet with matches bold.
    Everything the user wrote is escaped: it is text, never markup."""
    when = f" · {html.escape(hit.when)}" if hit.when else ""
    snippet = "".join(
        f"<b>{html.escape(part)}</b>" if matched else html.escape(part)
        for part, matched in hit.parts()
    )
    noun = _NOUNS.get(hit.record, "")
    return f"{html.escape(hit.title)} <small>({noun}{when})</small><br><small>{snippet}</small>"


class SearchResultsModel(QAbstractListModel):
    """Hits with a heading row before each group; headings cannot be selected."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Hit | str] = []
        self._markup: list[str] = []  # each row's markup, made once: the view asks often

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._rows = []
        group = None
        for hit in hits:
            if hit.kind != group:
                group = hit.kind
                self._rows.append(search.kind_word(group))
            self._rows.append(hit)
        self._markup = [
            f"<b>{html.escape(row)}</b>" if isinstance(row, str) else hit_html(row)
            for row in self._rows
        ]
        self.endResetModel()

    def hit_count(self) -> int:
        return sum(isinstance(row, Hit) for row in self._rows)

    def headings(self) -> list[str]:
        return [row for row in self._rows if isinstance(row, str)]

    def hit_at(self, row: int) -> Hit | None:
        found = self._rows[row] if 0 <= row < len(self._rows) else None
        return found if isinstance(found, Hit) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], str):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, str):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row
            if role == HTML_ROLE:
                return self._markup[index.row()]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.title}\n{row.plain_snippet()}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_NOUNS.get(row.record, '')} {row.title}: {row.plain_snippet()}"
        if role == HTML_ROLE:
            return self._markup[index.row()]
        if role == HIT_ROLE:
            return row
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a row's markup (the matched words in bold) in the palette's colours."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Laying out a row's markup is most of a keystroke's cost: the view asks for
        # the size of every row and then paints the visible ones, and successive
        # keystrokes mostly show the same hits again.
        self._documents: dict[tuple[str, int, str], QTextDocument] = {}

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        markup = str(index.data(HTML_ROLE) or "")
        width = max(option.rect.width(), 200)
        key = (markup, width, option.font.key())
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) > 2000:
                self._documents.clear()
            document = QTextDocument()
            document.setDefaultFont(option.font)
            document.setHtml(markup)
            document.setTextWidth(width)
            self._documents[key] = document
        return document

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # The view's font and width are all the size depends on (no initStyleOption:
        # it asks the model for every role, for every row, at every keystroke).
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))


class SearchDialog(QDialog):
    """The Find everywhere window. `open_requested(hit)` asks the main window to show it."""

    open_requested = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle("Find everywhere")
        self.resize(640, 480)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Search people, moments, favors, reflections, coalitions")
        self.box.setAccessibleName("Find everywhere")
        self.box.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setAccessibleName("Results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = plain_label("")
        self.status.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        # Typing fast runs one search for the last keystroke, not one for each.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.box.installEventFilter(self)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.box.setFocus()

    def run_search(self) -> None:
        """Search for what is in the box now and show the results, the first one chosen."""
        typed = self.box.text()
        try:
            hits = search.search(self.journal, typed, limit=20)
        except KithError as error:
            hits = []
            self.status.setText(str(error))
        self.model.set_hits(hits)
        if not typed.strip():
            self.status.setText("")
        elif not hits:
            self.status.setText(f"Nothing matches “{typed.strip()}”.")
        else:
            self.status.setText("Up and Down to choose, Enter to open, Escape to close.")
        self._move(+1, from_row=-1)

    def current_hit(self) -> Hit | None:
        return self.model.hit_at(self.results.currentIndex().row())

    def _move(self, step: int, from_row: int | None = None) -> None:
        row = self.results.currentIndex().row() if from_row is None else from_row
        count = self.model.rowCount()
        candidate = row + step
        while 0 <= candidate < count:
            if self.model.hit_at(candidate) is not None:
                index = self.model.index(candidate, 0)
                self.results.setCurrentIndex(index)
                self.results.scrollTo(index)
                return
            candidate += step
        if from_row is not None:
            self.results.setCurrentIndex(QModelIndex())

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if (
            watched is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(+1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # Enter straight after typing: search first
                    self._timer.stop()
                    self.run_search()
                self._open_current()
                return True
        return super().eventFilter(watched, event)

    def _open_index(self, index: QModelIndex) -> None:
        if self.model.hit_at(index.row()) is not None:
            self.results.setCurrentIndex(index)
            self._open_current()

    def _open_current(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.open_requested.emit(hit)
            self.accept()

    def query_words(self) -> list[str]:
        """The words typed, for finding the match inside an opened entry."""
        return [w.strip('"') for w in self.box.text().split() if w.strip('"')]
