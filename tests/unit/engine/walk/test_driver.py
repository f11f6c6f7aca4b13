"""The stack's final status and reason after a walk, in Heat's words."""

from __future__ import annotations

from heatlite.engine.walk.driver import WalkResult, stack_outcome


def _failure(name: str) -> tuple[str, str]:
    return "CHECK", "ValueError: resources.%s: boom" % name


def test_complete() -> None:
    result = WalkResult(failures=[], timed_out=False, cancelled=False)
    assert stack_outcome(result, "CREATE", None, _failure) == (
        "COMPLETE", "Stack CREATE completed successfully")


def test_timeout_wins_over_failures() -> None:
    result = WalkResult(failures=["a"], timed_out=True, cancelled=False)
    assert stack_outcome(result, "UPDATE", None, _failure) == ("FAILED", "Update timed out")


def test_cancelled_names_the_reason() -> None:
    result = WalkResult(failures=[], timed_out=False, cancelled=True)
    assert stack_outcome(result, "CREATE", "Operation cancelled", _failure) == (
        "FAILED", "Resource CREATE failed: Operation cancelled")


def test_first_failure_names_its_action() -> None:
    result = WalkResult(failures=["r1", "r2"], timed_out=False, cancelled=False)
    assert stack_outcome(result, "CREATE", None, _failure) == (
        "FAILED", "Resource CHECK failed: ValueError: resources.r1: boom")
