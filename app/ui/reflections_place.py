"""The Reflections place: reflective prompts will live here (a later issue fills it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.forms import plain_label
from app.ui.place import Place


class ReflectionsPlace(Place):
    title = "Reflections"

    def __init__(self, journal: Journal, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(journal, bus, parent)
        message = plain_label(
            "Reflections will appear here: gentle questions when a relationship starts to "
            "feel like a ledger of favors, or when a coalition lacks a named goal. "
            "There is nothing to reflect on yet."
        )
        message.setWordWrap(True)
        message.setMaximumWidth(520)
        message.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
