import pytest

from heatlite.engine import status


def test_table():
    assert status.allowed(("INIT", "COMPLETE"), ("CREATE", "IN_PROGRESS"))
    assert status.allowed(("CREATE", "IN_PROGRESS"), ("CREATE", "FAILED"))
    assert status.allowed(("CREATE", "FAILED"), ("DELETE", "IN_PROGRESS"))
    assert not status.allowed(("CREATE", "COMPLETE"), ("CREATE", "IN_PROGRESS"))
    assert not status.allowed(("INIT", "COMPLETE"), ("CREATE", "COMPLETE"))
    assert not status.allowed(("CREATE", "IN_PROGRESS"), ("DELETE", "COMPLETE"))


def test_check_raises_with_names():
    with pytest.raises(status.InvalidTransition, match="INIT_COMPLETE -> CREATE_COMPLETE"):
        status.check(("INIT", "COMPLETE"), ("CREATE", "COMPLETE"))
