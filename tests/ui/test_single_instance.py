"""A second launch raises the window already open, through a local socket only."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.shell.single_instance import SingleInstance, raise_running, server_name


def test_a_second_launch_asks_the_first_to_raise_its_window(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(str(tmp_path / "settings.ini"))
    assert not raise_running(name)  # nobody listens yet: this launch is the first
    first = SingleInstance(name)
    assert first.listening
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert raise_running(name)
    first.server.close()


def test_each_settings_file_has_its_own_name(tmp_path: Path) -> None:
    assert server_name(str(tmp_path / "a.ini")) != server_name(str(tmp_path / "b.ini"))
