"""Before Qt starts: no display, or Qt's system libraries missing, is one sentence and a code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from app.ui.shell.display import (
    GUI,
    WAYLAND_PLATFORM,
    XCB,
    XCB_PLATFORM,
    LibrariesMissingError,
    NoDisplayError,
    Platform,
    SystemLibrary,
    check_display,
    platforms_to_try,
)

QT = Path(PySide6.__file__).parent / "Qt"
ABSENT = SystemLibrary("libkith-absent.so.0", "libkith-absent0", "kith-absent-libs")
# Loaded from the system by every program; no desktop is without them.
BASE = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1"}


def run_kith(
    env_changes: dict[str, str | None], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    journal = tmp_path / "j.kith"
    return subprocess.run(
        [sys.executable, "-m", "app", "--journal", str(journal), "--exit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_no_display_kith_says_so_in_one_sentence(tmp_path: Path) -> None:
    gone = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None}
    result = run_kith({**gone, "XDG_SESSION_TYPE": None}, tmp_path)

    assert result.returncode == 20
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "needs a graphical desktop" in result.stderr
    assert not (tmp_path / "j.kith").exists()


def test_a_missing_xcb_library_names_the_packages_to_install(tmp_path: Path) -> None:
    # A file the loader finds first and cannot load: as good as not installed.
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-cursor.so.0").write_bytes(b"not a library")
    env = {"DISPLAY": ":404", "QT_QPA_PLATFORM": None, "XDG_SESSION_TYPE": None}
    result = run_kith({**env, "LD_LIBRARY_PATH": str(broken)}, tmp_path)

    assert result.returncode == 19
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "sudo apt install libxcb-cursor0" in result.stderr
    assert "sudo dnf install xcb-util-cursor" in result.stderr


def test_each_missing_library_is_named_once_per_package() -> None:
    table = {"xcb": Platform("xcb", "DISPLAY", (ABSENT, XCB[0], ABSENT))}
    with pytest.raises(LibrariesMissingError) as raised:
        check_display({"DISPLAY": ":0"}, table)
    assert raised.value.exit_code == 19
    assert "`sudo apt install libkith-absent0` on Debian" in str(raised.value)
    assert "`sudo dnf install kith-absent-libs` on Fedora" in str(raised.value)


def test_a_wayland_session_without_wayland_libraries_falls_back_to_x11() -> None:
    table = {
        "wayland": Platform("wayland", "WAYLAND_DISPLAY", (ABSENT,)),
        "xcb": XCB_PLATFORM,
    }
    session = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    check_display(session, table)  # XWayland serves: no error
    with pytest.raises(LibrariesMissingError, match="libkith-absent0"):
        check_display({**session, "DISPLAY": ""}, table)


def test_platforms_without_a_desktop_session_are_not_checked() -> None:
    check_display({"QT_QPA_PLATFORM": "offscreen"})
    check_display({"QT_QPA_PLATFORM": "vnc:size=800x600"})
    with pytest.raises(NoDisplayError):
        check_display({"QT_QPA_PLATFORM": "xcb"})


def test_the_platforms_qt_tries_follow_its_rules() -> None:
    assert platforms_to_try({}) == ["xcb"]
    assert platforms_to_try({"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert platforms_to_try({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert platforms_to_try({"QT_QPA_PLATFORM": " vnc:size=800x600 "}) == ["vnc"]


def needed(library: Path) -> set[str]:
    """The libraries `library` asks the dynamic loader for, from its ELF header."""
    readelf = shutil.which("readelf")
    if readelf is None:
        pytest.skip("readelf (binutils) is not installed")
    out = subprocess.run(
        [readelf, "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    return {line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line}


def from_the_system(library: Path) -> set[str]:
    bundled = {path.name for path in (QT / "lib").iterdir()}
    return needed(library) - bundled - BASE


@pytest.mark.parametrize(
    ("library", "table"),
    [
        ("lib/libQt6Gui.so.6", GUI),
        ("lib/libQt6Widgets.so.6", GUI),
        ("lib/libQt6Svg.so.6", GUI),
        ("plugins/platforms/libqxcb.so", GUI + XCB),
        ("lib/libQt6XcbQpa.so.6", GUI + XCB),
        ("plugins/platforms/libqwayland.so", GUI + WAYLAND_PLATFORM.libraries),
    ],
)
def test_the_tables_name_every_system_library_qt_needs(library: str, table: tuple) -> None:
    path = QT / library
    if not path.exists():
        pytest.skip(f"this PySide6 has no {library}")
    assert from_the_system(path) <= {lib.soname for lib in table}
