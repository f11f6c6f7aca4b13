"""Running a Walk with threads: the glue between walker.py and an Operation.

Each ready node runs on its own thread (green in the daemons); its outcome
is reported back under one lock, which starts whatever became ready. The
calling thread only waits for the walk to finish, or for the deadline, in
which case the operation is cancelled and running nodes wind down. A
stopped or handed-off operation starts no more nodes; the running ones end
on their own.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Hashable

from heatlite.engine.template.graph import Graph
from heatlite.engine.walk.threads import Operation, Spawn
from heatlite.engine.walk.walker import OnFailure, Walk, Walker

# A node's runner returns True (done), False (failed) or None (not run,
# because the operation was cancelled before it started).
NodeRunner = Callable[[Hashable], bool | None]


@dataclasses.dataclass
class WalkResult:
    failures: list[Hashable]
    timed_out: bool
    cancelled: bool


def run_walk(graph: Graph[Hashable], run_node: NodeRunner, op: Operation, spawn: Spawn,
             timeout: float | None, timeout_reason: str,
             on_failure: OnFailure = OnFailure.STOP) -> WalkResult:
    """Walk ``graph`` running ``run_node`` per node; returns when all ended."""
    # Re-entrant: a synchronous spawn reports from inside the dispatch.
    lock = threading.RLock()
    finished = threading.Event()
    walker = Walker(graph, on_failure)

    def work(node: Hashable) -> None:
        outcome: bool | None = False
        try:
            idle = op.cancelled or op.stopped or op.handed_off
            outcome = None if idle else run_node(node)
        finally:
            with lock:
                walk.report(node, outcome is not False)

    walk: Walk[Hashable] = Walk(walker, lambda node: spawn(work, node), finished.set)

    def cancel_walk() -> None:
        with lock:
            walk.cancel()

    with lock:
        walk.begin()
    op.on_cancel(cancel_walk)
    op.on_stop(cancel_walk)
    op.on_hand_off(cancel_walk)
    deadline = None if timeout is None else time.monotonic() + timeout
    timed_out = False
    while not finished.is_set():
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            timed_out = not op.cancelled
            op.cancel(timeout_reason)
            finished.wait()
            break
        finished.wait(remaining)
    return WalkResult(failures=list(walker.failures), timed_out=timed_out,
                      cancelled=op.cancelled and not timed_out)


def stack_outcome(result: WalkResult, action: str, cancel_reason: str | None,
                  failure: Callable[[str], tuple[str, str]]) -> tuple[str, str]:
    """The stack's final (status, reason) after a walk, in Heat's words.

    ``failure(node)`` gives (the action that failed, the resource's reason)
    for the first failed node. Status names are Heat's literal strings, so
    this module stays free of the status table.
    """
    if result.timed_out:
        return "FAILED", "%s timed out" % action.title()
    if result.cancelled:
        return "FAILED", "Resource %s failed: %s" % (action, cancel_reason)
    if result.failures:
        failed_in, why = failure(str(result.failures[0]))
        return "FAILED", "Resource %s failed: %s" % (failed_in, why)
    return "COMPLETE", "Stack %s completed successfully" % action

