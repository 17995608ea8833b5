"""Widgets that fit whatever room they get: a label that elides (the whole text in its
tooltip), a row of buttons that wraps, and windows sized to the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)

# Room left around a window on a screen, for the window manager's frame.
_FRAME = QSize(16, 48)


class ElidedLabel(QLabel):
    """One line of plain text, cut with "…" when it is wider than the label; the whole
    text is then its tooltip. It never asks for more width than a few letters."""

    def __init__(
        self, text: str = "", mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight
    ) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._full = ""
        self._mode = mode
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def text(self) -> str:
        """The whole text, however much of it shows."""
        return self._full

    def clear(self) -> None:
        self.setText("")

    def is_elided(self) -> bool:
        return super().text() != self._full

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        width = metrics.horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("Mmmm…"), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        line = " ".join(self._full.split())
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(line, self._mode, max(width, 0))
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")


class FlowLayout(QLayout):
    """Widgets left to right, onto a new line when the next one would not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() for i in self._visible()) + self._gap * max(
            len(self._visible()) - 1, 0
        )
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                shown.append(item)
        return shown

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            # One item wider than the row gets the row (at least its minimum).
            hint.setWidth(max(min(hint.width(), rect.width()), item.minimumSize().width()))
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class PageScroll(QScrollArea):
    """A page that scrolls up and down and, unless `sideways`, never sideways: it then
    asks for the width of what it holds (so a splitter gives it that much)."""

    def __init__(self, page: QWidget, *, sideways: bool = False) -> None:
        super().__init__()
        self.sideways = sideways
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        if not sideways:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The page grew narrower or wider inside (a question shown): tell the splitter.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        if self.sideways:
            return super().minimumSizeHint()
        page = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = (page.minimumSizeHint().width() if page is not None else 0) + bar + 2
        return QSize(width, super().minimumSizeHint().height())


class FormScroll(QScrollArea):
    """A form that scrolls when the screen is shorter than it (at 200% on a laptop), and
    otherwise asks for all the room it needs, so that it never scrolls for nothing."""

    def __init__(self, form: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(form)
        form.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        form = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return form.sizeHint() + QSize(bar, 0) if form is not None else QSize()

    def minimumSizeHint(self) -> QSize:
        form = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = form.minimumSizeHint().width() + bar if form is not None else 0
        return QSize(width, min(160, form.minimumSizeHint().height() if form else 0))


class ScreenFitter(QObject):
    """Installed on the application: every dialog that opens fits on its screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            keep_on_screen(watched)
        return False


def flowing(*groups: tuple[QWidget, ...], spacing: int = 12) -> QWidget:
    """A widget holding `groups` (say a label and its field) side by side, each group
    kept together, wrapping onto the next line when the row is too narrow."""
    holder = QWidget()
    flow = FlowLayout(holder, spacing=spacing)
    for group in groups:
        pair = QWidget()
        line = QHBoxLayout(pair)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in group:
            line.addWidget(widget)
        flow.addWidget(pair)
    return holder


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Size `window` to `wanted`, or to the screen it opens on if that is smaller; its
    minimum never exceeds the screen either (at 200% a small screen is small)."""
    screen = window.screen()
    room = screen.availableGeometry().size() - _FRAME
    minimum = window.minimumSize()
    window.setMinimumSize(minimum.boundedTo(room))
    window.resize(wanted.boundedTo(room).expandedTo(window.minimumSize()))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move `window` so that all of it lies on its screen."""
    screen = window.screen()
    room = screen.availableGeometry()
    size = window.size().boundedTo(room.size() - _FRAME)
    window.setMinimumSize(window.minimumSize().boundedTo(size))
    window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), room.x()), room.right() - frame.width() + 1)
    y = min(max(frame.y(), room.y()), room.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, room.x()), max(y, room.y()))
