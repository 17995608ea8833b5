"""Before Qt starts: is there a display, and are the system libraries its plugin needs here?

Without them Qt aborts with a paragraph about platform plugins (or PySide6's import
fails with a missing `.so`). Kith looks first, with no Qt loaded, and says in one
sentence which packages to install (exit code 19), or that there is no display to
open a window on (exit code 20). Qt's own libraries come with PySide6 (or the
bundle); these are the ones they take from the system.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.errors import KithError


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    debian: str  # the package that ships it on Debian and Ubuntu
    fedora: str


def _libs(*rows: tuple[str, str, str]) -> tuple[SystemLibrary, ...]:
    return tuple(SystemLibrary(*row) for row in rows)


# What libQt6Gui needs whatever the platform (offscreen included).
GUI = _libs(
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libfreetype.so.6", "libfreetype6", "freetype"),
    ("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libX11.so.6", "libx11-6", "libX11"),
)
# Qt's X11 plugin (libqxcb.so and libQt6XcbQpa); tests/test_display.py checks the
# list against the plugin's own NEEDED entries, so a Qt upgrade cannot outgrow it.
XCB = _libs(
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
)
WAYLAND = _libs(
    ("libwayland-client.so.0", "libwayland-client0", "libwayland-client"),
    ("libwayland-cursor.so.0", "libwayland-cursor0", "libwayland-cursor"),
)


@dataclass(frozen=True)
class Platform:
    name: str
    display_variable: str
    libraries: tuple[SystemLibrary, ...]


XCB_PLATFORM = Platform("xcb", "DISPLAY", XCB)
WAYLAND_PLATFORM = Platform("wayland", "WAYLAND_DISPLAY", WAYLAND)
_WINDOWED = {"xcb": XCB_PLATFORM, "wayland": WAYLAND_PLATFORM, "wayland-egl": WAYLAND_PLATFORM}


class LibrariesMissingError(KithError):
    """Qt's platform plugin cannot load: system libraries are not installed."""

    exit_code = 19

    def __init__(self, missing: Sequence[SystemLibrary]) -> None:
        debian = " ".join(dict.fromkeys(lib.debian for lib in missing))
        fedora = " ".join(dict.fromkeys(lib.fedora for lib in missing))
        names = ", ".join(lib.soname for lib in missing)
        super().__init__(
            f"Kith's window needs system libraries that are not installed ({names}): "
            f"install them with `sudo apt install {debian}` on Debian or Ubuntu, "
            f"or `sudo dnf install {fedora}` on Fedora."
        )
        self.missing = tuple(missing)


class NoDisplayError(KithError):
    """Nothing to open a window on: no X11 or Wayland display in the environment."""

    exit_code = 20


def _loadable(soname: str) -> bool:
    # A bundle (make bundle) carries copies that Qt finds beside itself, where
    # the loader's own search from Python does not look.
    bundled = getattr(sys, "_MEIPASS", None)
    candidates = [soname, *([os.path.join(bundled, soname)] if bundled else [])]
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def missing(libraries: Sequence[SystemLibrary]) -> list[SystemLibrary]:
    """The libraries the dynamic loader cannot load, as Qt's own loading would find them."""
    return [library for library in libraries if not _loadable(library.soname)]


def platforms_to_try(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in its order (`QT_QPA_PLATFORM`, else the session's)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        # "xcb;wayland" is a list to try; "vnc:size=800x600" carries arguments.
        return [name.split(":", 1)[0].strip() for name in chosen.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def check_display(
    environ: Mapping[str, str], platforms: Mapping[str, Platform] | None = None
) -> None:
    """Raise the one sentence that says why Qt could not open a window here, if it could not.

    `platforms` maps a plugin name to what it needs (Kith's X11 and Wayland tables).
    """
    known = _WINDOWED if platforms is None else platforms
    lacking = missing(GUI)
    if lacking:
        raise LibrariesMissingError(lacking)
    shortfall: list[SystemLibrary] | None = None
    for name in platforms_to_try(environ):
        platform = known.get(name)
        if platform is None:
            return  # offscreen, vnc, eglfs…: nothing of a desktop session to check
        if not environ.get(platform.display_variable):
            continue
        lacking = missing(platform.libraries)
        if not lacking:
            return
        shortfall = shortfall or lacking
    if shortfall:
        raise LibrariesMissingError(shortfall)
    raise NoDisplayError(
        "Kith's window needs a graphical desktop, and there is none here "
        "(neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "its commands work without one (`kith --help`)."
    )
