"""The daily notification, against a real session bus (a dbus-daemon started here) and a
notification service stub (tests/tools/notification_server.py); the timer and autostart
files written and removed under a temporary HOME, and checked by systemd-analyze and
desktop-file-validate where those are installed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.core import cipher, encryption
from app.core.errors import NotifierError
from app.core.notifier import desktop, schedule
from app.core.notifier.message import LOCKED_TITLE, TITLE, Notice, due_lines, notice_for
from app.core.records import ContactFields, MomentFields
from app.core.services import contacts, moments
from app.core.services.due import due
from app.core.store import create_journal

TOOLS = Path(__file__).parent / "tools"
TODAY = dt.date.today()

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed"
)


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus for this test: its address, set in the environment."""
    socket_path = tmp_path / "bus"
    daemon = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--nopidfile",
            f"--address=unix:path={socket_path}",
            "--print-address=1",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def start_server(tmp_path: Path, mode: str, address: str) -> tuple[subprocess.Popen[str], Path]:
    log = tmp_path / "notifications.jsonl"
    server = subprocess.Popen(
        [sys.executable, str(TOOLS / "notification_server.py"), str(log), mode],
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        text=True,
    )
    ready = tmp_path / "ready"
    for _ in range(200):  # the server's start-up, not a timing assertion
        if ready.exists() or server.poll() is not None:
            break
        subprocess.run(["sleep", "0.05"], check=False)
    assert ready.exists(), "the notification server stub did not start"
    return server, log


@pytest.fixture
def server(tmp_path: Path, session_bus: str) -> Iterator[Path]:
    process, log = start_server(tmp_path, "none", session_bus)
    yield log
    process.terminate()
    process.wait(timeout=10)


