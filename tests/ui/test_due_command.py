"""`kith due` says what the window's "Staying in touch" list shows, in the same order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.cli import main
from app.core.records import ContactFields, MomentFields
from app.core.services import contacts, moments
from app.core.store import Journal, create_journal
from app.ui.shell.main_window import MainWindow

TODAY = dt.date.today()


def fill(journal: Journal) -> None:
    """Overdue people, birthdays (one with no year, one today) and someone not due."""
    for name, every, ago in (("Sam", 30, 95), ("Ana", 10, 40), ("Kim", 60, 10)):
        who = contacts.add_contact(journal, ContactFields(name, keep_in_touch_days=every))
        day = TODAY - dt.timedelta(days=ago)
        moments.log_moment(journal, MomentFields(day, (who.new_id or 0,), warmth=3))
    for name, ahead, year in (("Lee", 3, None), ("Rosa", 0, 1990), ("Far", 40, None)):
        on = TODAY + dt.timedelta(days=ahead)
        birthday = on.strftime(f"{year}-%m-%d" if year else "--%m-%d")
        contacts.add_contact(journal, ContactFields(name, birthday=birthday))


def test_kith_due_lists_what_the_window_lists(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.kith"
    journal = create_journal(path)
    fill(journal)
    window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window, before_close_func=lambda _w: window.reflections.due_panel.wait())
    window.show()
    panel = window.reflections.due_panel
    qtbot.waitUntil(lambda: panel.count() == 4)
    shown = [
        panel.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(panel.count())
    ]
    window.close()
    journal.close()  # `kith due` opens the file itself, as from a terminal

    assert main(["--journal", str(path), "due"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == shown
    assert printed[0].startswith("Rosa turns")  # birthdays first, today's first

    assert main(["--journal", str(path), "due", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    sentences = [b["sentence"] for b in document["birthdays"]] + [
        o["sentence"] for o in document["overdue"]
    ]
    assert sentences == shown
    assert document["as_of"] == TODAY.isoformat()


def test_kith_due_as_of_another_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.kith"
    journal = create_journal(path)
    fill(journal)
    journal.close()
    later = TODAY + dt.timedelta(days=400)
    assert main(["--journal", str(path), "due", "--as-of", later.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("Kim" in line for line in lines)  # overdue by then
    with pytest.raises(SystemExit) as refused:
        main(["--journal", str(path), "due", "--as-of", "someday"])
    assert refused.value.code == 2
    assert "is not a day" in capsys.readouterr().err
