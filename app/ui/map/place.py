"""The Map place: the network of the journal, me at the centre, and who is closest to it.

Reading the graph and ranking 10,000 people takes about a second on the large demo
journal, so the graph and its layout are made off the UI thread, only while the
place is on screen (or when it next shows), and again when a change makes them
stale. Colours come from the window's one look over the journal (the Reflector).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.changes import Changed
from app.core.enums import Tie
from app.core.network import LAST_YEAR_DAYS, MapFilter, Network, build_network
from app.core.network_layout import Layout, radial_layout
from app.core.services import coalitions, prompts
from app.core.store import Journal
from app.ui.actions import make_action
from app.ui.bus import ChangeBus, attempt, kinds_touch
from app.ui.kit.fitting import FlowLayout
from app.ui.kit.forms import buddy, centred_message, heading, plain_label, record_list, word
from app.ui.kit.place import Place
from app.ui.kit.rows_model import ID_ROLE
from app.ui.kit.workers import Background
from app.ui.map.models import RankModel
from app.ui.map.scene import INDEX_STOPS, NOT_READ, TIE_COLOURS, MapScene, MapView
from app.ui.prompts.reflector import Reflector, Sweep

NO_PEOPLE = (
    "Your map grows from the people in your journal. Add someone (Ctrl+N) and log a "
    "moment together, and they will appear here, around you."
)
NOBODY_MATCHES = "Nobody matches these filters. Try all ties, all coalitions or all time."
LOOKING = "Drawing your map…"
SIZES = (100, 300, 1000)
# Whatever can move a person on the map, or change their colour or a coalition's name.
_MAP_KINDS = ("contact", "interaction", "favor", "coalition", "membership", "joint_action", "trash")


@dataclass(frozen=True)
class Request:
    """What to draw, snapshotted on the UI thread for the job to read."""

    wanted: MapFilter
    limit: int
    day: dt.date
    reread: frozenset[int]  # people whose index changed since the last look


@dataclass(frozen=True)
class Drawn:
    request: Request
    network: Network
    layout: Layout
    indexes: dict[int, int]  # the re-read people's indexes


class MapPlace(Place):
    title = "Map"
    person_requested = Signal(int)  # the main window opens the person's page
    coalition_requested = Signal(int)

    def __init__(
        self,
        journal: Journal,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        reflector: Reflector | None = None,
    ) -> None:
        super().__init__(journal, bus, parent)
        own = reflector is None
        self.reflector = reflector or Reflector(journal, self)
        self.reflector.swept.connect(self._swept)
        self._indexes: dict[int, int] = {}
        self._stale = True  # the drawing is out of date: redraw when shown
        self._reread: set[int] = set()
        self.drawn: Drawn | None = None
        self._fitted_for: tuple[MapFilter, int] | None = None  # what the zoom was fitted to
        self._background = Background(self._job, self)
        self._background.finished.connect(self._drawn)
        self._background.failed.connect(self._failed)
        self._build()
        self._request = self._snapshot()
        # The coalition list is read when the map first shows, not while the window opens.
        self._coalitions_stale = True
        if own:  # alone (in tests): look over the journal for the colours
            self.reflector.sweep()

    # ---- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.window_combo = QComboBox()
        self.window_combo.addItem("Last year", LAST_YEAR_DAYS)
        self.window_combo.addItem("All time", None)
        self.tie_combo = QComboBox()
        self.tie_combo.addItem("All ties", None)
        for tie in Tie:
            self.tie_combo.addItem(word(tie.value), tie.value)
        self.coalition_combo = QComboBox()
        self.coalition_combo.setMinimumContentsLength(14)
        self.coalition_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.size_combo = QComboBox()
        for size in SIZES:
            self.size_combo.addItem(f"Top {size}", size)
        self.size_combo.setCurrentIndex(1)
        self.colour_combo = QComboBox()
        self.colour_combo.addItem("Transactional index", False)
        self.colour_combo.addItem("Tie", True)
        for combo, name in (
            (self.window_combo, "Time window"),
            (self.tie_combo, "Tie"),
            (self.coalition_combo, "Coalition"),
            (self.size_combo, "People shown"),
            (self.colour_combo, "Colour by"),
        ):
            combo.setAccessibleName(name)
        for combo in (self.window_combo, self.tie_combo, self.coalition_combo, self.size_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.colour_combo.currentIndexChanged.connect(self._recolour)

        self.scene = MapScene(self)
        self.view = MapView(self.scene)
        self.view.person_clicked.connect(self.person_requested)
        self.view.coalition_clicked.connect(self.coalition_requested)
        self.act_zoom_in = self._zoom_action("zoom_in", self.view.zoom_in)
        self.act_zoom_out = self._zoom_action("zoom_out", self.view.zoom_out)
        self.act_fit = self._zoom_action("zoom_fit", self.view.fit)
        zoom = QHBoxLayout()
        zoom.setSpacing(2)
        for action, text in (
            (self.act_zoom_out, "−"),
            (self.act_zoom_in, "+"),
            (self.act_fit, "Fit"),
        ):
            tool = QToolButton()
            tool.setDefaultAction(action)
            tool.setText(text)
            zoom.addWidget(tool)

        # The filters wrap onto a second line in a narrow window rather than widen it.
        filters = QWidget()
        bar = FlowLayout(filters, spacing=12)
        for label, combo in (
            ("&When:", self.window_combo),
            ("T&ie:", self.tie_combo),
            ("C&oalition:", self.coalition_combo),
            ("&Show:", self.size_combo),
            ("Co&lour:", self.colour_combo),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(15)
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            pair_row.addWidget(buddy(label, combo))
            pair_row.addWidget(combo)
            bar.addWidget(pair)
        zoom_box = QWidget()
        zoom.setContentsMargins(0, 0, 0, 0)
        zoom_box.setLayout(zoom)
        bar.addWidget(zoom_box)

        empty, self.message = centred_message(LOOKING)
        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(self.view)

        self.rank_model = RankModel(self)
        self.ranked = record_list(QTreeView(), self.rank_model, "Closest to the centre")
        self.ranked.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ranked.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.ranked.header()
        # Widths from the font: ResizeToContents would read all 1,000 rows on each redraw.
        metrics = self.ranked.fontMetrics()
        for column, sample in ((0, "0000"), (2, "Centrality")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        self.ranked.selectionModel().currentRowChanged.connect(self._ranked_current)
        self.ranked.activated.connect(self._ranked_activated)
        side = QWidget()
        stack = QVBoxLayout(side)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(heading("Closest to the centre", scale=1.1))
        hint = plain_label(
            "Warm, frequent ties with people who are themselves central. Enter opens a page."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        stack.addWidget(hint)
        stack.addWidget(self.ranked, 1)
        side.setMinimumWidth(220)

        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([760, 260])

        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own words and colours only
        self.legend.setWordWrap(True)
        self.status = plain_label()
        self.status.setEnabled(False)
        foot = QHBoxLayout()
        foot.addWidget(self.legend, 1)
        foot.addWidget(self.status)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(filters)
        outer.addWidget(splitter, 1)
        outer.addLayout(foot)
        self._update_legend()

    def _zoom_action(self, key: str, slot: Callable[[], object]) -> QAction:
        # Added to this place: the keys work only while the map is on screen.
        action = make_action(self, key, slot)
        action.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        return action

    def _fill_coalitions(self) -> None:
        rows = attempt(lambda: coalitions.list_coalitions(self.journal), self._complain) or []
        chosen = self.coalition_combo.currentData()
        self.coalition_combo.blockSignals(True)
        self.coalition_combo.clear()
        self.coalition_combo.addItem("All coalitions", None)
        for row in rows:
            self.coalition_combo.addItem(row.name, row.id)
        # A coalition that went to the trash leaves the map showing all of them.
        self.coalition_combo.setCurrentIndex(max(0, self.coalition_combo.findData(chosen)))
        self.coalition_combo.blockSignals(False)
        self._coalitions_stale = False

    # ---- drawing, off the UI thread -------------------------------------------------------

    def _snapshot(self) -> Request:
        tie = self.tie_combo.currentData()
        return Request(
            MapFilter(
                self.window_combo.currentData(),
                Tie(tie) if tie else None,
                self.coalition_combo.currentData(),
            ),
            int(self.size_combo.currentData()),
            clock.today(),
            frozenset(self._reread),
        )

    def refresh(self) -> None:
        """Draw the map again with the current filters, off the UI thread."""
        if self._coalitions_stale:
            self._fill_coalitions()
        self._request = self._snapshot()
        self._reread = set()
        self._stale = False
        if self.drawn is None:
            self.message.setText(LOOKING)
            self.pages.setCurrentIndex(0)
        self.status.setText("Drawing…")
        self._background.run()

    def _job(self) -> Drawn:
        # Runs in a worker thread: it only reads, and the core opens its own sessions.
        request = self._request
        one = request.wanted.coalition_id is not None
        network = build_network(self.journal, request.day, request.wanted).top(
            request.limit, 1 if one else 2
        )
        layout = radial_layout(network)
        indexes: dict[int, int] = {}
        if request.reread:
            read = prompts.readings(self.journal, request.day, contact_ids=request.reread)
            indexes = {cid: reading.index for cid, reading in read.items()}
        return Drawn(request, network, layout, indexes)

    def _drawn(self, drawn: Drawn) -> None:
        self._indexes.update(drawn.indexes)
        first = self.drawn is None
        self.drawn = drawn
        network = drawn.network
        if network.everyone == 0:
            plain = drawn.request.wanted.tie is None and drawn.request.wanted.coalition_id is None
            self.message.setText(NO_PEOPLE if plain else NOBODY_MATCHES)
            self.pages.setCurrentIndex(0)
        else:
            self.pages.setCurrentIndex(1)
        self.scene.show_map(network, drawn.layout)
        self.scene.recolour(bool(self.colour_combo.currentData()), dict(self._indexes))
        # A new filter shows the whole map; a change in the journal keeps the zoom.
        shows = (drawn.request.wanted, drawn.request.limit)
        if first or shows != self._fitted_for:
            self.view.fit()
        self._fitted_for = shows
        self.rank_model.set_rows(list(network.people))
        shown, everyone = len(network.people), network.everyone
        self.status.setText(
            f"{shown:,} of {everyone:,} people" if shown < everyone else f"{everyone:,} people"
        )

    def _failed(self, message: str) -> None:
        self.status.setText("")
        self._stale = True
        self.bus.say(message)

    # ---- colours --------------------------------------------------------------------

    def _swept(self, sweep: Sweep) -> None:
        self._indexes = {cid: reading.index for cid, reading in sweep.readings.items()}
        self.scene.recolour(indexes=dict(self._indexes))

    def _recolour(self) -> None:
        self.scene.recolour(by_tie=bool(self.colour_combo.currentData()))
        self._update_legend()

    def _update_legend(self) -> None:
        if self.colour_combo.currentData():
            swatches = [(TIE_COLOURS[t], word(t.value)) for t in Tie]
            intro = "Colour: tie"
        else:
            swatches = [(colour, f"{value}") for value, colour in INDEX_STOPS]
            swatches.append((NOT_READ, "not read yet"))
            intro = "Colour: transactional index"
        dots = " ".join(f'<span style="color:{c}">●</span>&nbsp;{text}' for c, text in swatches)
        self.legend.setText(
            f"{intro} &nbsp; {dots} &nbsp;·&nbsp; size: warmth of your moments "
            "&nbsp;·&nbsp; ◆ a coalition"
        )

    # ---- the ranked list --------------------------------------------------------------

    def _ranked_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            contact_id = int(current.data(ID_ROLE))
            self.scene.highlight(contact_id)
            self.view.centre_on(contact_id)

    def _ranked_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.person_requested.emit(int(index.data(ID_ROLE)))

    # ---- what the window calls ----------------------------------------------------------

    def on_changed(self, result: Changed) -> None:
        if not kinds_touch(result, *_MAP_KINDS):
            return
        if kinds_touch(result, "coalition", "trash"):
            self._coalitions_stale = True
        self._reread |= set(result.contact_ids)
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (self.drawn is not None and self.drawn.request.day != clock.today()):
            self.refresh()

    def busy(self) -> bool:
        return self._background.busy()

    def wait_for_work(self) -> None:
        self._background.wait()

    def _complain(self, error: Exception) -> None:
        self.bus.say(str(error))
