"""An older journal is upgraded off the UI thread, a progress dialog showing, then opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

from app.core import migrate
from app.core.demo import generate_demo
from app.core.store import stored_revision
from app.ui.shell import app as ui_main
from app.ui.shell import upgrade_first


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _journal_before_the_search_index(path: Path) -> Path:
    """A demo journal as the Kith before full-text search left it (revision 0004)."""
    generate_demo(path, contacts=30, events=600)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0004")
    finally:
        engine.dispose()
    assert stored_revision(path) == "0004"
    return path


def test_only_an_older_journal_needs_an_upgrade(tmp_path: Path) -> None:
    old = _journal_before_the_search_index(tmp_path / "old.kith")
    current = tmp_path / "current.kith"
    generate_demo(current, contacts=3, events=10)
    (tmp_path / "noise.kith").write_bytes(b"not a journal at all")
    assert upgrade_first.needs_upgrade(old)
    assert not upgrade_first.needs_upgrade(current)
    assert not upgrade_first.needs_upgrade(tmp_path / "noise.kith")
    assert not upgrade_first.needs_upgrade(tmp_path / "missing.kith")


def test_an_older_journal_is_upgraded_with_a_progress_dialog_while_the_window_keeps_turning(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal_before_the_search_index(tmp_path / "old.kith")
    monkeypatch.setattr(upgrade_first, "SHOW_AFTER_MS", 0)
    seen: list[str] = []
    ticks: list[int] = []

    def look() -> None:
        ticks.append(1)
        seen.extend(
            widget.labelText()
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QProgressDialog) and widget.isVisible()
        )

    # Ticks that arrive while open() runs prove the event loop kept turning.
    watcher = QTimer(interval=1)
    watcher.timeout.connect(look)
    watcher.start()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kith = ui_main.KithApp(app, settings)
    try:
        assert kith.open(path, create=False)
        watcher.stop()
        assert kith.window is not None
        qtbot.addWidget(kith.window)
        assert ticks, "the UI thread was blocked during the upgrade"
        assert upgrade_first.WORDS in seen
        assert stored_revision(path) == migrate.head_revision()
        assert kith.window.windowTitle() == "old — Kith"
    finally:
        kith.close()
