"""Save screenshots of every place, light and dark: `python tests/tools/screenshots.py OUT`.

Not a test: a way to look at Kith as a user would, on a demo journal.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.core.demo import generate_demo
from app.core.enums import Direction
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.reflection.thresholds import DEFAULTS
from app.core.services import coalitions, contacts, moments, prompts, trash
from app.core.store import Journal, open_journal
from app.ui.kit.forms import select_data
from app.ui.kit.theme import dark_palette
from app.ui.people.favor_dialog import FavorDialog
from app.ui.shell.main_window import MainWindow


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
            settle(window)
            rows = contacts.list_contacts(journal)
            busiest = max(rows, key=lambda r: r.favors_given + r.favors_received)
            window.people.select_person(busiest.id)
            while window.people.page_charts().busy():  # the charts read on their own
                QApplication.processEvents()
                time.sleep(0.01)
            shots = {"people": 0, "coalitions": 1, "journal": 2, "reflections": 3, "map": 4}
            for name, number in shots.items():
                window.go_to(number)
                if name == "coalitions":
                    window.coalitions.select_coalition(coalitions.list_coalitions(journal)[0].id)
                if name == "journal":
                    entries = window.journal_place
                    first = entries.model.index(0, 0) if hasattr(entries, "model") else None
                    if first is not None and first.isValid():
                        entries.select_entry(int(first.data(Qt.ItemDataRole.UserRole)))
                if name == "map":
                    settle(window)  # the map is drawn off the UI thread once it shows
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
        for scheme, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            person_banner(app, journal, settings, out, scheme)
            balance_chart(app, journal, settings, out, scheme)
        # As if Kith had been asking for a few days: coalitions get their questions too.
        prompts.reflections(journal, None, replace(DEFAULTS, daily_prompt_cap=20))
        for scheme, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            window = MainWindow(journal, settings)
            window.resize(1280, 800)
            window.show()
            settle(window)
            window.go_to(1)
            party = next(c for c in coalitions.list_coalitions(journal) if "Street Party" in c.name)
            window.coalitions.select_coalition(party.id)
            app.processEvents()
            window.grab().save(str(out / f"coalition-banner-{scheme}.png"))
            window.go_to(3)
            app.processEvents()
            window.grab().save(str(out / f"reflections-more-{scheme}.png"))
            window.close()
    empty_journal.close()


def settle(window: MainWindow) -> None:
    """Let the work that runs off the UI thread (prompts, indexes) finish."""
    while any(place.busy() for place in window.places):
        QApplication.processEvents()
        time.sleep(0.01)


def person_banner(
    app: QApplication, journal: Journal, settings: QSettings, out: Path, scheme: str
) -> None:
    """A friend's page right after a third tit-for-tat favor, logged through the dialog."""
    today = dt.date.today()
    dana = contacts.add_contact(journal, ContactFields("Dana Ortiz", notes="")).new_id or 0
    for ago in range(1500, 99, -30):
        day = today - dt.timedelta(days=ago)
        moments.log_moment(journal, MomentFields(day, (dana,), warmth=5))
    asked = FavorFields(
        dana, "received", today - dt.timedelta(days=20), "Helped me move", 3, "explicit"
    )
    lent = moments.log_favor(journal, asked).new_id
    back = FavorFields(
        dana,
        "given",
        today - dt.timedelta(days=16),
        "Drove her to the airport",
        2,
        "explicit",
        lent,
    )
    moments.log_favor(journal, back)
    window = MainWindow(journal, settings)
    window.resize(1280, 800)
    window.show()
    settle(window)
    window.go_to(0)
    window.people.select_person(dana)
    window.people.log_favor(Direction.RECEIVED)
    dialog = window.people.dialog
    assert isinstance(dialog, FavorDialog)
    dialog.description.setText("Lent me her car for the weekend")
    day = today - dt.timedelta(days=3)
    dialog.occurred_on.setDate(QDate(day.year, day.month, day.day))
    select_data(dialog.expectation, "explicit")
    dialog.save_button.click()
    app.processEvents()
    window.grab().save(str(out / f"person-banner-{scheme}.png"))
    card = window.people.page.banner.cards[0]
    for name, ask in (("dismiss", card.dismiss_button.click), ("snooze", card.snooze_pick.trigger)):
        ask()
        app.processEvents()
        asked = window.people.prompt_actions.dialog
        if asked is not None:
            asked.grab().save(str(out / f"{name}-dialog-{scheme}.png"))
            asked.reject()
    window.close()
    trash.move_to_trash(journal, "contact", dana)


def balance_chart(
    app: QApplication, journal: Journal, settings: QSettings, out: Path, scheme: str
) -> None:
    """The page of the demo friend who turned most clearly toward trading favors."""
    read = prompts.readings(journal, dt.date.today())
    turned = [r for r in read.values() if any(s.rule == "turning" and s.fired for s in r.signals)]
    who = max(turned or read.values(), key=lambda r: r.index)
    window = MainWindow(journal, settings)
    window.resize(1600, 900)  # wide enough that the page gives the chart room
    window.show()
    window.go_to(0)
    window.people.select_person(who.contact_id)
    settle(window)
    while window.people.page_charts().busy():  # the charts read on their own
        QApplication.processEvents()
        time.sleep(0.01)
    app.processEvents()
    window.grab().save(str(out / f"balance-window-{scheme}.png"))
    window.people.page.grab().save(str(out / f"balance-{scheme}.png"))
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
