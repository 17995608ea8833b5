"""The window's imports stay lean: the core is loaded before Qt (see `app/ui/__init__.py`).

Run in a fresh interpreter, because pytest-qt has loaded PySide6 in this one.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import linecache, sys
import app.ui.shell.app
read = [name for name in linecache.cache if not name.startswith("<")]
print(sum(1 for name in read if "/sqlalchemy/" in name), len(read))
"""


def test_opening_the_window_module_does_not_keep_sqlalchemy_source_in_memory() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert probe.returncode == 0, probe.stderr
    sqlalchemy_files, all_files = map(int, probe.stdout.split())
    # PySide6's import hook reads the source of each module imported after Qt.
    # SQLAlchemy alone was about 200 files (18 MB at peak on the large journal).
    assert sqlalchemy_files == 0
    assert all_files < 300
