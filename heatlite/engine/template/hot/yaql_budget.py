"""A yaql expression evaluated within a time budget, off the eventlet hub.

yaql's own bounds ([yaql] limit_iterators, memory_quota) hold only where
its library functions apply them: ``range(0, 1000000000).len()`` counts a
billion items under both. So the evaluation also gets a deadline
([yaql] evaluation_timeout): a trace function, set on the evaluating
thread only, checks the clock as the expression's Python code runs and
stops it past the deadline. It raises a BaseException, which no
``except Exception`` inside yaql can swallow. The evaluation runs through
heatlite.common.offload, in a native thread when the process is green, so
the API answers other requests while it runs; the deadline is what ends it.
Work done inside one C call (a huge integer power) is not seen by the
trace; doc/source/limits.rst says so.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from heatlite.common import exception
from heatlite.common import offload


class _OutOfTime(BaseException):
    """Raised by the trace function into the expression's frame."""


def evaluate(statement: Any, data: Any, context: Any, seconds: float) -> Any:
    """``statement`` evaluated on ``{"data": data}``; RequestLimitExceeded
    past ``seconds``."""
    return offload.run(_evaluate_traced, statement, data, context, seconds)


def _evaluate_traced(statement: Any, data: Any, context: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise _OutOfTime()
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        return statement.evaluate({"data": data}, context.create_child_context())
    except _OutOfTime:
        raise exception.RequestLimitExceeded(
            message="The yaql expression ran longer than [yaql] "
                    "evaluation_timeout (%s seconds)." % seconds) from None
    finally:
        sys.settrace(previous)
