"""A short session in Kith's window, run by tests/test_privacy.py in a child process.

Not collected by the normal suite (its name does not start with `test_`): the
privacy test runs it with pytest in a process whose network is blocked, to
show that a real session never needs one. It opens a demo journal the way
start-up does, logs a moment through its dialog, searches, visits every place
and closes the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.demo import generate_demo
from app.core.services import contacts, timeline
from app.ui.people.moment_dialog import MomentDialog
from app.ui.shell import app as ui_main


def test_a_short_session_in_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.kith"
    generate_demo(path, contacts=12, seed=3)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    kith = ui_main.KithApp(app, settings)
    assert kith.open(path, create=False)
    window, journal = kith.window, kith.journal
    assert window is not None and journal is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)

    (someone, name), *_ = contacts.search_contacts(journal, "", limit=1)
    window.people.select_person(someone)
    window.act_moment.trigger()
    dialog = window.people.dialog
    assert isinstance(dialog, MomentDialog)
    qtbot.keyClicks(dialog.note, "Walked along the river, no phones")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    notes = [item.text for item in timeline.person_timeline(journal, someone)]
    assert "Walked along the river, no phones" in notes

    window.act_find.trigger()
    query = name[:3]
    qtbot.keyClicks(window.people.search, query)

    def shown() -> list[str]:
        model = window.people.model
        return [str(model.index(row, 0).data()) for row in range(model.rowCount())]

    qtbot.waitUntil(lambda: name in shown())
    assert all(query.lower() in person.lower() for person in shown())
    for place in range(len(window.places)):
        window.go_to(place)
        assert window.current_place() is window.places[place]

    window.close()
    kith.close()
    settings.sync()
