"""The stack lock: one engine owns a stack's operation at a time.

Use it as a context manager with a purpose::

    with stack_lock.acquire(stack, engine_id, is_alive, purpose="create") as lock:
        ...                       # validate, store
        release = lock.hand_off()  # the operation thread releases it

A lock held by an engine that is alive means ActionInProgress (409); one
held by a dead engine is taken over. Leaving the ``with`` block releases
the lock unless it was handed off to a thread, which must call the
returned ``release`` when the operation ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from heatlite.common import exception
from heatlite.db import stack_locks


class StackLock:
    """A held lock row naming this engine."""

    def __init__(self, stack_id: str, engine_id: str, purpose: str) -> None:
        self.stack_id = stack_id
        self.engine_id = engine_id
        self.purpose = purpose
        self._handed_off = False
        self._released = False

    def hand_off(self) -> Callable[[], None]:
        """Give the lock to whoever calls the returned ``release``."""
        self._handed_off = True
        return self.release

    def release(self) -> None:
        if not self._released:
            self._released = True
            stack_locks.release(self.stack_id, self.engine_id)

    @property
    def handed_off(self) -> bool:
        return self._handed_off


def try_acquire(stack_id: str, engine_id: str,
                is_alive: Callable[[str], bool]) -> str | None:
    """Take the lock: None on success, else the live engine holding it.

    Our own engine id coming back means this engine already runs an
    operation on the stack.
    """
    for _ in range(3):
        holder = stack_locks.create(stack_id, engine_id)
        if holder is None:
            return None
        if holder == engine_id or is_alive(holder):
            return holder
        if stack_locks.steal(stack_id, holder, engine_id):
            return None
    return stack_locks.get_engine_id(stack_id)


@contextlib.contextmanager
def acquire(stack_id: str, stack_name: str, stack_action: str, engine_id: str,
            is_alive: Callable[[str], bool], purpose: str) -> Iterator[StackLock]:
    """Hold the lock for ``purpose``; ActionInProgress when another owns it."""
    if try_acquire(stack_id, engine_id, is_alive) is not None:
        raise exception.ActionInProgress(stack_name=stack_name, action=stack_action)
    lock = StackLock(stack_id, engine_id, purpose)
    try:
        yield lock
    finally:
        if not lock.handed_off:
            lock.release()
