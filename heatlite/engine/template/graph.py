"""The dependency graph of a stack: nodes, the edges between them, validation.

A node is a hashable name (a resource name for stacks). ``requires[n]`` is
the set of nodes that must be done before ``n`` starts. The graph knows
nothing of resources, the database or threads; walking it is
heatlite.engine.walk.walker's job.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

N = TypeVar("N", bound=Hashable)


class GraphError(Exception):
    """Base class of graph validation errors."""


class UnknownNodeError(GraphError):
    """An edge points at a node the graph does not have."""

    def __init__(self, node: Hashable, missing: Hashable) -> None:
        self.node = node
        self.missing = missing
        super().__init__("%s requires unknown %s" % (node, missing))


class CycleError(GraphError):
    """The graph has a cycle; ``cycle`` lists its members in a fixed rotation.

    The rotation starts at the smallest member (by ``str``), so the same
    cycle is always reported the same way.
    """

    def __init__(self, cycle: list[Hashable]) -> None:
        self.cycle = cycle
        super().__init__("Circular Dependency Found: %s" % " -> ".join(
            str(n) for n in cycle + cycle[:1]))


class Graph(Generic[N]):
    """Nodes and their requirements; immutable once built."""

    def __init__(self, requires: Mapping[N, Iterable[N]]) -> None:
        self._requires: dict[N, frozenset[N]] = {
            node: frozenset(reqs) for node, reqs in requires.items()}
        required_by: dict[N, set[N]] = {node: set() for node in self._requires}
        for node, reqs in self._requires.items():
            for req in reqs:
                if req not in required_by:
                    raise UnknownNodeError(node, req)
                required_by[req].add(node)
        self._required_by = {n: frozenset(s) for n, s in required_by.items()}

    def __contains__(self, node: object) -> bool:
        return node in self._requires

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._requires)

    def __len__(self) -> int:
        return len(self._requires)

    def requires(self, node: N) -> frozenset[N]:
        """What ``node`` waits for."""
        return self._requires[node]

    def required_by(self, node: N) -> frozenset[N]:
        """What waits for ``node``."""
        return self._required_by[node]

    def reversed(self) -> Graph[N]:
        """The same graph with every edge turned round (for deletes)."""
        return Graph(self._required_by)

    def validate(self) -> None:
        """Raise CycleError naming one cycle if the graph has any."""
        cycle = self.find_cycle()
        if cycle:
            raise CycleError(cycle)

    def find_cycle(self) -> list[N] | None:
        """One cycle of the graph in a fixed rotation, or None.

        Iterative DFS, so deep chains do not hit the recursion limit; nodes
        are visited in sorted order so the answer is deterministic.
        """
        white, grey, black = 0, 1, 2
        colour = {n: white for n in self._requires}
        order = sorted(self._requires, key=str)
        for root in order:
            if colour[root] != white:
                continue
            path: list[N] = [root]
            stack = [iter(sorted(self._requires[root], key=str))]
            colour[root] = grey
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    colour[path.pop()] = black
                    stack.pop()
                    continue
                if colour[nxt] == grey:
                    return _rotate(path[path.index(nxt):])
                if colour[nxt] == white:
                    colour[nxt] = grey
                    path.append(nxt)
                    stack.append(iter(sorted(self._requires[nxt], key=str)))
        return None

    def toposort(self) -> list[N]:
        """Every node after all it requires (stable: sorted within a level)."""
        pending = {n: len(r) for n, r in self._requires.items()}
        ready = sorted((n for n, c in pending.items() if c == 0), key=str)
        out: list[N] = []
        while ready:
            node = ready.pop(0)
            out.append(node)
            for child in sorted(self._required_by[node], key=str):
                pending[child] -= 1
                if pending[child] == 0:
                    ready.append(child)
        if len(out) != len(pending):
            self.validate()
        return out


def _rotate(cycle: list[N]) -> list[N]:
    start = min(range(len(cycle)), key=lambda i: str(cycle[i]))
    return cycle[start:] + cycle[:start]
