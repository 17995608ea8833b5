"""Kith's icon as PNGs of the sizes a desktop's icon theme wants, drawn from its one SVG.

No PNG is kept by hand: `kith --install-desktop` and `make bundle` render them here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

# The hicolor theme's usual sizes, from a menu's 16 px to a software centre's 512.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_png(svg: Path, size: int) -> bytes:
    """`svg` drawn on a transparent `size`×`size` square, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG image Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as a str, though its stubs say bytes.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
