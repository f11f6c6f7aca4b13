"""The in-process signal board: a signal wakes its waiter without a tick."""

import threading
import time

import pytest

from heatlite.engine import resource

from heatlite.engine.software import signals


def test_notify_wakes_waiter_before_the_recheck():
    board = signals.SignalBoard()
    state = {"signalled": False}
    woke = threading.Event()

    def waiter():
        board.wait_for("u1", lambda: state["signalled"], lambda s: None, None)
        woke.set()

    thread = threading.Thread(target=waiter, daemon=True)
    thread.start()
    for _ in range(200):
        if board.waiting("u1"):
            break
        time.sleep(0.005)
    state["signalled"] = True
    board.notify("u2")  # another resource: not woken by it
    board.notify("u1")
    # Well inside RECHECK_SECS: only the notify can have woken it.
    assert woke.wait(signals.RECHECK_SECS / 2)
    thread.join(5)
    assert board.waiting("u1") == 0


def test_deadline_and_cancel():
    board = signals.SignalBoard()
    assert board.wait_for("u", lambda: False, lambda s: None, time.monotonic()) is False

    def cancelled(seconds):
        raise resource.Cancelled("gone")

    with pytest.raises(resource.Cancelled):
        board.wait_for("u", lambda: False, cancelled, None)
    assert board.waiting("u") == 0


def test_done_errors_propagate():
    board = signals.SignalBoard()

    def done():
        raise ValueError("failed signal")

    with pytest.raises(ValueError):
        board.wait_for(["a", "b"], done, lambda s: None, None)
