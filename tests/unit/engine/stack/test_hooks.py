"""Hooks and restricted actions read from the raw environment."""

import threading

import pytest

from heatlite.common import exception
from heatlite.engine.stack import hooks

ENV = {"parameters": {"a": 1},
       "resource_registry": {"resources": {
           "web*": {"hooks": ["pre-create", "pre-update"]},
           "db": {"restricted_actions": "replace", "OS::X": "OS::Y"}}}}


def test_split_and_merge_back_round_trip():
    clean, taken = hooks.split_environment(ENV)
    assert clean["resource_registry"]["resources"] == {"db": {"OS::X": "OS::Y"}}
    assert clean["parameters"] == {"a": 1}
    assert hooks.merge_back(clean, taken) == ENV
    assert ENV["resource_registry"]["resources"]["db"]["restricted_actions"] == "replace"


def test_breakpoints_match_globs():
    bp = hooks.Breakpoints(ENV)
    assert bp.hooks("web1") == {"pre-create", "pre-update"}
    assert bp.hooks("db") == set() and bp.restricted("db") == {"replace"}


@pytest.mark.parametrize("entry, exc", [
    ({"hooks": "pre-nothing"}, exception.InvalidBreakPointHook),
    ({"restricted_actions": "delete"}, exception.InvalidRestrictedAction)])
def test_bad_entries_are_refused(entry, exc):
    with pytest.raises(exc):
        hooks.split_environment({"resource_registry": {"resources": {"r": entry}}})


def test_board_wakes_the_waiter_when_notified():
    board = hooks.HookBoard()
    cleared = threading.Event()
    done = threading.Event()

    def waiter():
        board.wait(7, "pre-create", lambda: not cleared.is_set(), lambda secs: None)
        done.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    cleared.set()
    board.notify(7, "pre-create")
    assert done.wait(10)
    thread.join()


def test_board_wait_raises_when_cancelled():
    def cancelled(secs):
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        hooks.HookBoard().wait(1, "pre-delete", lambda: True, cancelled)
