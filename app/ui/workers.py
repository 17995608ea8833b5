"""Background work: anything slower than a blink runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.core.errors import KithError


class Worker(QObject):
    """Runs `job(progress)` in a thread; `progress(fraction)` may be called from it."""

    progressed = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Callable[[Callable[[float], None]], Any]) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(self.progressed.emit)
        except KithError as error:
            self.failed.emit(str(error))
        except Exception as error:
            self.failed.emit(f"Something went wrong: {error}")
        else:
            self.succeeded.emit(result)


def start(worker: Worker, parent: QObject) -> QThread:
    """Move `worker` to a new thread and run it; the thread cleans itself up."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.succeeded.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
