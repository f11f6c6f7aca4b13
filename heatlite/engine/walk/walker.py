"""Walking a Graph: a graphlib-style ready/done protocol plus failure rules.

``Walker`` runs nothing: the caller asks ``get_ready()`` for nodes whose
requirements are all done, starts them however it likes, and reports each
outcome with ``done(node)`` or ``failed(node)``; those calls are
O(dependants) through counters, so completion wakes what waits, with no
polling. ``Walk`` adds the small dispatch loop around it, with the starter
and the finish callback injected: no threads, database or RPC in here.

Failure rules (``on_failure``):
  STOP             start nothing new after the first failure; nodes already
                   running may finish (Heat's create/delete without rollback).
  SKIP_DEPENDANTS  keep going, but never start a node any of whose
                   requirements failed or was skipped ("upstream failed").
A cancelled walk starts nothing new either. A walker walks once.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from heatlite.engine.template.graph import Graph

N = TypeVar("N", bound=Hashable)


class OnFailure(enum.Enum):
    STOP = "stop"
    SKIP_DEPENDANTS = "skip_dependants"


class NodeState(enum.Enum):
    WAITING = "waiting"
    READY = "ready"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


class WalkerError(Exception):
    """The caller broke the protocol (reported a node not running, ...)."""


class Walker(Generic[N]):
    """Tracks which nodes may start; the caller does the starting."""

    def __init__(self, graph: Graph[N], on_failure: OnFailure = OnFailure.STOP) -> None:
        graph.validate()
        self._graph = graph
        self._on_failure = on_failure
        self._pending = {n: len(graph.requires(n)) for n in graph}
        self._state = {n: NodeState.WAITING for n in graph}
        self._ready = [n for n in sorted(graph, key=str) if self._pending[n] == 0]
        for n in self._ready:
            self._state[n] = NodeState.READY
        self._running = 0
        self._halted = False
        self.failures: list[N] = []

    @property
    def halted(self) -> bool:
        """True once nothing new will start (failure under STOP, or cancel)."""
        return self._halted

    def state(self, node: N) -> NodeState:
        return self._state[node]

    def get_ready(self) -> list[N]:
        """Nodes that may start now; each is returned once, then RUNNING."""
        if self._halted:
            return []
        ready, self._ready = self._ready, []
        for n in ready:
            self._state[n] = NodeState.RUNNING
        self._running += len(ready)
        return ready

    def done(self, node: N) -> None:
        """``node`` finished well: its dependants may become ready."""
        self._finish(node, NodeState.DONE)
        for child in sorted(self._graph.required_by(node), key=str):
            if self._state[child] is not NodeState.WAITING:
                continue
            self._pending[child] -= 1
            if self._pending[child] == 0:
                self._state[child] = NodeState.READY
                self._ready.append(child)

    def failed(self, node: N) -> None:
        """``node`` failed: apply the failure rule."""
        self._finish(node, NodeState.FAILED)
        self.failures.append(node)
        if self._on_failure is OnFailure.STOP:
            self._halted = True
        else:
            self._skip_dependants(node)

    def cancel(self) -> None:
        """Start nothing more; running nodes are still reported as they end."""
        self._halted = True

    def is_active(self) -> bool:
        """More will happen: nodes running, or nodes that may still start."""
        if self._running:
            return True
        if self._halted:
            return False
        # In an acyclic graph a waiting node always has a running or ready
        # ancestor, or was skipped; so ready nodes are all that is left.
        return bool(self._ready)

    def unstarted(self) -> list[N]:
        """Nodes that never started (still waiting, ready, or skipped)."""
        return [n for n, s in self._state.items()
                if s in (NodeState.WAITING, NodeState.READY, NodeState.SKIPPED)]

    def _finish(self, node: N, state: NodeState) -> None:
        if self._state.get(node) is not NodeState.RUNNING:
            raise WalkerError("%s reported but not running" % (node,))
        self._state[node] = state
        self._running -= 1

    def _skip_dependants(self, node: N) -> None:
        todo = list(self._graph.required_by(node))
        while todo:
            child = todo.pop()
            if self._state[child] in (NodeState.WAITING, NodeState.READY):
                if self._state[child] is NodeState.READY:
                    self._ready.remove(child)
                self._state[child] = NodeState.SKIPPED
                todo.extend(self._graph.required_by(child))


class Walk(Generic[N]):
    """Drives a Walker: starts ready nodes, re-dispatches on every report.

    ``start(node)`` must arrange for ``report(node, ok)`` to be called once,
    now or later, from anywhere; ``on_finish()`` is called once, when nothing
    runs and nothing more can start. Reports made while dispatching (a
    synchronous starter) are handled by the same loop, not by recursion.
    Callers that report from several threads serialise ``report`` themselves.
    """

    def __init__(self, walker: Walker[N], start: Callable[[N], None],
                 on_finish: Callable[[], None]) -> None:
        self.walker = walker
        self._start = start
        self._on_finish = on_finish
        self._dispatching = False
        self._finished = False

    def begin(self) -> None:
        self._dispatch()

    def report(self, node: N, ok: bool) -> None:
        if ok:
            self.walker.done(node)
        else:
            self.walker.failed(node)
        self._dispatch()

    def cancel(self) -> None:
        self.walker.cancel()
        self._dispatch()

    @property
    def finished(self) -> bool:
        return self._finished

    def _dispatch(self) -> None:
        if self._dispatching or self._finished:
            return
        self._dispatching = True
        try:
            while True:
                ready = self.walker.get_ready()
                if not ready:
                    break
                for node in ready:
                    self._start(node)
        finally:
            self._dispatching = False
        if not self.walker.is_active() and not self._finished:
            self._finished = True
            self._on_finish()
