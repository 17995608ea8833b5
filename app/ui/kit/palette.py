"""The colours that mean one thing everywhere: a moment, a favor given or received, an entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


def dot(color: str) -> QIcon:
    """A small filled circle: the timeline's mark for each kind of entry."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


# One colour per type and direction, readable on light and dark palettes alike.
COLORS = {"moment": "#3f9a6b", "given": "#d08a2e", "received": "#4a7fd0", "entry": "#9a6bb8"}
