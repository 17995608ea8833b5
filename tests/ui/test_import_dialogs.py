"""The two import dialogs: a Kith CSV export read back after a preview (or refused with
every problem listed), and people from a vCard file shown row by row before they are added."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from app.core.changes import Changed
from app.core.csvio import export_journal
from app.core.demo import generate_demo
from app.core.enums import Tie
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments
from app.core.store import Journal, create_journal, open_journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.import_dialog import ImportDialog
from app.ui.dialogs.people_import_dialog import PeopleImportDialog
from app.ui.kit.forms import select_data
from app.ui.shell.main_window import MainWindow

DAY = dt.date(2024, 3, 1)
VCARDS = Path(__file__).parent.parent / "data" / "people-v30.vcf"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An export of a small journal built through the services."""
    with create_journal(tmp_path / "source.kith") as source:
        ana = contacts.add_contact(source, ContactFields("Ana", email="ana@example.org")).new_id
        bo = contacts.add_contact(source, ContactFields("Bo")).new_id
        assert ana is not None and bo is not None
        moments.log_moment(source, MomentFields(DAY, (ana, bo), note="coffee"))
        moments.log_favor(source, FavorFields(ana, "given", DAY, "lent a ladder", 2))
        export_journal(source, tmp_path / "export")
    return tmp_path / "export"


def import_dialog(qtbot: Any, journal: Journal, bus: ChangeBus) -> ImportDialog:
    dialog = ImportDialog(journal, bus)
    qtbot.addWidget(dialog)
    return dialog


def listed(dialog: ImportDialog | PeopleImportDialog) -> list[str]:
    return dialog.details.stringList() if dialog.details_view.isVisibleTo(dialog) else []


def notices(bus: ChangeBus) -> list[str]:
    said: list[str] = []
    bus.notice.connect(lambda message, _undo: said.append(message))
    return said


# ---- Kith CSV -------------------------------------------------------------------------------


def test_an_export_restores_into_an_empty_journal(qtbot: Any, tmp_path: Path, export: Path) -> None:
    bus = ChangeBus()
    said = notices(bus)
    with create_journal(tmp_path / "restored.kith") as target:
        dialog = import_dialog(qtbot, target, bus)
        assert not dialog.import_button.isEnabled()
        dialog.choose(export)
        qtbot.waitUntil(lambda: dialog.plan is not None)

        lines = listed(dialog)
        assert lines[0] == f"Full restore of {export} into an empty journal; ids are kept."
        assert lines[1] == "people: 2 (2 new, 0 already in the journal)"
        assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()

        with qtbot.waitSignal(bus.changed) as published:
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

        assert isinstance(published.args[0], Changed) and "contact" in published.args[0].kinds
        assert [row.name for row in contacts.list_contacts(target)] == ["Ana", "Bo"]
        qtbot.waitUntil(lambda: dialog.result() == ImportDialog.DialogCode.Accepted)
        assert said and said[0].startswith("Imported ")


def _spoil_first_favor_weight(folder: Path) -> None:
    path = folder / "favors.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    rows[1][rows[0].index("weight")] = "7"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def test_a_malformed_export_lists_the_problem_and_cannot_be_imported(
    qtbot: Any, journal: Journal, export: Path
) -> None:
    _spoil_first_favor_weight(export)
    dialog = import_dialog(qtbot, journal, ChangeBus())
    dialog.choose(export)
    qtbot.waitUntil(lambda: not dialog.busy())

    problem = "favors.csv line 2, column weight: the weight 7 is not between 1 and 5"
    assert dialog.message.text() == f"Nothing was imported: {problem}."
    assert listed(dialog) == [problem]
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    dialog.import_()  # even asked directly, nothing happens
    assert not dialog.busy() and contacts.list_contacts(journal) == []


def test_escape_closes_the_import_dialog_when_idle(qtbot: Any, journal: Journal) -> None:
    dialog = import_dialog(qtbot, journal, ChangeBus())
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == ImportDialog.DialogCode.Rejected and not dialog.isVisible()


# ---- people ---------------------------------------------------------------------------------


def people_dialog(qtbot: Any, journal: Journal, bus: ChangeBus) -> PeopleImportDialog:
    dialog = PeopleImportDialog(journal, bus)
    qtbot.addWidget(dialog)
    return dialog


