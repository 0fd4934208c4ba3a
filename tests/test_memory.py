"""The cyclic collector's pause over bulk reads (advocacy/memory.py)."""

from __future__ import annotations

import gc
import threading

import pytest

from advocacy.memory import collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    assert gc.isenabled()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_after_even_on_an_error():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_overlapping_reads_in_two_threads_keep_it_off_until_the_last_ends():
    first_in, second_done, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            seen["first, after the second ended"] = gc.isenabled()
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        pass
    second_done.set()
    seen["between"] = gc.isenabled()
    first_out.wait(5)
    thread.join(5)
    assert seen == {"between": False, "first, after the second ended": False}
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
