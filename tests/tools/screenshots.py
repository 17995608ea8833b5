"""Save screenshots of every place, light and dark: `python tests/tools/screenshots.py OUT`.

Not a test: a way to look at Kith as a user would, on a demo journal.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.core.demo import generate_demo
from app.core.services import coalitions, contacts
from app.core.store import open_journal
from app.ui.main_window import MainWindow


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#26282b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1d1f21",
        QPalette.ColorRole.AlternateBase: "#2a2d30",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#323539",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d7a63",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#323539",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8d91",
        QPalette.ColorRole.Link: "#8cc4ff",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a8d91"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8a8d91"))
    return palette


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    light = app.palette()
    work = Path(tempfile.mkdtemp())
    generate_demo(work / "demo.kith", today=dt.date(2026, 11, 24))
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    empty_journal = open_journal(work / "empty.kith", create=True)
    with open_journal(work / "demo.kith") as journal:
        for scheme, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            window = MainWindow(journal, settings)
            window.resize(1280, 800)
            window.show()
            app.processEvents()
            rows = contacts.list_contacts(journal)
            busiest = max(rows, key=lambda r: r.favors_given + r.favors_received)
            window.people.select_person(busiest.id)
            shots = {"people": 0, "coalitions": 1, "journal": 2, "reflections": 3}
            for name, number in shots.items():
                window.go_to(number)
                if name == "coalitions":
                    window.coalitions.select_coalition(coalitions.list_coalitions(journal)[0].id)
                if name == "journal":
                    entries = window.journal_place
                    first = entries.model.index(0, 0) if hasattr(entries, "model") else None
                    if first is not None and first.isValid():
                        entries.select_entry(int(first.data(Qt.ItemDataRole.UserRole)))
                app.processEvents()
                window.grab().save(str(out / f"{name}-{scheme}.png"))
            window.people.new_person()
            app.processEvents()
            dialog = window.people.dialog
            if dialog is not None:
                dialog.grab().save(str(out / f"person-dialog-{scheme}.png"))
                dialog.reject()
            window.close()
            first_run = MainWindow(empty_journal, settings)
            first_run.resize(1000, 640)
            first_run.show()
            app.processEvents()
            first_run.grab().save(str(out / f"first-run-{scheme}.png"))
            first_run.close()
    empty_journal.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