def table(dialog: PeopleImportDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_people_are_previewed_then_the_new_ones_imported(qtbot: Any, journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Ann Lee", Tie.KIN, email="ann@example.org"))
    bus = ChangeBus()
    said = notices(bus)
    dialog = people_dialog(qtbot, journal, bus)
    assert dialog.tie() == Tie.ACQUAINTANCE
    dialog.choose(VCARDS)
    qtbot.waitUntil(lambda: dialog.preview is not None)

    rows = table(dialog)
    assert [(row[0], row[5]) for row in rows] == [
        ("Chidi Okafor, Jr.", "New"),
        ("ليلى حداد", "New"),
        ("ann LEE", "Matches Ann Lee"),
        ("Chidi Okafor, Jr.", "Skipped — the same person as line 1 of this file"),
    ]
    assert rows[0][1:5] == (
        "chidi@home.example",
        "+234 1 000 0000",
        "Lagos Makers; Co-op, Events",
        "--07-21",
    )
    assert dialog.counts.text() == "2 new, 1 already in your journal, 1 skipped"
    assert dialog.import_button.isEnabled()

    select_data(dialog.tie_combo, Tie.FRIEND.value)
    with qtbot.waitSignal(bus.changed) as published:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert "contact" in published.args[0].kinds
    people = {row.name: row.tie for row in contacts.list_contacts(journal)}
    assert people == {
        "Ann Lee": Tie.KIN,  # a matched person is left as they are
        "Chidi Okafor, Jr.": Tie.FRIEND,
        "ليلى حداد": Tie.FRIEND,
    }
    assert said == [f"Added 2 people from {VCARDS}."]


def test_an_unreadable_file_says_why_and_imports_nothing(
    qtbot: Any, journal: Journal, tmp_path: Path
) -> None:
    dialog = people_dialog(qtbot, journal, ChangeBus())
    dialog.choose(tmp_path / "missing.vcf")
    qtbot.waitUntil(lambda: not dialog.busy())
    assert dialog.message.text() and "Traceback" not in dialog.message.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_the_preview_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, journal: Journal
) -> None:
    dialog = people_dialog(qtbot, journal, ChangeBus())
    dialog.choose(VCARDS)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.details)


def test_every_control_has_an_accessible_name(qtbot: Any, journal: Journal) -> None:
    people = people_dialog(qtbot, journal, ChangeBus())
    kith = import_dialog(qtbot, journal, ChangeBus())
    controls = [
        people.file_edit,
        people.choose_button,
        people.view,
        people.tie_combo,
        people.import_button,
        people.cancel_button,
        kith.folder_edit,
        kith.choose_button,
        kith.details_view,
        kith.import_button,
    ]
    assert all(control.accessibleName() for control in controls)


def test_after_a_people_import_likely_duplicates_are_offered(qtbot: Any, journal: Journal) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.people.duplicates_dialog import DuplicatesDialog

    contacts.add_contact(journal, ContactFields("Okafor Chidi", Tie.FRIEND, phone="01 000 0000"))
    bus = ChangeBus()
    window = QWidget()
    qtbot.addWidget(window)
    dialog = PeopleImportDialog(journal, bus, window)
    dialog.choose(VCARDS)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(DuplicatesDialog) is not None)
    offered = window.findChild(DuplicatesDialog)
    assert isinstance(offered, DuplicatesDialog)
    qtbot.waitUntil(offered.isVisible)
    assert offered.model.rowCount() == 1
    assert offered.model.index(0, 0).data() == "similar names (89%)"
    assert "among the people just imported" in offered.state.text()
    offered.reject()


def test_reimporting_an_export_is_previewed_as_already_there_and_can_be_undone(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "demo.kith"
    generate_demo(path, contacts=12, today=dt.date(2026, 11, 24))
    with open_journal(path) as journal:
        export_journal(journal, tmp_path / "export", as_of=dt.date(2026, 11, 24))
        people = len(contacts.list_contacts(journal))
        window = MainWindow(journal, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        asked: list[object] = []
        window.act_restore.restore_requested.connect(asked.append)
        notices: list[tuple[str, object]] = []
        window.bus.notice.connect(lambda text, undo: notices.append((text, undo)))
        dialog = ImportDialog(journal, window.bus, window)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.choose(tmp_path / "export")
        qtbot.waitUntil(lambda: dialog.plan is not None)
        assert dialog.back_up.isVisible() and dialog.back_up.isChecked()
        assert any(line.startswith("moments:") and "0 new" in line for line in listed(dialog))
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == ImportDialog.DialogCode.Accepted)
        assert len(contacts.list_contacts(journal)) == people
        ((text, undo),) = notices
        assert "Undo restores the backup" in text and callable(undo)
        assert dialog.backup is not None and dialog.backup.exists()
        undo()
        assert asked == [dialog.backup]
