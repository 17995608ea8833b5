"""`make deb`: the bundle in dist/kith as dist/kith_VERSION_amd64.deb, with dpkg-deb.

/opt/kith holds the bundle, /usr/bin/kith links to it, and /usr/share has the
launcher, icons (rendered here from the SVG) and metainfo that `kith
--install-desktop` would write for one user. `Depends` lists the system
libraries Qt's X11 and Wayland plugins load, from the same table Kith's
start-up check reads (app/ui/shell/display.py). Debian's triggers refresh the
menu and icon caches, so the package has no maintainer scripts; removing it
leaves the users' journals (in their home folders) alone.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import APP_ID, __version__  # noqa: E402
from app.cli import build_parser  # noqa: E402
from app.cli.desktop import stage  # noqa: E402
from app.ui.shell.display import GUI, WAYLAND, XCB  # noqa: E402

# Built on Debian 12: the bundled Python and Qt want its C library or newer.
LIBC = "libc6 (>= 2.36)"
# Kith's own notifications and Qt's portal theme talk to the session bus.
EXTRA_DEPENDS = ("libdbus-1-3",)
SUMMARY = "private desktop journal of your relationships"
DESCRIPTION = """\
 Kith records the people in your life, the moments you spend with them, the
 favors that pass between you, and the coalitions you belong to, and it helps
 you notice when a friendship is quietly turning into a ledger of favors.
 .
 Everything lives in one SQLite file on your computer (optionally encrypted
 with SQLCipher); Kith never touches the network. This package carries Kith's
 own Python and Qt under /opt/kith."""


def depends() -> str:
    packages = dict.fromkeys(lib.debian for lib in (*GUI, *XCB, *WAYLAND))
    return ", ".join([LIBC, *packages, *EXTRA_DEPENDS])


def normalise_modes(tree: Path) -> None:
    """Folders 0755, programs 0755, everything else 0644 (libraries are not programs)."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
            continue
        with path.open("rb") as handle:
            head = handle.read(18)
        # An ELF executable (e_type 2) or a script; shared objects are e_type 3.
        program = (head[:4] == b"\x7fELF" and head[16] == 2) or head[:2] == b"#!"
        path.chmod(0o755 if program else 0o644)


def man_page() -> bytes:
    """kith(1), from the command's own --help, so that it never falls behind."""
    parser = build_parser()
    usage = parser.format_help().replace("\\", "\\\\").replace("\n.", "\n\\&.")
    page = (
        f'.TH KITH 1 "" "Kith {__version__}" "User Commands"\n'
        ".SH NAME\nkith \\- a private journal of your relationships\n"
        f".SH SYNOPSIS\n.nf\n{usage}\n.fi\n"
        ".SH FILES\n~/.local/share/kith/journal.kith, the default journal.\n"
    )
    return gzip.compress(page.encode("utf-8"), mtime=0)


def changelog(maintainer: str) -> bytes:
    """The releases of the metainfo, newest first, as a native package's changelog."""
    import datetime as dt
    import xml.etree.ElementTree as ET
    from email.utils import format_datetime

    from app.core.paths import resources_dir

    metainfo = ET.parse(resources_dir() / f"{APP_ID}.metainfo.xml").getroot()
    lines = []
    for release in metainfo.findall("releases/release"):
        text = release.find("description")
        said = " ".join("".join(text.itertext()).split()) if text is not None else ""
        day = dt.datetime.fromisoformat(f"{release.get('date')}T12:00:00+00:00")
        lines.append(
            f"kith ({release.get('version')}) unstable; urgency=medium\n\n  * {said}\n\n"
            f" -- {maintainer}  {format_datetime(day)}\n"
        )
    return gzip.compress("\n".join(lines).encode("utf-8"), mtime=0)


def copyright_file() -> str:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8") if (ROOT / "LICENSE").exists() else ""
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: kith\n\n"
        "Files: *\nCopyright: 2026 The Kith developers\nLicense: MIT\n"
        + "".join(f" {line}\n" if line else " .\n" for line in licence.splitlines())
        + "\nFiles: opt/kith/_internal/*\n"
        "Copyright: the authors of Python, Qt 6 (PySide6), SQLite, SQLCipher and the other\n"
        " libraries PyInstaller gathered; each keeps its own licence (LGPL-3 for Qt).\n"
        "License: various\n"
        " See the licence files under /opt/kith/_internal.\n"
    )


def _now() -> str:
    """The last commit's time (reproducible), else now: never 1970, which lintian calls ancient."""
    committed = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    return committed.stdout.strip() or str(int(time.time()))


def build(bundle: Path, out_dir: Path, work: Path, maintainer: str) -> Path:
    name = f"kith_{__version__}_amd64"
    tree = work / name
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(bundle, tree / "opt" / "kith", symlinks=True)
    (tree / "usr" / "bin").mkdir(parents=True)
    # Absolute: /usr and /opt are different top folders (Debian policy 10.5).
    (tree / "usr" / "bin" / "kith").symlink_to("/opt/kith/kith")
    share = tree / "usr" / "share"
    stage(share, ["kith"])
    doc = share / "doc" / "kith"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(changelog(maintainer))
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "lintian-overrides", overrides / "kith")
    man = share / "man" / "man1"
    man.mkdir(parents=True)
    (man / "kith.1.gz").write_bytes(man_page())
    normalise_modes(tree)

    control = tree / "DEBIAN"
    control.mkdir()
    # Links (the bundle has many, to its own libraries) take no room of their own.
    files = [p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()]
    size_kib = sum(p.stat().st_size for p in files) // 1024
    (control / "control").write_text(
        f"Package: kith\nVersion: {__version__}\nArchitecture: amd64\n"
        f"Maintainer: {maintainer}\nInstalled-Size: {size_kib}\n"
        f"Depends: {depends()}\nSection: utils\nPriority: optional\n"
        f"Description: {SUMMARY}\n{DESCRIPTION}\n",
        encoding="utf-8",
    )
    control.chmod(0o755)
    (control / "control").chmod(0o644)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{name}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "--build", str(tree), str(deb)],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", _now())},
    )
    return deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "kith")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    parser.add_argument(
        "--maintainer",
        default=os.environ.get("DEB_MAINTAINER", "Kith developers <kith@localhost>"),
    )
    args = parser.parse_args()
    if not (args.bundle / "kith").is_file():
        print(f"build_deb: no bundle at {args.bundle}; run `make bundle` first", file=sys.stderr)
        return 2
    deb = build(args.bundle, args.out, args.work, args.maintainer)
    print(f"{deb} ({deb.stat().st_size / 2**20:.0f} MiB), app id {APP_ID}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
