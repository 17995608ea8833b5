"""The main window: for now, the journal's path and what it holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.core.services.overview import record_counts
from app.core.store import Journal


class MainWindow(QMainWindow):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.setWindowTitle(f"{journal.name} — Kith")
        self.resize(720, 480)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.path_label = QLabel(str(journal.path))
        self.counts_label = QLabel()
        for label in (self.path_label, self.counts_label):
            # User-controlled text is always plain, never rich text.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch()
        self.setCentralWidget(body)
        self.refresh()

    def refresh(self) -> None:
        counts = record_counts(self.journal)
        self.counts_label.setText("\n".join(counts.lines()))