def shown(log: Path) -> list[dict[str, object]]:
    return (
        [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []
    )


def journal_with_someone_due(path: Path) -> None:
    with create_journal(path) as journal:
        sam = contacts.add_contact(journal, ContactFields("Sam", keep_in_touch_days=30)).new_id
        long_ago = TODAY - dt.timedelta(days=95)
        moments.log_moment(journal, MomentFields(long_ago, (sam or 0,), warmth=4))
        soon = TODAY + dt.timedelta(days=2)
        contacts.add_contact(journal, ContactFields("Lee", birthday=soon.strftime("--%m-%d")))


@needs_dbus
def test_kith_notify_run_shows_the_windows_due_list_on_the_session_bus(
    tmp_path: Path, server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "j.kith"
    journal_with_someone_due(path)

    assert main(["--journal", str(path), "notify", "--run"]) == 0
    [call] = shown(server)
    with create_journal(tmp_path / "other.kith"):  # a second, unrelated journal: untouched
        pass
    from app.core.store import open_journal

    with open_journal(path) as journal:
        expected = due_lines(due(journal, TODAY))
    assert call["title"] == TITLE
    assert str(call["body"]).splitlines() == expected
    assert call["actions"] == ["default", "Open Kith"]
    assert call["hints"] == {"desktop-entry": "kith", "category": "reminder"}
    # Once a day: a second run (another login) says nothing; --force says it again.
    assert main(["--journal", str(path), "notify", "--run"]) == 0
    assert len(shown(server)) == 1
    assert main(["--journal", str(path), "notify", "--run", "--force"]) == 0
    assert len(shown(server)) == 2


@needs_dbus
@pytest.mark.parametrize(("mode", "clicked"), [("click", True), ("close", False)])
def test_a_click_on_the_notification_is_heard(
    tmp_path: Path, session_bus: str, mode: str, clicked: bool
) -> None:
    process, log = start_server(tmp_path, mode, session_bus)
    try:
        sent = desktop.notify(Notice(TITLE, "It's been 95 days since you last saw Sam."), wait=20)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (sent.notification_id, sent.clicked) == (1, clicked)
    assert len(shown(log)) == 1


@needs_dbus
def test_an_encrypted_journal_is_never_opened_the_notification_says_it_is_locked(
    tmp_path: Path, server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("KITH_PASSPHRASE", raising=False)
    path = tmp_path / "secret.kith"
    journal_with_someone_due(path)
    encryption.encrypt_journal(path, "correct horse battery staple")
    before = path.read_bytes()

    assert main(["--journal", str(path), "notify", "--run"]) == 0
    [call] = shown(server)
    assert call["title"] == LOCKED_TITLE
    assert "Sam" not in str(call["body"]) and "encrypted" in str(call["body"])
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()  # not even opened


@needs_dbus
def test_no_notification_service_is_one_sentence(
    tmp_path: Path, session_bus: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.kith"
    journal_with_someone_due(path)
    code = main(["--journal", str(path), "notify", "--run", "--force"])
    assert code == NotifierError.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no notification service" in err[0]


def test_a_bus_address_that_is_not_a_local_socket_is_refused() -> None:
    with pytest.raises(NotifierError, match="not a local socket"):
        desktop.session_address({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=192.0.2.1,port=55556"})
    both = "tcp:host=192.0.2.1,port=1;unix:path=/run/user/1000/bus"
    assert desktop.session_address({"DBUS_SESSION_BUS_ADDRESS": both}) == (
        "unix:path=/run/user/1000/bus"
    )


def test_nothing_due_means_no_notification(tmp_path: Path) -> None:
    path = tmp_path / "j.kith"
    with create_journal(path) as journal:
        contacts.add_contact(journal, ContactFields("Kim", keep_in_touch_days=30))
    assert notice_for(path) is None


# ---- the schedule ------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "home with space"
    folder.mkdir()
    return {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config")}


def test_the_systemd_timer_is_written_and_removed_cleanly(
    tmp_path: Path, home: dict[str, str]
) -> None:
    journal = tmp_path / "my 100% journal.kith"
    done = schedule.install(
        journal, at=dt.time(8, 30), how=schedule.SYSTEMD, activate=False, environ=home
    )
    units = Path(home["XDG_CONFIG_HOME"]) / "systemd" / "user"
    assert {p.name for p in done.files} == {"kith-notify.service", "kith-notify.timer"}
    service = (units / "kith-notify.service").read_text("utf-8")
    timer = (units / "kith-notify.timer").read_text("utf-8")
    assert "OnCalendar=*-*-* 08:30:00" in timer and "Persistent=true" in timer
    assert '"my 100%% journal.kith"' not in service  # the whole path is one argument:
    assert f'"{str(journal).replace("%", "%%")}"' in service
    for path in done.files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    analyze = shutil.which("systemd-analyze")
    if analyze is not None:  # systemd's own reader of unit files
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        check = subprocess.run(
            [analyze, "verify", "--user", "--man=no", *(str(p) for p in done.files)],
            capture_output=True,
            text=True,
            env={**os.environ, **home, "XDG_RUNTIME_DIR": str(runtime)},
            check=False,
        )
        assert (check.returncode, check.stderr.strip()) == (0, ""), check.stderr
    (units / "someone-elses.timer").write_text("[Timer]\n", "utf-8")
    removed = schedule.uninstall(activate=False, environ=home)
    assert set(removed.files) == set(done.files)
    assert sorted(p.name for p in units.iterdir()) == ["someone-elses.timer"]
    assert schedule.installed(home).files == ()


def test_the_autostart_entry_is_written_and_removed_cleanly(
    tmp_path: Path, home: dict[str, str]
) -> None:
    journal = tmp_path / 'odd "name" $HOME.kith'
    done = schedule.install(journal, how=schedule.XDG_AUTOSTART, environ=home)
    [entry] = done.files
    assert entry == Path(home["XDG_CONFIG_HOME"]) / "autostart" / "kith-notify.desktop"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        check = subprocess.run([validate, str(entry)], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
    text = entry.read_text("utf-8")
    assert "Exec=" in text and "notify" in text and "--run" in text
    assert schedule.installed(home).how == schedule.XDG_AUTOSTART
    assert schedule.uninstall(environ=home).files == (entry,)
    assert not entry.exists()
    assert schedule.uninstall(environ=home).files == ()  # twice is fine


def test_kith_notify_install_and_uninstall_from_the_command_line(
    tmp_path: Path,
    home: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in home.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))  # no user manager here
    path = tmp_path / "j.kith"
    assert main(["--journal", str(path), "notify", "--install", "--at", "07:45"]) == 0
    assert "autostart" in capsys.readouterr().out
    assert main(["--journal", str(path), "notify", "--status"]) == 0
    assert "kith-notify.desktop" in capsys.readouterr().out
    assert main(["--journal", str(path), "notify", "--uninstall"]) == 0
    assert main(["--journal", str(path), "notify", "--status"]) == 0
    assert "no daily notification" in capsys.readouterr().out


# ---- with no network at all --------------------------------------------------------------


@needs_dbus
def test_the_notifier_reaches_the_session_bus_with_the_network_blocked(
    tmp_path: Path, server: Path, session_bus: str
) -> None:
    """Under the no-network guard (and `unshare -n` where allowed): the local socket of the
    session bus still works, nothing else is tried."""
    from tests.test_privacy import run_offline

    path = tmp_path / "j.kith"
    journal_with_someone_due(path)
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    args = ["-c", code, "--journal", str(path), "notify", "--run"]
    result, attempts = run_offline(args, tmp_path, {"DBUS_SESSION_BUS_ADDRESS": session_bus})
    assert result.returncode == 0, result.stderr
    assert attempts == ""
    assert len(shown(server)) == 1

    tcp = {"DBUS_SESSION_BUS_ADDRESS": "tcp:host=127.0.0.1,port=55556"}
    result, attempts = run_offline([*args, "--force"], tmp_path, tcp)
    assert result.returncode == NotifierError.exit_code
    assert "not a local socket" in result.stderr and "Traceback" not in result.stderr
    assert attempts == ""  # refused before any socket was made
