"""The bundle of `make bundle` (dist/kith, or $KITH_BUNDLE) works as the plain install does,
with no network: every command and a start of the window, inside a network namespace with
no interface up. It carries none of Qt's network code. Skipped when no bundle is built."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_privacy import every_command, namespace_prefix

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("KITH_BUNDLE", ROOT / "dist" / "kith"))
KITH = BUNDLE / "kith"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not KITH.is_file(), reason=f"no bundle at {BUNDLE} (`make bundle`)"),
]


def offline(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    prefix = namespace_prefix()
    if not prefix:
        pytest.skip("this machine cannot give a child a network namespace (unshare -n)")
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }
    return subprocess.run(
        [*prefix, str(KITH), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_command_of_the_bundle_works_with_no_network(tmp_path: Path) -> None:
    for argv in every_command(tmp_path):
        result = offline(argv, tmp_path)
        assert result.returncode == 0, (argv, result.stderr)
        assert "Traceback" not in result.stderr
    checked = offline(["--journal", str(tmp_path / "again.kith"), "check"], tmp_path)
    assert "integrity: ok" in checked.stdout


def test_the_bundle_encrypts_with_its_own_sqlcipher(tmp_path: Path) -> None:
    journal = ["--journal", str(tmp_path / "secret.kith")]
    assert offline([*journal, "demo", "--contacts", "3"], tmp_path).returncode == 0
    encrypted = offline([*journal, "encrypt"], tmp_path, KITH_NEW_PASSPHRASE="sesame")
    assert encrypted.returncode == 0, encrypted.stderr
    assert offline([*journal, "check"], tmp_path).returncode == 14  # no passphrase given
    checked = offline([*journal, "check"], tmp_path, KITH_PASSPHRASE="sesame")
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout


def test_the_bundles_window_starts_with_no_network(tmp_path: Path) -> None:
    result = offline(["--journal", str(tmp_path / "w.kith"), "--exit-when-ready"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready in")


def test_the_bundle_carries_none_of_qts_network_code() -> None:
    names = [path.name for path in BUNDLE.rglob("*")]
    assert names  # the scan saw the bundle
    network = ("Network", "WebEngine", "WebSockets", "libqvnc", "libqtuiotouch")
    assert [name for name in names if any(word in name for word in network)] == []
