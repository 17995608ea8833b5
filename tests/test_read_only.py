"""A journal Kith can read but not write is refused at open, in one sentence.

Never a crash, nor a "damaged" verdict, at the first save. A read-only file and a
read-only folder (SQLite keeps its `-wal` and `-shm` beside the journal, Kith its
lock and backups) are tried with and without a `-wal` left by a crash.

Root ignores file permissions, and the suite runs as root in CI: there, each
refusal is tried as another user (uid 65534, "nobody") by switching the
effective user id for the duration of the open, so that the operating system's
own refusal is what is tested. The journal then lives in a folder of its own
under the system's temporary folder, since pytest's is closed to other users.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app import cli
from app.core import store
from app.core.errors import JournalAccessError
from app.core.records import ContactFields
from app.core.services import contacts, overview
from app.ui.bus import ChangeBus
from app.ui.people.person_dialog import ContactDialog
from app.ui.shell import app as ui_main
from app.ui.shell.journal_files import Choice

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")

AS_ROOT = os.geteuid() == 0
OTHER_USER = 65534  # "nobody": any id that is not root will do, even without a name
MODES = ["file", "folder", "both"]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """Where the test journal's folder goes: reachable by the user the test acts as."""
    if not AS_ROOT:
        yield tmp_path
        _make_writable(tmp_path)  # so that pytest can clean up
        return
    base = Path(tempfile.mkdtemp(prefix="kith-read-only-"))
    base.chmod(0o711)  # others may pass through, not list
    try:
        yield base
    finally:
        shutil.rmtree(base)


def _make_writable(top: Path) -> None:
    for path in [top, *top.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)


@contextlib.contextmanager
def as_owner() -> Iterator[None]:
    """Act as the journal's owner: as root, switch to the other user for the block."""
    if not AS_ROOT:
        yield
        return
    os.setegid(OTHER_USER)
    os.seteuid(OTHER_USER)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def make_journal(home: Path, mode: str, *, wal: bool) -> Path:
    """A journal holding Ana, its file and/or folder made read-only (`mode`).

    With `wal`, the folder also holds the `-wal` and `-shm` of a writer that died
    before checkpointing (copied while it was open, as a crash would leave them).
    """
    folder = home / "journals"
    made = store.create_journal(home / "made" / "j.kith")
    contacts.add_contact(made, ContactFields("Ana"))
    folder.mkdir()
    names = ["j.kith", "j.kith-wal", "j.kith-shm"] if wal else ["j.kith"]
    if not wal:
        made.close()
    for name in names:
        shutil.copy2(made.path.with_name(name), folder / name)
    if wal:
        made.close()
    (folder / "j.kith.lock").touch(0o600)  # left by Kith's earlier opens, as in life
    if AS_ROOT:
        for path in [folder, *folder.iterdir()]:
            os.chown(path, OTHER_USER, OTHER_USER)
    if mode in ("file", "both"):
        (folder / "j.kith").chmod(0o400)
    if mode in ("folder", "both"):
        folder.chmod(0o500)
    return folder / "j.kith"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("wal", [False, True], ids=["clean", "wal-left"])
@pytest.mark.parametrize("mode", MODES)
def test_a_read_only_journal_is_refused_at_open_and_left_untouched(
    home: Path, mode: str, wal: bool
) -> None:
    path = make_journal(home, mode, wal=wal)
    before = snapshot(path.parent)

    with as_owner(), pytest.raises(JournalAccessError) as caught:
        store.open_journal(path)

    sentence = str(caught.value)
    assert "can only be read, not written" in sentence
    assert "untouched" in sentence
    assert ("folder" in sentence) == (mode == "folder")
    assert "\n" not in sentence
    assert snapshot(path.parent) == before  # not even the lock file was written


@pytest.mark.parametrize("command", [["check"], ["prompts"], ["export"], ["backup"]])
@pytest.mark.parametrize("mode", MODES)
def test_the_cli_refuses_a_read_only_journal_in_one_line_with_exit_code_10(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    command: list[str],
) -> None:
    path = make_journal(home, mode, wal=True)
    monkeypatch.chdir(home)  # `kith export` would write here; it must not get that far

    with as_owner():
        code = cli.main(["--journal", str(path), *command])

    out, err = capsys.readouterr()
    assert code == JournalAccessError.exit_code == 10
    assert out == ""
    assert err.startswith("kith: ") and err.count("\n") == 1
    assert "can only be read" in err and "Traceback" not in err


@pytest.mark.parametrize("mode", MODES)
def test_the_window_refuses_a_read_only_journal_with_its_sentence_and_a_choice(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    path = make_journal(home, mode, wal=False)
    asked: list[str] = []

    def quit_after(message: str, parent: object = None) -> Choice:
        asked.append(message)
        return Choice.QUIT

    monkeypatch.setattr(ui_main, "ask_after_failure", quit_after)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    kith = ui_main.KithApp(app, settings)

    with as_owner():
        opened = kith.open(path, create=False)

    assert opened is False and kith.window is None
    (message,) = asked
    assert "can only be read" in message


def test_a_journal_that_turns_read_only_while_open_keeps_the_dialog_and_its_words(
    qtbot: QtBot, journal: store.Journal
) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))
    before = overview.record_counts(journal)

    # query_only makes SQLite refuse writes exactly as for a read-only file, even as root.
    def read_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(journal.engine, "connect", read_only)
    journal.engine.dispose()
    dialog = ContactDialog(journal, ChangeBus())
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name, "Ben Okafor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "can only be read" in dialog.general_error.text()
    assert dialog.name.text() == "Ben Okafor"
    assert overview.record_counts(journal) == before

    event.remove(journal.engine, "connect", read_only)
    journal.engine.dispose()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [c.name for c in contacts.list_contacts(journal)] == ["Ana", "Ben Okafor"]
