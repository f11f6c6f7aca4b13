"""The in-process wait board for signals to resources.

Delivering a signal is signal_service.deliver; it ends by waking, through
this board, whatever this engine has waiting on that resource: a plugin
waiting for signals (a wait condition, a software deployment) blocks in its check_*_complete on an
event that ``deliver`` sets, so a signal reaching the engine running the
operation is seen at once, with no polling tick. A signal that reaches
another engine process is only in the database; the waiter re-reads the
database every ``RECHECK_SECS`` while it waits, which bounds that case.
There is one board per engine process (``BOARD``): plugins see only their
ResourceContext, and one process is one engine.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

# How often a waiter re-reads the database, for signals that another engine
# process received (a signal to this engine wakes it at once).
RECHECK_SECS = 1.0


class SignalBoard:
    """Wakes this engine's waiters when a resource (by uuid) is signalled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[threading.Event]] = {}

    def notify(self, resource_uuid: str) -> None:
        with self._lock:
            events = list(self._waiters.get(resource_uuid, ()))
        for event in events:
            event.set()

    @contextlib.contextmanager
    def listening(self, keys: list[str]) -> Iterator[threading.Event]:
        """One event, set by every ``notify`` of one of ``keys`` (resource
        uuids) while the block runs."""
        event = threading.Event()
        with self._lock:
            for key in keys:
                self._waiters.setdefault(key, set()).add(event)
        try:
            yield event
        finally:
            with self._lock:
                for key in keys:
                    waiters = self._waiters.get(key)
                    if waiters is not None:
                        waiters.discard(event)
                        if not waiters:
                            del self._waiters[key]

    def waiting(self, resource_uuid: str) -> int:
        """How many waiters listen on a resource (for tests and logs)."""
        with self._lock:
            return len(self._waiters.get(resource_uuid, ()))

    def wait_for(self, keys: str | list[str], done: Callable[[], bool],
                 sleep: Callable[[float], None], deadline: float | None) -> bool:
        """Block until ``done()`` is true (True) or ``deadline`` passes (False).

        ``done`` reads the persisted state; it runs again after every local
        signal to one of ``keys`` (resource uuids) and at least every RECHECK_SECS.
        ``sleep(0)`` raises when the operation is cancelled. ``deadline``
        is a time.monotonic() value, None for none.
        """
        with self.listening([keys] if isinstance(keys, str) else list(keys)) as event:
            while True:
                # Cleared before reading: a signal stored after the read
                # sets it again, so it is never missed.
                event.clear()
                if done():
                    return True
                sleep(0)
                remaining = RECHECK_SECS
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    remaining = min(remaining, left)
                event.wait(remaining)


BOARD = SignalBoard()
