"""What one favor Save costs the window: SQL statements, publishes, nesting.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/tools/save_trace.py

Opens the main window on a small demo journal, selects a person, logs a favor
through its dialog as a user would, waits until the window is quiet, and prints
the statements run (on the UI thread and elsewhere) and each delivery of a
change to the views with its depth (1 = on its own, 2 = delivered from inside
the handlers of another change).
"""

from __future__ import annotations

import inspect
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.changes import Changed
from app.core.demo import generate_demo
from app.core.enums import Direction
from app.core.store import open_journal
from app.ui.people.favor_dialog import FavorDialog
from app.ui.shell.main_window import MainWindow


def main() -> None:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    generate_demo(folder / "demo.kith", contacts=40, seed=3)
    journal = open_journal(folder / "demo.kith")
    window = MainWindow(journal, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    people = window.people
    _settle(app, window)

    ui_thread = threading.get_ident()
    statements = {"ui": 0, "other": 0}
    publishes: list[tuple[int, list[str]]] = []

    def count(*_args: object) -> None:
        statements["ui" if threading.get_ident() == ui_thread else "other"] += 1

    def delivered(result: Changed) -> None:
        # How many deliveries are under way, this one included: 2 means that this
        # change reached the views from inside another change's handlers.
        depth = sum(
            1
            for frame in inspect.stack(0)
            if frame.function == "publish" and frame.filename.endswith("bus.py")
        )
        publishes.append((depth, sorted(result.kinds)))

    window.bus.changed.connect(delivered)
    event.listen(journal.engine, "before_cursor_execute", count)

    # The first person whose favor raises a question: the Save with the most follow-on.
    for person in list(people.model.ids()):
        people.select_person(person)
        _settle(app, window)
        statements.update(ui=0, other=0)
        publishes.clear()
        people.log_favor(Direction.RECEIVED)
        dialog = people.dialog
        assert isinstance(dialog, FavorDialog)
        QTest.keyClicks(dialog.description, "Lent me the van")
        dialog.weight.setCurrentIndex(dialog.weight.count() - 1)
        dialog.expectation.setCurrentIndex(dialog.expectation.count() - 1)
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        _settle(app, window)
        if any("prompt" in kinds for _, kinds in publishes):
            break

    print(f"statements on the UI thread: {statements['ui']}")
    print(f"statements on other threads: {statements['other']}")
    print(f"publishes: {len(publishes)} (nested: {sum(1 for d, _ in publishes if d > 1)})")
    for level, kinds in publishes:
        print(f"  depth {level}: {', '.join(kinds)}")
    window.close()
    journal.close()


def _settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(200):
        app.processEvents()
        if not window.people.busy():
            app.processEvents()
            return
        QTest.qWait(10)


if __name__ == "__main__":
    main()
