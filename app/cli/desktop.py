"""`kith --install-desktop` / `--uninstall-desktop`: Kith in the desktop's menu.

The launcher, the icon (its SVG and PNGs rendered from it) and the AppStream
metainfo go under the user's XDG data folder (`~/.local/share`), where menus and
software centres look; `make deb` lays the same files under `/usr/share` with
`stage` (packaging/stage_share.py). Nothing else is touched: journals stay.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from app import APP_ID
from app.core.errors import JournalAccessError
from app.core.paths import resources_dir

_PLAIN_ARGUMENT = re.compile(r"[A-Za-z0-9_./+,:@=-]+")


def data_home() -> Path:
    """`$XDG_DATA_HOME`, or `~/.local/share` as the XDG base directory spec says."""
    chosen = os.environ.get("XDG_DATA_HOME", "")
    return Path(chosen) if os.path.isabs(chosen) else Path.home() / ".local" / "share"


def kith_command() -> list[str]:
    """How a launcher starts this very Kith: the bundle, the `kith` script, or `python -m app`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0])
    if script.name == "kith" and script.is_file():
        # Not resolved: pipx's ~/.local/bin/kith link keeps working after an upgrade.
        return [str(script.absolute())]
    return [sys.executable, "-m", "app"]


def _exec_argument(argument: str) -> str:
    """One argument of a desktop file's Exec key, quoted as the spec asks when it must be."""
    if _PLAIN_ARGUMENT.fullmatch(argument):
        return argument
    quoted = re.sub(r'(["`$\\])', r"\\\1", argument)
    # The whole value is then a desktop-file string, whose backslashes double again.
    return '"' + quoted.replace("\\", "\\\\") + '"'


def _launcher(command: Sequence[str]) -> str:
    """The desktop file with `kith` in its Exec and TryExec lines replaced by `command`."""
    text = (resources_dir() / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    start = " ".join(_exec_argument(part) for part in command)
    text = re.sub(r"^Exec=kith\b", lambda _m: f"Exec={start}", text, flags=re.MULTILINE)
    return re.sub(
        r"^TryExec=kith$", lambda _m: f"TryExec={_exec_argument(command[0])}", text, flags=re.M
    )


def files(data_dir: Path) -> list[Path]:
    """Every file `stage` writes under `data_dir`, the folders of none of them."""
    icons = data_dir / "icons" / "hicolor"
    from app.ui.shell.icon_render import SIZES

    return [
        data_dir / "applications" / f"{APP_ID}.desktop",
        data_dir / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in SIZES),
    ]


def stage(data_dir: Path, command: Sequence[str]) -> list[Path]:
    """Write the launcher (starting `command`), icons and metainfo under `data_dir`."""
    from app.ui.shell.icon_render import SIZES, render_png

    svg = resources_dir() / "icons" / "kith.svg"
    launcher, metainfo, scalable, *pngs = files(data_dir)
    contents: list[tuple[Path, bytes]] = [
        (launcher, _launcher(command).encode("utf-8")),
        (metainfo, (resources_dir() / f"{APP_ID}.metainfo.xml").read_bytes()),
        (scalable, svg.read_bytes()),
        *((png, render_png(svg, size)) for png, size in zip(pngs, SIZES, strict=True)),
    ]
    for path, data in contents:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.chmod(0o644)  # read by the desktop's menu, not private
        temporary.replace(path)
    return [path for path, _ in contents]


def _refresh(data_dir: Path) -> None:
    """Tell menus that read caches about the change (where the tool exists)."""
    tool = shutil.which("update-desktop-database")
    if tool is not None:
        subprocess.run(
            [tool, "-q", str(data_dir / "applications")], capture_output=True, check=False
        )
    # Icon themes notice a changed folder time; the user's hicolor has no cache to rebuild.
    hicolor = data_dir / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)


def install_desktop() -> int:
    """`kith --install-desktop`: the launcher, icons and metainfo for this user."""
    data_dir = data_home()
    try:
        written = stage(data_dir, kith_command())
        _refresh(data_dir)
    except OSError as error:
        raise JournalAccessError(
            f"Kith could not write its launcher under {data_dir}: {error.strerror or error}."
        ) from error
    for path in written:
        print(f"installed: {path}")
    print("Kith is in your desktop's menu (under Office); `kith --uninstall-desktop` removes it.")
    return 0


def uninstall_desktop() -> int:
    """`kith --uninstall-desktop`: remove what `--install-desktop` wrote, and nothing else."""
    data_dir = data_home()
    removed = []
    try:
        for path in files(data_dir):
            if path.exists():
                path.unlink()
                removed.append(path)
        _refresh(data_dir)
    except OSError as error:
        raise JournalAccessError(
            f"Kith could not remove its launcher under {data_dir}: {error.strerror or error}."
        ) from error
    for path in removed:
        print(f"removed: {path}")
    print(
        "Kith's launcher is gone from your menu; your journals are untouched."
        if removed
        else f"Kith had no launcher under {data_dir}; nothing was removed."
    )
    return 0
