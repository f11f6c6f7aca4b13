"""An update waiting for the create or update it preempted to end.

Heat's convergence engine starts a new traversal at once, and what the old
one still has in progress is waited for. Here the preempting update is the
stack's operation from the moment it is asked for (``Successor`` runs as
its Operation): a newer update preempts it in turn (it then never runs), and
a delete, cancel_update or engine shutdown reaches it; cancelling it cancels
the operation it waits for, so nobody waits for resources no one wants.
Its walk starts once the old operation ended, the time waited counting
against its timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from heatlite.engine.walk.threads import CANCELLED, Operation

# Runs the update's walk, given the seconds spent waiting.
RunUpdate = Callable[[float], None]


class Successor:
    """The new update, waiting for the operation it preempted to end."""

    def __init__(self, previous: Operation, op: Operation, run_update: RunUpdate) -> None:
        self.previous = previous
        self.op = op
        self.run_update = run_update
        op.on_cancel(lambda: previous.cancel(op.cancel_reason or CANCELLED))

    def run(self) -> None:
        started = time.monotonic()
        self.previous.wait()
        if self.op.preempted:
            return  # a newer update took the stack over while this one waited
        self.run_update(time.monotonic() - started)
