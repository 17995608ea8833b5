"""A plain `pip install .` gives a working `kith`: migrations and resources travel in the wheel."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_wheel_installed_into_a_clean_venv_creates_and_checks_a_journal(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT, cwd=ROOT
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("kith-*.whl")

    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    # Kith's dependencies come from the test's own environment, offline; Kith
    # itself only from the wheel (the checkout is not on this path).
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
    )
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib.stdout.strip(), "kith-test-deps.pth").write_text("\n".join(deps) + "\n")

    where = run(
        python,
        "-c",
        "import app, app.core.paths as p; print(app.__file__); print(p.migrations_dir()); "
        "print(p.resources_dir())",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert str(target) in line and str(ROOT) not in line

    kith = target / "bin" / "kith"
    journal = tmp_path / "home" / "mine.kith"
    made = run(kith, "--journal", journal, "demo", "--contacts", "5", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = run(kith, "--journal", journal, "check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "integrity: ok" in checked.stdout
    assert "people: 5" in checked.stdout
