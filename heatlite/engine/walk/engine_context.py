"""The engine-wide pieces every stack operation is started with, in one object.

The RPC service builds one EngineContext when the engine starts and hands
the same object to the nested-stack runner, so a top-level stack and a
nested one get their recorder, timeout, hook gate, lock and threads the
same way, and start suspend, resume and check through one function
(heatlite.engine.walk.start).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from oslo_config import cfg

from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import hooks
from heatlite.engine.walk import stack_lock
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import Gate
from heatlite.engine.walk.threads import ThreadGroupManager


@dataclasses.dataclass
class EngineContext:
    """This engine's registry, threads, hook board, liveness and config."""

    conf: cfg.ConfigOpts
    engine_id: str
    registry: Registry
    threads: ThreadGroupManager
    hook_board: hooks.HookBoard
    # Whether the engine of a given id is alive (held locks of dead ones are taken).
    alive: Callable[[str], bool]
    # The nested-stack runner; it lives in a room above this one and is
    # built on this context, so it is attached once it exists.
    nested: Any = None

    def recorder(self, stack_id: str, stack_name: str) -> Recorder:
        """The transition recorder of one stack, with this engine's event limits."""
        return Recorder(stack_id, stack_name, self.conf.max_events_per_stack,
                        self.conf.event_purge_batch_size)

    def timeout_secs(self, minutes: int | None) -> float:
        """A stack's timeout in seconds; the configured default when it has none."""
        return float(minutes * 60 if minutes else self.conf.stack_action_timeout)

    def gate(self, environment: Mapping[str, Any] | None) -> Gate:
        """Pauses resources at the hooks of a stored environment."""
        return Gate(hooks.Breakpoints(environment), self.hook_board, self.nested)

    @contextlib.contextmanager
    def lock(self, row: Any, purpose: str) -> Iterator[stack_lock.StackLock]:
        """The stack lock for an operation of this engine (409 when held)."""
        with stack_lock.acquire(row.id, row.name, row.action or "", self.engine_id,
                                self.alive, purpose=purpose) as held:
            yield held
