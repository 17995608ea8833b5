"""The network map's drawing: me, people and coalition hubs on a QGraphicsScene, and the
view that zooms (wheel, Ctrl+=/Ctrl+-, fit), pans (drag) and reports clicks."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from app.core.enums import Tie
from app.core.network import Network, PersonNode
from app.core.network_layout import Layout
from app.ui.kit.forms import tooltip, word

# Colour-blind-safe (Okabe–Ito) colours for ties; readable on light and dark bases.
TIE_COLOURS = {
    Tie.KIN: "#E69F00",
    Tie.FRIEND: "#009E73",
    Tie.COLLEAGUE: "#3A8FD0",
    Tie.NEIGHBOUR: "#CC79A7",
    Tie.COMMUNITY: "#56B4E9",
    Tie.ACQUAINTANCE: "#D55E00",
    Tie.OTHER: "#999999",
}
# The transactional index, 0 → 50 → 100: calm teal, amber, red.
INDEX_STOPS = ((0, "#2F9E8F"), (50, "#E0B040"), (100, "#D0445A"))
NOT_READ = "#9AA0A6"  # the engine has not read this person yet
LABEL_WIDTH = 110  # px: longer names elide
ALWAYS_LABELLED = 30  # the most central people keep their name at any zoom
LABELS_FROM_SCALE = 1.5  # zoomed in this far, everyone's name shows
MIN_SCALE, MAX_SCALE = 0.05, 8.0
ZOOM_STEP = 1.25


def index_colour(index: int | None) -> QColor:
    """The colour of a transactional index (grey when not read yet)."""
    if index is None:
        return QColor(NOT_READ)
    index = max(0, min(100, index))
    for (low, a), (high, b) in itertools.pairwise(INDEX_STOPS):
        if index <= high:
            t = (index - low) / (high - low)
            ca, cb = QColor(a), QColor(b)
            return QColor(
                round(ca.red() + t * (cb.red() - ca.red())),
                round(ca.green() + t * (cb.green() - ca.green())),
                round(ca.blue() + t * (cb.blue() - ca.blue())),
            )
    return QColor(INDEX_STOPS[-1][1])


def _faded(colour: QColor, alpha: int) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


class PersonItem(QGraphicsEllipseItem):
    """A person: sized by the warmth of our moments, coloured by index or tie."""

    def __init__(self, person: PersonNode, radius: float, font: QFont) -> None:
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.person = person
        self.radius = radius
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptHoverEvents(True)
        self.label = QGraphicsSimpleTextItem(self)
        self.label.setFont(font)
        text = QFontMetrics(font).elidedText(person.name, Qt.TextElideMode.ElideRight, LABEL_WIDTH)
        self.label.setText(text)
        box = self.label.boundingRect()
        self.label.setPos(-box.width() / 2, radius + 1)

    def show_label(self, on: bool) -> None:
        self.label.setVisible(on)


class HubItem(QGraphicsRectItem):
    """A coalition: a small diamond linking its members."""

    def __init__(self, coalition_id: int, name: str, members: int, font: QFont) -> None:
        size = 7 + min(9, 2 * math.sqrt(members))
        super().__init__(-size, -size, 2 * size, 2 * size)
        self.coalition_id = coalition_id
        self.setRotation(45)
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_literal(f"{name}\nCoalition · {members} on the map"))
        self.label = QGraphicsSimpleTextItem()
        self.label.setFont(font)
        self.label.setText(
            QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, LABEL_WIDTH)
        )
        self.label.setZValue(2)


class MapScene(QGraphicsScene):
    """Draws one `Network` with its `Layout`; `recolour` changes colours only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people: dict[int, PersonItem] = {}
        self.hubs: dict[int, HubItem] = {}
        self.by_tie = False
        self.indexes: dict[int, int] = {}
        self._palette = QApplication.palette()
        self._highlighted: int | None = None
        self._edges: list[QGraphicsPathItem] = []
        self._guides: list[QGraphicsEllipseItem] = []
        self._me: QGraphicsEllipseItem | None = None
        self._me_label: QGraphicsSimpleTextItem | None = None
        self.bounds = QRectF()  # the map itself, labels included: what "fit" shows

    def show_map(self, network: Network, layout: Layout) -> None:
        """Draw `network` afresh at the positions of `layout`."""
        self.clear()
        self.people, self.hubs, self._edges, self._guides = {}, {}, [], []
        self._highlighted = None
        font = QFont(QApplication.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        for radius in layout.rings:
            guide = self.addEllipse(-radius, -radius, 2 * radius, 2 * radius)
            guide.setZValue(0)
            self._guides.append(guide)
        self._draw_edges(network, layout)
        heaviest = max((p.warmth for p in network.people), default=0) or 1
        # The least central first, so that the most central are drawn on top.
        for person in reversed(network.people):
            x, y = layout.people[person.id]
            radius = 5 + 13 * math.sqrt(person.warmth / heaviest)
            item = PersonItem(person, radius, font)
            item.setPos(x, y)
            item.setToolTip(_literal(self._tooltip(person)))
            self.addItem(item)
            self.people[person.id] = item
        for hub in network.coalitions:
            if hub.id not in layout.coalitions:
                continue
            x, y = layout.coalitions[hub.id]
            hub_item = HubItem(hub.id, hub.name, hub.members, font)
            hub_item.setPos(x, y)
            self.addItem(hub_item)
            self.addItem(hub_item.label)
            box = hub_item.label.boundingRect()
            hub_item.label.setPos(x - box.width() / 2, y + 12)
            self.hubs[hub.id] = hub_item
        me = self.addEllipse(-16, -16, 32, 32)
        me.setZValue(4)
        me.setToolTip("Me")
        self._me = me
        bold = QFont(font)
        bold.setBold(True)
        self._me_label = self.addSimpleText("Me", bold)
        label_box = self._me_label.boundingRect()
        self._me_label.setPos(-label_box.width() / 2, -label_box.height() / 2)
        self._me_label.setZValue(5)
        reach = max(
            [math.hypot(*p) for p in (*layout.people.values(), *layout.coalitions.values())],
            default=0.0,
        )
        reach += 40  # the largest node and its label
        self.bounds = QRectF(-reach, -reach, 2 * reach, 2 * reach)
        self.setSceneRect(self.bounds.adjusted(-400, -400, 400, 400))  # room to pan
        self.set_label_scale(1.0)
        self.apply_palette(self._palette)

    def _draw_edges(self, network: Network, layout: Layout) -> None:
        # One path per weight band, not one item per edge: a thousand line items
        # cost more to build and paint than three paths.
        weights = sorted(w for _a, _b, w in network.ties)
        cut_low = weights[len(weights) // 3] if weights else 0
        cut_high = weights[2 * len(weights) // 3] if weights else 0
        bands = [QPainterPath(), QPainterPath(), QPainterPath()]
        for a, b, weight in network.ties:
            band = bands[0 if weight < cut_low else 1 if weight < cut_high else 2]
            band.moveTo(QPointF(*layout.people[a]))
            band.lineTo(QPointF(*layout.people[b]))
        hub_path = QPainterPath()
        for coalition_id, person_id, _w in network.memberships:
            if coalition_id in layout.coalitions and person_id in layout.people:
                hub_path.moveTo(QPointF(*layout.coalitions[coalition_id]))
                hub_path.lineTo(QPointF(*layout.people[person_id]))
        for path, z in ((hub_path, 1.0), *((band, 1.1) for band in bands)):
            item = self.addPath(path)
            item.setZValue(z)
            self._edges.append(item)

    def _tooltip(self, person: PersonNode) -> str:
        index = self.indexes.get(person.id)
        shown = "not read yet" if index is None else str(index)
        return (
            f"{person.name}\n{word(person.tie.value)} · closest to the centre: #{person.rank}\n"
            f"{person.moments} moments together · transactional index {shown}"
        )

    # ---- colours --------------------------------------------------------------------

    def apply_palette(self, palette: QPalette) -> None:
        """Colours that follow the light or dark palette (text, edges, guides)."""
        self._palette = palette
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        self.setBackgroundBrush(base)
        for guide in self._guides:
            guide.setPen(QPen(_faded(text, 22), 1))
            guide.setBrush(Qt.BrushStyle.NoBrush)
        if self._edges:
            hub_pen = QPen(_faded(text, 55), 1, Qt.PenStyle.DashLine)
            hub_pen.setCosmetic(True)
            self._edges[0].setPen(hub_pen)
            for band, (alpha, width) in zip(
                self._edges[1:], ((50, 1.0), (80, 1.6), (120, 2.4)), strict=True
            ):
                pen = QPen(_faded(text, alpha), width)
                band.setPen(pen)
        for item in self.people.values():
            item.label.setBrush(text)
        for hub in self.hubs.values():
            hub.setBrush(palette.color(QPalette.ColorRole.Window))
            hub.setPen(QPen(_faded(text, 170), 1.5))
            hub.label.setBrush(_faded(text, 200))
        if self._me is not None and self._me_label is not None:
            self._me.setBrush(palette.color(QPalette.ColorRole.Highlight))
            self._me.setPen(QPen(base, 2))
            self._me_label.setBrush(palette.color(QPalette.ColorRole.HighlightedText))
        self.recolour()

    def recolour(self, by_tie: bool | None = None, indexes: dict[int, int] | None = None) -> None:
        """Colour people by tie or by transactional index (what changed is given)."""
        if by_tie is not None:
            self.by_tie = by_tie
        if indexes is not None:
            self.indexes = indexes
        base = self._palette.color(QPalette.ColorRole.Base)
        for contact_id, item in self.people.items():
            if self.by_tie:
                colour = QColor(TIE_COLOURS[item.person.tie])
            else:
                colour = index_colour(self.indexes.get(contact_id))
            item.setBrush(QBrush(colour))
            highlighted = contact_id == self._highlighted
            pen = (
                QPen(self._palette.color(QPalette.ColorRole.Text), 3)
                if highlighted
                else QPen(base, 1.5)
            )
            item.setPen(pen)
            if indexes is not None:
                item.setToolTip(_literal(self._tooltip(item.person)))

    def highlight(self, contact_id: int | None) -> None:
        """Ring one person (chosen in the ranked list)."""
        self._highlighted = contact_id
        self.recolour()

    def set_label_scale(self, scale: float) -> None:
        """Names show for the most central people, and for everyone when zoomed in."""
        everyone = scale >= LABELS_FROM_SCALE
        for item in self.people.values():
            item.show_label(everyone or item.person.rank <= ALWAYS_LABELLED)
        for hub in self.hubs.values():
            hub.label.setVisible(everyone)


class MapView(QGraphicsView):
    """Zoom with the wheel or the zoom actions, pan by dragging, click to open."""

    person_clicked = Signal(int)
    coalition_clicked = Signal(int)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map = scene
        self.setAccessibleName("Network map")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        # A map pans by dragging and zooms by wheel and keys: scroll bars would only
        # frame it (their ranges still carry the drag).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self._pressed: QPoint | None = None
        self._fitted = False  # showing the whole map: a resize fits it again

    def scale_factor(self) -> float:
        """How far the map is zoomed (1.0: one scene unit per pixel)."""
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        now = self.scale_factor()
        factor = max(MIN_SCALE / now, min(MAX_SCALE / now, factor))
        self.scale(factor, factor)
        self._fitted = False
        self.map.set_label_scale(self.scale_factor())

    def zoom_in(self) -> None:
        self._zoom_from_centre(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_from_centre(1 / ZOOM_STEP)

    def _zoom_from_centre(self, factor: float) -> None:
        # Keys and buttons zoom about the middle; only the wheel follows the mouse.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def fit(self) -> None:
        """Show the whole map."""
        if self.map.bounds.isEmpty():
            return
        self.fitInView(self.map.bounds, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True
        self.map.set_label_scale(self.scale_factor())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def centre_on(self, contact_id: int) -> None:
        item = self.map.people.get(contact_id)
        if item is not None:
            self.centerOn(item)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom_by(math.pow(1.0015, event.angleDelta().y()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, None
        here = event.position().toPoint()
        if (
            event.button() != Qt.MouseButton.LeftButton
            or pressed is None
            or (here - pressed).manhattanLength() >= QApplication.startDragDistance()
        ):
            return  # a drag pans; only a click opens
        item: QGraphicsItem | None = self.itemAt(here)
        while item is not None and not isinstance(item, PersonItem | HubItem):
            item = item.parentItem()
        if isinstance(item, PersonItem):
            self.person_clicked.emit(item.person.id)
        elif isinstance(item, HubItem):
            self.coalition_clicked.emit(item.coalition_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.map.apply_palette(self.palette())


def _literal(text: str) -> str:
    """A tooltip that shows names as typed: "<b>" in a name is not bold."""
    return tooltip(text) or ""
