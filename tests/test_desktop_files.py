"""Kith in the desktop's menu: the launcher and metainfo pass the real validators, carry
the app id and the version, and `kith --install-desktop` puts them (with the icons) under
the user's XDG data folder and `--uninstall-desktop` takes them away, journals left alone."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import APP_ID, __version__
from app.cli.desktop import stage
from app.core.paths import resources_dir
from app.ui.shell.icon_render import SIZES

DESKTOP = resources_dir() / f"{APP_ID}.desktop"
METAINFO = resources_dir() / f"{APP_ID}.metainfo.xml"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install desktop-file-utils appstream)")
    return found


def validate_desktop(path: Path) -> str:
    result = subprocess.run([tool("desktop-file-validate"), str(path)], capture_output=True)
    output = (result.stdout + result.stderr).decode()
    assert result.returncode == 0, output
    return output


def test_the_desktop_file_passes_desktop_file_validate_with_no_warning() -> None:
    assert validate_desktop(DESKTOP) == ""


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The one remark: an id with a capital, as reverse-DNS desktop ids have (org.gnome.Maps).
    remarks = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]
    assert remarks == []


def desktop_entry(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_one_app_id_names_the_launcher_the_icon_and_the_metainfo() -> None:
    entry = desktop_entry(DESKTOP.read_text(encoding="utf-8"))
    assert entry["Icon"] == APP_ID
    assert entry["Categories"].split(";")[0] == "Office"
    assert entry["StartupWMClass"] == "Kith"  # Qt's WM_CLASS class is the application name
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"


def test_the_metainfo_newest_release_is_kiths_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases[0].get("version") == __version__


def test_the_package_version_is_read_from_app() -> None:
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert '[tool.hatch.version]\npath = "app/__init__.py"' in pyproject


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def kith(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_install_desktop_puts_launcher_icons_and_metainfo_in_the_data_folder(
    tmp_path: Path,
) -> None:
    data = tmp_path / "share"
    journal = data / "kith" / "journal.kith"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(b"the user's own")

    installed = kith("--install-desktop", data_home=data)

    assert installed.returncode == 0, installed.stderr
    launcher = data / "applications" / f"{APP_ID}.desktop"
    validate_desktop(launcher)
    entry = desktop_entry(launcher.read_text(encoding="utf-8"))
    assert entry["Exec"] == f"{sys.executable} -m app"  # this very Kith, not whichever is first
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    icons = data / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").exists()
    for size in SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png.read_bytes()) == (size, size)
        assert png.stat().st_mode & 0o777 == 0o644

    removed = kith("--uninstall-desktop", data_home=data)

    assert removed.returncode == 0, removed.stderr
    left = sorted(p.relative_to(data) for p in data.rglob("*") if p.is_file())
    assert APP_ID not in " ".join(map(str, left))
    assert journal.read_bytes() == b"the user's own"
    again = kith("--uninstall-desktop", data_home=data)
    assert again.returncode == 0 and "nothing was removed" in again.stdout


def test_a_command_in_a_folder_with_spaces_is_quoted_in_the_launcher(tmp_path: Path) -> None:
    command = ["/opt/my apps/kith $HOME"]
    (launcher, *_) = stage(tmp_path, command)
    validate_desktop(launcher)
    entry = desktop_entry(launcher.read_text(encoding="utf-8"))
    assert entry["Exec"] == r'"/opt/my apps/kith \\$HOME"'


def test_install_desktop_takes_no_command(tmp_path: Path) -> None:
    result = kith("--install-desktop", "check", data_home=tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "applications").exists()
