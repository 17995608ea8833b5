"""The export dialog: a new folder written off the UI thread, its count, Show in folder, and
the core's sentence (never a traceback) when the folder is taken."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core import clock
from app.core.csvio import format as f
from app.core.errors import OperationCancelledError
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.dialogs.export_dialog import ExportDialog


def make_dialog(qtbot: Any, journal: Journal) -> ExportDialog:
    dialog = ExportDialog(journal, ChangeBus())
    qtbot.addWidget(dialog)
    return dialog


def test_the_default_folder_is_named_for_the_journal_and_day(
    qtbot: Any, journal: Journal, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, journal)
    dialog.choose(tmp_path)
    assert dialog.name_edit.text() == f"test-export-{clock.today().isoformat()}"
    assert dialog.folder() == tmp_path / dialog.name_edit.text()


def test_export_writes_the_folder_and_offers_to_show_it(
    qtbot: Any, journal: Journal, tmp_path: Path
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    contacts.add_contact(journal, ContactFields("Bo"))
    dialog = make_dialog(qtbot, journal)
    opened: list[Path] = []
    dialog.open_folder = opened.append
    dialog.choose(tmp_path, "mine")
    dialog.show()

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter exports
    qtbot.waitUntil(lambda: dialog.summary is not None)

    folder = (tmp_path / "mine").absolute()
    assert sorted(p.name for p in folder.iterdir()) == sorted(spec.name for spec in f.EXPORTED)
    rows = sum(dialog.summary.rows.values()) if dialog.summary else 0
    assert rows == 4  # two people, each in contacts.csv and summary.csv
    assert dialog.message.text() == f"Exported 4 rows to {folder}"
    assert dialog.show_button.isVisible() and not dialog.export_button.isVisible()
    assert dialog.progress.isHidden()

    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert opened == [folder]


def test_an_existing_folder_is_refused_with_the_cores_sentence(
    qtbot: Any, journal: Journal, tmp_path: Path
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    dialog = make_dialog(qtbot, journal)
    dialog.choose(tmp_path, "taken")

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy())

    folder = (tmp_path / "taken").absolute()
    assert dialog.message.text() == f"{folder} already exists; Kith will not overwrite it."
    assert "Traceback" not in dialog.message.text()
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert dialog.export_button.isEnabled() and dialog.show_button.isHidden()


def test_choosing_a_parent_where_the_default_exists_picks_a_fresh_name(
    qtbot: Any, journal: Journal, tmp_path: Path
) -> None:
    today = clock.today()
    (tmp_path / f"test-export-{today.isoformat()}").mkdir()
    dialog = make_dialog(qtbot, journal)
    dialog.choose(tmp_path)
    assert dialog.name_edit.text() == f"test-export-{today.isoformat()}-2"


def test_every_control_has_an_accessible_name(qtbot: Any, journal: Journal) -> None:
    dialog = make_dialog(qtbot, journal)
    controls = [
        dialog.parent_edit,
        dialog.choose_button,
        dialog.name_edit,
        dialog.export_button,
        dialog.show_button,
        dialog.cancel_button,
        dialog.progress,
    ]
    assert all(control.accessibleName() for control in controls)


def test_escape_while_a_job_runs_cancels_it_and_keeps_the_dialog_open(
    qtbot: Any, journal: Journal
) -> None:
    dialog = make_dialog(qtbot, journal)
    dialog.show()
    started = threading.Event()

    def job(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> None:
        progress(0.5)
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        raise OperationCancelledError("The export was cancelled; nothing was kept.")

    dialog.run(job, lambda _result: None)
    qtbot.waitUntil(started.is_set)
    assert not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.busy())

    assert dialog.isVisible()
    assert dialog.message.text() == "The export was cancelled; nothing was kept."
    assert dialog.export_button.isEnabled()
