"""Background work: anything slower than a blink runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

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


class Relay(QObject):
    """Hands a worker's signals to plain functions, on the UI thread.

    A plain function (or lambda) connected straight to a worker's signal runs in
    the worker's thread, where touching a widget can crash; this object's bound
    slots run in the thread it lives in, the UI thread.
    """

    def __init__(
        self,
        worker: Worker,
        parent: QObject,
        *,
        progressed: Callable[[float], None] | None = None,
        succeeded: Callable[[object], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_progress = progressed or (lambda _fraction: None)
        self.on_done = succeeded or (lambda _result: None)
        self.on_failed = failed or (lambda _message: None)
        worker.progressed.connect(self.progressed)
        worker.succeeded.connect(self.succeeded)
        worker.failed.connect(self.failed)

    @Slot(float)
    def progressed(self, fraction: float) -> None:
        self.on_progress(fraction)

    @Slot(object)
    def succeeded(self, result: object) -> None:
        self.on_done(result)

    @Slot(str)
    def failed(self, message: str) -> None:
        self.on_failed(message)


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


class Background(QObject):
    """One job at a time off the UI thread, its result handed back on the UI thread.

    A job starts once the event loop turns, not while the window is still being
    built: a thread that starts at once competes with start-up for the interpreter
    (on a 10,000-person journal the window took a second longer to appear). Asking
    again while the job runs runs it once more when it ends, so that the last result
    reflects the latest state. The thread belongs to the application, not to the
    widget that asked: a window may close while a job runs, and its result then goes
    nowhere (call `wait()` first when the journal is about to close).
    """

    finished = Signal(object)  # the job's result
    failed = Signal(str)

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._thread: QThread | None = None
        self._again = False
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self._start)

    def run(self) -> None:
        """Run the job soon (or again once the running one ends)."""
        if self._thread is not None:
            self._again = True
        else:
            self._soon.start()

    def busy(self) -> bool:
        """Whether a job is waiting to start or running."""
        return self._thread is not None or self._soon.isActive()

    def wait(self) -> None:
        """The journal is about to close: start nothing more, let the running job end
        and deliver its result."""
        self._soon.stop()
        self._again = False
        thread = self._thread
        if thread is not None:
            # quit() ends the thread's event loop once the job returns (or at once if
            # it never started one); the job itself is never cut short.
            thread.quit()
            thread.wait()
            QCoreApplication.sendPostedEvents(self)

    def _start(self) -> None:
        job = self._job
        worker = Worker(lambda _progress: job())
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        owner = QCoreApplication.instance()
        assert owner is not None
        thread = start(worker, owner)
        # The worker must live until its thread ends, even if this object is deleted
        # mid-job: the connection holds it, and goes when the thread is deleted.
        thread.finished.connect(lambda: worker)
        self._thread = thread

    def _succeeded(self, result: object) -> None:
        self._thread = None
        self.finished.emit(result)
        self._again_if_asked()

    def _failed(self, message: str) -> None:
        self._thread = None
        self.failed.emit(message)
        self._again_if_asked()

    def _again_if_asked(self) -> None:
        if self._again and self._thread is None:
            self._again = False
            self.run()
