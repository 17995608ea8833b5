"""What every form does for the keyboard: Tab in the order the eye reads, the cursor
where typing is wanted, and a question before Escape throws typed words away."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# Widgets that take the focus as one stop, whatever they hold inside (a spin box's line
# edit, a combo box's popup, a list's viewport).
_ATOMS = (QAbstractSpinBox, QComboBox, QAbstractItemView)
# Two widgets whose tops are this close sit on one visual line.
_SAME_LINE = 8


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets of `root` that Tab reaches, top to bottom and, on a line, left to right."""
    found: list[tuple[int, int, QWidget]] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if widget.focusProxy() is not None or _inside_atom(widget, root):
            continue
        corner = widget.mapTo(root, QPoint(0, 0))
        found.append((corner.y(), corner.x(), widget))
    found.sort(key=lambda item: (item[0], item[1]))
    ordered: list[QWidget] = []
    line: list[tuple[int, int, QWidget]] = []
    for item in found:
        if line and item[0] - line[0][0] > _SAME_LINE:
            ordered.extend(w for _, _, w in sorted(line, key=lambda i: i[1]))
            line = []
        line.append(item)
    ordered.extend(w for _, _, w in sorted(line, key=lambda i: i[1]))
    return ordered


def _inside_atom(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _ATOMS):
            return True
        parent = parent.parentWidget()
    return False


def order_tabs(root: QWidget) -> list[QWidget]:
    """Make Tab follow `tab_stops(root)`; returns that order."""
    stops = tab_stops(root)
    for first, second in itertools.pairwise(stops):
        QWidget.setTabOrder(first, second)
    return stops


def leave_lists_with_tab(root: QWidget) -> None:
    """Tab moves on from every table and list in `root` instead of walking its cells."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


class _EnterOpens(QObject):
    def __init__(self, view: QAbstractItemView, slot: Callable[[], object]) -> None:
        super().__init__(view)
        self.view, self.slot = view, slot

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.view.currentIndex().isValid()
        ):
            self.slot()
            return True
        return False


def opens_on_enter(view: QAbstractItemView, slot: Callable[[], object]) -> None:
    """Enter on the current row, or a double-click on a row, calls `slot()` (not a
    single click, whatever the desktop's setting for activating items)."""
    view.doubleClicked.connect(lambda _index: slot())
    view.installEventFilter(_EnterOpens(view, slot))


def needs_typing(widget: QWidget) -> bool:
    """Whether `widget` is an empty place for words (where the cursor should start)."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() and not widget.text()
    if isinstance(widget, QPlainTextEdit):
        return not widget.isReadOnly() and not widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return not widget.isReadOnly() and not widget.toPlainText()
    return False


def state_of(root: QWidget) -> tuple[object, ...]:
    """What the user can have changed in `root`, to tell a touched form from a fresh one."""
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentIndex())
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            values.append(tuple(widget.item(i).text() for i in range(widget.count())))
    return tuple(values)
