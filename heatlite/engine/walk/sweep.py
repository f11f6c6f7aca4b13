"""The sweep: finding stack locks held by dead engines and taking them over.

Every engine sweeps every ``heartbeat_interval`` (and once at start-up):
one query lists the locks whose holder has not beaten lately; each such
holder is then asked once (liveness.LivenessCheck: a retired or missing
row is dead at once, a stale beat is pinged). Only the roots of dead
work are taken over: a stack with no parent, or whose parent is not
IN_PROGRESS. A nested stack under a parent IN_PROGRESS is resumed by the
parent's own resources, whose lock path steals its lock.

Detection bound: a killed engine is found within ``STALE_BEATS`` intervals
(its beat turns stale) + ``engine_life_check_timeout`` (the unanswered
ping) + one interval (the next sweep). A retired one (graceful stop,
restart) within one interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from heatlite.db import stack_locks
from heatlite.engine import status
from heatlite.engine.walk import liveness
from heatlite.engine.walk import takeover
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.threads import Operation

LOG = logging.getLogger(__name__)

TakeOver = Callable[[EngineContext, str, str], Operation | None]


def is_root(lock: stack_locks.UnbeatLock) -> bool:
    """Whether the stack is a root of dead work, not left to its parent."""
    return lock.owner_id is None or lock.parent_status != status.IN_PROGRESS


class Sweeper:
    """Takes over the dead engines' roots of work for one engine."""

    def __init__(self, engine: EngineContext, alive: Callable[[str], bool], interval: int,
                 take_over: TakeOver = takeover.take_over) -> None:
        self.engine = engine
        self.alive = alive
        self.interval = interval
        self.take_over = take_over

    def dead_holders(self, locks: list[stack_locks.UnbeatLock]) -> set[str]:
        """The holders among ``locks`` that are dead, each asked once, at once."""
        holders = {lock.engine_id for lock in locks} - {self.engine.engine_id}
        answers = liveness.each_at_once(self.alive, holders)
        return {engine_id for engine_id, alive in answers.items() if not alive}

    def sweep(self, stopping: Callable[[], bool] = lambda: False) -> list[str]:
        """One sweep; the ids of the stacks taken over."""
        locks = stack_locks.held_without_beat(liveness.stale_before(self.interval))
        dead = self.dead_holders(locks)
        taken = []
        for lock in locks:
            if stopping():
                break
            if lock.engine_id in dead and is_root(lock) and self._take(lock):
                taken.append(lock.stack_id)
        return taken

    def _take(self, lock: stack_locks.UnbeatLock) -> bool:
        me = self.engine.engine_id
        if not stack_locks.steal(lock.stack_id, lock.engine_id, me):
            return False  # another engine was quicker, or the lock is gone
        LOG.info("Engine %s is dead: engine %s takes over stack %s",
                 lock.engine_id, me, lock.stack_id)
        try:
            self.take_over(self.engine, lock.stack_id, lock.engine_id)
        except Exception:
            LOG.exception("Taking over stack %s failed", lock.stack_id)
            stack_locks.release(lock.stack_id, me)
        return True
