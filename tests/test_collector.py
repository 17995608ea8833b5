"""The reflection pass pauses Python's cyclic collector, and always gives it back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from app.core import collector


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still under way
    assert gc.isenabled()


def test_a_failing_pass_gives_the_collector_back() -> None:
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("the journal went away")
    assert gc.isenabled()


def test_a_collector_someone_turned_off_stays_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_overlapping_passes_on_two_threads_leave_the_collector_on() -> None:
    # Thread a starts first and ends last; b starts and ends inside it. A naive
    # save-and-restore would have b "restore" the collector to off for good.
    a_in, b_done, a_may_end = threading.Event(), threading.Event(), threading.Event()

    def a() -> None:
        with collector.paused():
            a_in.set()
            a_may_end.wait(5)

    def b() -> None:
        a_in.wait(5)
        with collector.paused():
            pass
        b_done.set()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    assert b_done.wait(5)
    assert not gc.isenabled()  # a is still under way
    a_may_end.set()
    for thread in threads:
        thread.join(5)
    assert gc.isenabled()
