"""The first-run page: what Kith is for, and two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.ui.kit.forms import plain_label


class WelcomePage(QWidget):
    add_person = Signal()
    explore_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = plain_label("Welcome to Kith")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        heading.setFont(font)
        self.explanation = plain_label(
            "Kith is a private journal of the people in your life: the moments you share, "
            "the favors that pass between you, and the coalitions you join. It gently asks "
            "when a friendship starts to feel like a ledger, and it never leaves this computer."
        )
        self.explanation.setWordWrap(True)
        # A wrapped label in a centred layout shrinks to its narrowest: give it a width.
        self.explanation.setFixedWidth(540)
        self.explanation.setFixedHeight(self.explanation.heightForWidth(540))
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.add_button = QPushButton("Add your first person")
        self.add_button.setDefault(True)
        self.add_button.setAccessibleName("Add your first person")
        self.add_button.clicked.connect(self.add_person.emit)
        self.demo_button = QPushButton("Explore a demo journal")
        self.demo_button.setAccessibleName("Explore a demo journal")
        self.demo_button.setToolTip(
            "Opens made-up people in a separate file; your journal stays empty."
        )
        self.demo_button.clicked.connect(self.explore_demo.emit)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.explanation, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addLayout(buttons)
        layout.addStretch(3)
