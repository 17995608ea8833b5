"""Background work: results come back on the UI thread, requests while busy coalesce, and a
window that closes mid-job is safe."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread
from pytestqt.qtbot import QtBot

from app.ui.kit.workers import Background


class Gate:
    """A job that waits until the test lets it finish, and says which run it was."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started: list[int] = []
        self.threads: list[QThread] = []
        self.done = threading.Event()

    def __call__(self) -> int:
        self.started.append(len(self.started) + 1)
        self.threads.append(QThread.currentThread())
        self.open.wait(10)
        self.done.set()
        return len(self.started)


def test_a_result_comes_back_on_the_ui_thread(qtbot: QtBot) -> None:
    gate = Gate()
    gate.open.set()
    work = Background(gate)
    with qtbot.waitSignal(work.finished) as result:
        work.run()
        assert work.busy()  # asked: busy before it even starts
    assert result.args == [1]
    assert gate.threads[0] is not QCoreApplication.instance().thread()  # type: ignore[union-attr]
    assert not work.busy()


def test_asking_while_busy_runs_once_more_afterwards(qtbot: QtBot) -> None:
    gate = Gate()
    work = Background(gate)
    results: list[object] = []
    work.finished.connect(results.append)
    work.run()
    qtbot.waitUntil(lambda: gate.started == [1])
    work.run()
    work.run()
    gate.open.set()
    qtbot.waitUntil(lambda: results == [1, 2] and not work.busy())


def test_an_owner_deleted_mid_job_is_left_alone(qtbot: QtBot) -> None:
    gate = Gate()
    owner = QObject()
    work = Background(gate, owner)
    results: list[object] = []
    work.finished.connect(results.append)
    work.run()
    qtbot.waitUntil(lambda: gate.started == [1])
    shiboken6.delete(owner)  # the window closed while the job ran
    gate.open.set()
    qtbot.waitUntil(gate.done.is_set)
    QCoreApplication.processEvents()
    assert results == []


def test_wait_lets_the_running_job_end_and_starts_nothing_more(qtbot: QtBot) -> None:
    gate = Gate()
    work = Background(gate)
    results: list[object] = []
    work.finished.connect(results.append)
    work.run()
    qtbot.waitUntil(lambda: gate.started == [1])
    work.run()  # would run again, but the journal is closing
    gate.open.set()
    work.wait()
    assert results == [1] and not work.busy()
