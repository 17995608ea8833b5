"""Scheduling the daily notification: a systemd user timer, else an XDG autostart entry.

Both are plain files under the user's own config folder (`$XDG_CONFIG_HOME`,
usually `~/.config`), owner-only, and `uninstall` removes exactly what `install`
wrote (files that say they are Kith's; nothing else is touched):

- **systemd** (where a user manager runs): `systemd/user/kith-notify.service` runs
  `kith notify --run` once, and `kith-notify.timer` starts it every morning at the
  hour chosen (`Persistent=true`: a morning the computer was off is caught up at
  the next start). The timer is enabled with `systemctl --user`.
- **autostart** (any XDG desktop): `autostart/kith-notify.desktop` runs the same
  command at each login; the run itself says nothing twice on one day.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import NotifierError

SERVICE = "kith-notify.service"
TIMER = "kith-notify.timer"
AUTOSTART = "kith-notify.desktop"
MARK = "Written by Kith (kith notify --install); `kith notify --uninstall` removes it."
SYSTEMD, XDG_AUTOSTART = "systemd", "autostart"
DEFAULT_AT = dt.time(9, 0)
WAIT_FOR_CLICK = 3600  # seconds; a click after that finds Kith's run ended


@dataclass(frozen=True)
class Schedule:
    """What `install` wrote or `uninstall` removed."""

    how: str  # SYSTEMD or XDG_AUTOSTART ("" when uninstall found nothing)
    files: tuple[Path, ...]

    def __str__(self) -> str:
        if not self.files:
            return "no daily notification was set up"
        listed = ", ".join(str(p) for p in self.files)
        return f"{self.how}: {listed}"


def config_home(environ: dict[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME`, or `~/.config`."""
    env = os.environ if environ is None else environ
    configured = env.get("XDG_CONFIG_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path(env.get("HOME") or Path.home()) / ".config"


def systemd_user_available(environ: dict[str, str] | None = None) -> bool:
    """Whether a systemd user manager runs for this user (its private socket is there)."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime or shutil.which("systemctl") is None:
        return False
    return (Path(runtime) / "systemd" / "private").exists()


def kith_command(journal: Path) -> list[str]:
    """The command the timer runs: this Kith's Python, on `journal`, listening an hour
    for a click on the notification (which opens Kith on Reflections)."""
    command = [sys.executable, "-m", "app", "--journal", str(journal), "notify", "--run"]
    return [*command, "--wait", str(WAIT_FOR_CLICK)]


def installed(environ: dict[str, str] | None = None) -> Schedule:
    """What is set up now (files of Kith's that exist)."""
    home = config_home(environ)
    found = [p for p in _paths(home) if p.exists() and MARK in _read(p)]
    how = SYSTEMD if any(p.name != AUTOSTART for p in found) else XDG_AUTOSTART
    return Schedule(how if found else "", tuple(found))


def install(
    journal: Path,
    *,
    at: dt.time = DEFAULT_AT,
    how: str | None = None,
    activate: bool = True,
    environ: dict[str, str] | None = None,
) -> Schedule:
    """Set up the daily notification for `journal` (replacing an earlier one).

    `how` is SYSTEMD or XDG_AUTOSTART (default: systemd where a user manager runs);
    `activate` enables the systemd timer (tests write the files only).
    """
    journal = Path(journal).expanduser().absolute()
    how = how or (SYSTEMD if systemd_user_available(environ) else XDG_AUTOSTART)
    home = config_home(environ)
    uninstall(activate=activate, environ=environ)
    command = kith_command(journal)
    if how == SYSTEMD:
        folder = home / "systemd" / "user"
        service = _write(folder / SERVICE, _service_text(command))
        timer = _write(folder / TIMER, _timer_text(at))
        if activate:
            _systemctl("daemon-reload")
            _systemctl("enable", "--now", TIMER)
        return Schedule(SYSTEMD, (service, timer))
    entry = _write(home / "autostart" / AUTOSTART, _desktop_text(command))
    return Schedule(XDG_AUTOSTART, (entry,))


def uninstall(*, activate: bool = True, environ: dict[str, str] | None = None) -> Schedule:
    """Remove the daily notification's files (only those Kith wrote)."""
    found = installed(environ)
    if activate and any(p.name == TIMER for p in found.files):
        _systemctl("disable", "--now", TIMER, check=False)
    for path in found.files:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise NotifierError(f"Kith could not remove {path}: {error.strerror}.") from error
    if activate and found.how == SYSTEMD:
        _systemctl("daemon-reload", check=False)
    return found


def _paths(home: Path) -> list[Path]:
    folder = home / "systemd" / "user"
    return [folder / SERVICE, folder / TIMER, home / "autostart" / AUTOSTART]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _write(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(path, 0o600)
    except OSError as error:
        raise NotifierError(f"Kith could not write {path}: {error.strerror}.") from error
    return path


def _systemd_quoted(command: Sequence[str]) -> str:
    # systemd.service(5): double quotes, backslash escapes; `%` is a specifier.
    def one(arg: str) -> str:
        escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
        return f'"{escaped}"'

    return " ".join(one(a) for a in command)


def _desktop_quoted(command: Sequence[str]) -> str:
    # Desktop Entry Specification, "The Exec key": quoted arguments, `%` doubled.
    def one(arg: str) -> str:
        escaped = arg
        for char in ("\\", '"', "`", "$"):
            escaped = escaped.replace(char, "\\" + char)
        return f'"{escaped}"'.replace("%", "%%")

    return " ".join(one(a) for a in command).replace("\\", "\\\\")


def _service_text(command: Sequence[str]) -> str:
    return (
        f"# {MARK}\n"
        "[Unit]\n"
        "Description=Kith: who is due for a moment together today\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={_systemd_quoted(command)}\n"
    )


def _timer_text(at: dt.time) -> str:
    return (
        f"# {MARK}\n"
        "[Unit]\n"
        "Description=Kith's morning reminder of who is due\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {at:%H:%M}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def _desktop_text(command: Sequence[str]) -> str:
    return (
        f"# {MARK}\n"
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Kith reminders\n"
        "Comment=Who is due for a moment together today\n"
        f"Exec={_desktop_quoted(command)}\n"
        "NoDisplay=true\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _systemctl(*args: str, check: bool = True) -> None:
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        if check:
            raise NotifierError(f"systemctl --user {' '.join(args)} failed ({error}).") from error
        return
    if check and done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise NotifierError(f"systemctl --user {' '.join(args)} failed: {reason}.")
