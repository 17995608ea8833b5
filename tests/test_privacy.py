"""Kith never connects anywhere: its commands and its window work with no network at all.

The commands and a short session in the window run in child processes where
Python's sockets are blocked from start-up (tests/tools/no_network/ is put on
PYTHONPATH; every attempt is logged even if something catches the error) and,
where this machine allows it, inside a network namespace of their own with no
interface up (`unshare -n`), which stops Qt's and SQLite's C code as well.
A scan of Kith's own source proves that no network library is even imported.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).parent / "tools"
GUARD = TOOLS / "no_network"

# Modules through which a program reaches the network; a prefix covers its submodules.
FORBIDDEN = (
    "socket",
    "socketserver",
    "ssl",
    "http",
    "urllib",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "nntplib",
    "telnetlib",
    "xmlrpc",
    "websocket",
    "websockets",
    "asyncio.open_connection",
    "asyncio.open_unix_connection",
    "asyncio.start_server",
    "PySide6.QtNetwork",
    "PySide6.QtNetworkAuth",
    "PySide6.QtWebEngine",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebSockets",
    "PySide6.QtWebChannel",
    "PySide6.QtWebView",
    "PySide6.QtRemoteObjects",
)


# ---- a process with no network ------------------------------------------------------------


@functools.cache
def namespace_prefix() -> tuple[str, ...]:
    """`unshare -n` where the machine lets us make a network namespace, else nothing."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, check=False)
    return (unshare, "-n") if probe.returncode == 0 else ()


def run_offline(
    args: list[str], tmp_path: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run Python with `args`, network blocked; return the result and the attempts logged."""
    log = tmp_path / "network-attempts.log"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT)]),
        "KITH_NETWORK_LOG": str(log),
        "QT_QPA_PLATFORM": "offscreen",
        # Nothing of the user's own is read or written by the child.
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        **(extra_env or {}),
    }
    result = subprocess.run(
        [*namespace_prefix(), sys.executable, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result, log.read_text() if log.exists() else ""


def test_the_blocked_network_is_really_blocked(tmp_path: Path) -> None:
    """The guard itself: a child that tries to fetch a page fails, and is logged."""
    code = "import urllib.request; urllib.request.urlopen('http://example.com', timeout=5)"
    result, attempts = run_offline(["-c", code], tmp_path)
    assert result.returncode != 0
    assert "create_connection" in attempts


CLI_DRIVER = """
import json, sys
from app.cli import main
codes = [main(argv) for argv in json.loads(sys.argv[1])]
print(json.dumps(codes))
"""

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rosa Marín\r\nEMAIL:rosa@example.org\r\nEND:VCARD\r\n"


def every_command(tmp_path: Path) -> list[list[str]]:
    """Each command of Kith once (the bundle's test runs them too, tests/test_bundle.py)."""
    journal, again = tmp_path / "demo.kith", tmp_path / "again.kith"
    (tmp_path / "people.vcf").write_text(VCARD, encoding="utf-8")
    return [
        ["--journal", str(journal), "demo", "--contacts", "15", "--seed", "2"],
        ["--journal", str(journal), "check"],
        ["--journal", str(journal), "prompts", "--json"],
        ["--journal", str(journal), "backup", "--out", str(tmp_path / "copy.kith")],
        ["--journal", str(journal), "export", "--out", str(tmp_path / "export")],
        ["--journal", str(again), "import", "csv", str(tmp_path / "export")],
        ["--journal", str(again), "import", "vcard", str(tmp_path / "people.vcf")],
        ["--journal", str(again), "check"],
        # The exports other tools read (issue 18), and reading them back.
        ["--journal", str(journal), "due", "--json"],
        ["--journal", str(journal), "export", "calendar", "--out", str(tmp_path / "k.ics")],
        ["--journal", str(journal), "export", "vcard", "--out", str(tmp_path / "k.vcf")],
        ["--journal", str(journal), "export", "vcard", "--vdir", str(tmp_path / "cards")],
        ["--journal", str(journal), "import", "vcard", str(tmp_path / "cards")],
        ["--journal", str(journal), "export", "json", "--out", str(tmp_path / "k.json")],
        ["--journal", str(tmp_path / "j.kith"), "import", "json", str(tmp_path / "k.json")],
        ["--journal", str(journal), "notify", "--install"],
        ["--journal", str(journal), "notify", "--uninstall"],
    ]


def test_every_command_works_with_no_network(tmp_path: Path) -> None:
    commands = every_command(tmp_path)
    # No systemd user manager for `notify --install`: it writes an autostart entry in HOME.
    runtime = {"XDG_RUNTIME_DIR": str(tmp_path / "runtime")}
    result, attempts = run_offline(["-c", CLI_DRIVER, json.dumps(commands)], tmp_path, runtime)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [0] * len(commands), result.stderr
    assert "Traceback" not in result.stderr
    assert attempts == ""
    assert "integrity: ok" in result.stdout


def test_a_session_in_the_window_works_with_no_network(tmp_path: Path) -> None:
    session = TOOLS / "gui_session.py"
    args = ["-m", "pytest", str(session), "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT)]

    result, attempts = run_offline(args, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert attempts == ""


# ---- Kith's own source imports no network library -----------------------------------------


def network_imports(source: str) -> list[str]:
    """The forbidden modules (and asyncio's connection helpers) a piece of Python names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            if node.module == "PySide6.QtNetwork" and {a.name for a in node.names} <= LOCAL:
                names = []  # Unix domain sockets (named pipes): the single-instance raise
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            names = [f"{node.value.id}.{node.attr}"]  # asyncio.open_connection(...)
        elif isinstance(node, ast.Call) and node.args:
            # importlib.import_module("socket") or __import__("socket")
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else None
            callee = node.func.id if isinstance(node.func, ast.Name) else callee
            first = node.args[0]
            if callee in ("import_module", "__import__") and isinstance(first, ast.Constant):
                names = [str(first.value)]
        found += [name for name in names if is_forbidden(name)]
    return found


# What QtNetwork may give: sockets to this computer's own processes, never a network.
LOCAL = {"QLocalServer", "QLocalSocket"}


def is_forbidden(module: str) -> bool:
    return any(module == bad or module.startswith(f"{bad}.") for bad in FORBIDDEN)


def kiths_source() -> list[Path]:
    return sorted((ROOT / "app").rglob("*.py"))


def test_kiths_code_imports_no_network_library() -> None:
    files = kiths_source()
    assert len(files) > 50  # the scan really saw the code
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := network_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "import socket",
        "import urllib.request",
        "from http import client",
        "from PySide6 import QtNetwork",
        "from PySide6.QtWebEngineWidgets import QWebEngineView",
        "import requests as r",
        "import asyncio\nasyncio.open_connection('example.org', 80)",
        "from asyncio import open_connection",
        "importlib.import_module('ssl')",
        "__import__('xmlrpc.client')",
        "from PySide6.QtNetwork import QTcpSocket",
        "from PySide6.QtNetwork import QLocalServer, QTcpServer",
        "import PySide6.QtNetwork",
    ],
)
def test_the_scan_sees_each_way_of_importing_a_network_library(source: str) -> None:
    assert network_imports(source)


def test_the_scan_leaves_ordinary_imports_alone() -> None:
    ordinary = (
        "import sqlite3\nfrom PySide6.QtWidgets import QLabel\nimport asyncio.subprocess\n"
        "from PySide6.QtNetwork import QLocalServer, QLocalSocket"
    )
    assert network_imports(ordinary) == []
