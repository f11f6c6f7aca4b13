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


def test_hand_off_stops_the_walk_and_leaves_the_final_state_to_nobody():
    op = Operation("s", "UPDATE")
    seen = []
    op.on_stop(lambda: seen.append(op.handed_off))
    assert op.hand_off()
    assert op.handed_off and op.stopped and seen == [True]
    assert not op.settle()  # nobody records a final state


def test_hand_off_is_too_late_once_the_final_state_is_being_recorded():
    op = Operation("s", "UPDATE")
    assert op.settle()
    assert not op.hand_off()
    assert not op.handed_off
