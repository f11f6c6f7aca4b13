"""Run CPU-bound work where it cannot starve the green threads.

heatlite-api, -engine and -all serve everything on eventlet green threads
in one OS thread: a computation that does not yield holds the hub, and no
other request (not even /healthcheck) is answered until it ends. Work that
may be long and whose length the client decides (a regular expression
match with backtracking, a yaql expression) runs through ``run`` instead:
in a native thread from eventlet's pool when the process is green-patched,
so the hub keeps turning (Python switches threads every few milliseconds,
and the ``regex`` module releases the GIL altogether). Without patching
(unit tests, heatlite-wsgi-api under uwsgi) the work runs in place, as
threads are real there anyway. Either way the work must bound itself (a
timeout or a deadline): a native thread cannot be killed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from eventlet import patcher
from eventlet import tpool

T = TypeVar("T")


def run(work: Callable[..., T], *args: object) -> T:
    """``work(*args)``, off the hub when the process is green."""
    if patcher.is_monkey_patched("thread"):
        return tpool.execute(work, *args)
    return work(*args)
