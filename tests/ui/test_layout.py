"""Every place and dialog, with a question showing, a 200-letter name and the demo's
busiest person, at 820×520, 1280×800 and 1920×1080 and at 150% and 200%: nothing
drawn over anything, nothing outside its window, no word cut without "…".

The scale is fixed when Qt starts, so each screen runs layout_check.py in its own
process (all at once); the offscreen platform is told the screen's size.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.core.demo import generate_demo
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal, open_journal
from app.ui.bus import ChangeBus
from app.ui.kit.fitting import ElidedLabel
from app.ui.people.place import PeoplePlace
from app.ui.shell.main_window import MainWindow

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from layout_check import LONG_NAME  # noqa: E402

# (QT_SCALE_FACTOR, the screen in device pixels)
SCREENS = (("1", 1920, 1200), ("1.5", 2880, 1800), ("2", 2880, 1800), ("1.5", 1440, 900))


def make_journal(path: Path) -> None:
    generate_demo(path, today=dt.date(2026, 11, 24))
    with open_journal(path) as journal:
        contacts.add_contact(
            journal,
            ContactFields(
                LONG_NAME,
                organization="Wolkenstein-Trostburg Verwaltungsgesellschaft mbH " * 2,
                how_met="at the very long conference on the future of long conferences " * 2,
                notes="We met on the stairs and talked until the lights went out. " * 12,
            ),
        )


def test_no_place_or_dialog_overlaps_spills_or_clips_at_any_size_or_scale(
    tmp_path: Path,
) -> None:
    running = []
    for number, (scale, width, height) in enumerate(SCREENS):
        folder = tmp_path / f"screen{number}"
        folder.mkdir()
        journal = folder / "layout.kith"
        make_journal(journal)
        screen = folder / "screen.json"
        screens = [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]
        screen.write_text(json.dumps({"screens": screens}))
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
            "QT_SCALE_FACTOR": scale,
            "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder),
        }
        running.append(
            subprocess.Popen(
                [sys.executable, str(HERE / "layout_check.py"), str(journal)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    problems: list[str] = []
    for process, (scale, width, height) in zip(running, SCREENS, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        *lines, last = out.splitlines()
        assert json.loads(last)["checked"] >= 20  # every place and dialog
        for line in lines:
            seen = json.loads(line)
            problems.append(f"{scale}× on {width}×{height}, {seen['shown']}: {seen['problem']}")
    assert problems == []


def test_a_long_name_is_cut_short_on_one_line_with_the_whole_name_in_its_tooltip(
    qtbot: QtBot, journal: Journal
) -> None:
    who = contacts.add_contact(journal, ContactFields(LONG_NAME)).new_id or 0
    place = PeoplePlace(journal, ChangeBus())
    qtbot.addWidget(place)
    place.resize(1000, 600)
    place.show()
    place.select_person(who)
    qtbot.waitUntil(lambda: place.page.name.isVisible())
    name = place.page.name
    assert isinstance(name, ElidedLabel) and name.is_elided()
    assert name.toolTip() == LONG_NAME and name.text() == LONG_NAME
    assert name.height() < 3 * name.fontMetrics().height()  # one line, not a wall


def test_a_long_status_message_is_cut_before_the_undo_button(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    contacts.add_contact(journal, ContactFields("Ana"))
    window = MainWindow(journal, settings)
    qtbot.addWidget(window)
    window.resize(820, 520)
    window.show()
    qtbot.waitExposed(window)
    window.bus.say(f"Moved {LONG_NAME} to the trash", lambda: None)
    qtbot.waitUntil(window.undo_button.isVisible)
    notice, undo = window.notice, window.undo_button
    assert notice.is_elided() and LONG_NAME in notice.toolTip()
    right_of_notice = notice.mapTo(window, notice.rect().topRight()).x()
    assert right_of_notice < undo.mapTo(window, undo.rect().topLeft()).x()
    assert undo.mapTo(window, undo.rect().topRight()).x() <= window.width()
