"""Operation: cancel versus stop, and who records the final state."""

from __future__ import annotations

import pytest

from heatlite.engine.resource import Cancelled
from heatlite.engine.walk.threads import Operation


def test_stop_halts_without_waking_sleepers():
    op = Operation("s", "CREATE")
    seen = []
    op.on_stop(lambda: seen.append("stopped"))
    op.stop()
    op.stop()  # once only
    assert seen == ["stopped"] and op.stopped and not op.cancelled
    assert op.stop_reason == "Stack CREATE cancelled"
    op.sleep(0)  # a running resource is not interrupted
    late = []
    op.on_stop(lambda: late.append(True))
    assert late == [True]


def test_cancel_wakes_sleepers():
    op = Operation("s", "UPDATE")
    op.cancel("why")
    with pytest.raises(Cancelled, match="why"):
        op.sleep(10)


def test_only_the_first_settles_and_a_settled_operation_cannot_stop():
    op = Operation("s", "UPDATE")
    assert op.settle() is True
    assert op.settle() is False
    op.stop()
    assert not op.stopped
    op.reset()
    assert op.settle() is True


def test_hand_off_halts_without_deciding_and_refuses_once_settled():
    op = Operation("s", "CREATE")
    seen = []
    op.on_hand_off(lambda: seen.append("handed"))
    assert op.hand_off() is True
    assert op.hand_off() is False  # once only
    assert seen == ["handed"] and op.handed_off and not op.cancelled and not op.stopped
    assert op.settle() is False  # nobody records a final state
    late = []
    op.on_hand_off(lambda: late.append(True))
    assert late == [True]
    assert not op.wait(0)  # running resources still go on to their end
    settled = Operation("s", "CREATE")
    settled.settle()
    assert settled.hand_off() is False and not settled.handed_off
