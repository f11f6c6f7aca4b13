"""A test plugin that counts its calls and can be held inside an action.

``Blocking.hold(name)`` makes resource ``name`` wait in check_*_complete
until ``release(name)``; ``started(name)`` tells when it got there. Every
handle_* call is counted by (resource name, action), so a test sees that a
COMPLETE resource was never created twice.
"""

from __future__ import annotations

import collections
import threading
from typing import Any, ClassVar

from heatlite.engine import properties, resource


class Blocking(resource.Resource):
    """Counts handle_* calls; waits where a test holds it."""

    ANY_PROPERTIES = True
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, "CREATE", "DELETE",
                                               "SUSPEND", "RESUME", "CHECK")
    calls: ClassVar[collections.Counter[tuple[str, str]]] = collections.Counter()
    _held: ClassVar[dict[str, threading.Event]] = {}
    _arrived: ClassVar[dict[str, threading.Event]] = {}

    @classmethod
    def reset(cls) -> None:
        cls.calls.clear()
        cls._held.clear()
        cls._arrived.clear()

    @classmethod
    def hold(cls, name: str) -> None:
        cls._held[name] = threading.Event()
        cls._arrived[name] = threading.Event()

    @classmethod
    def release(cls, name: str) -> None:
        cls._held[name].set()

    @classmethod
    def started(cls, name: str, timeout: float = 10) -> bool:
        return cls._arrived[name].wait(timeout)

    def _handle(self, action: str) -> Any:
        self.calls[(self.name, action)] += 1
        if action == "CREATE":
            self.resource_id_set("phys-%s" % self.name)
        return action

    def _check(self, cookie: Any) -> bool:
        held = self._held.get(self.name)
        if held is not None:
            self._arrived[self.name].set()
            held.wait(30)
        return True

    def handle_create(self) -> Any:
        return self._handle("CREATE")

    def check_create_complete(self, cookie: Any) -> bool:
        return self._check(cookie)

    def handle_delete(self) -> Any:
        return self._handle("DELETE")

    def check_delete_complete(self, cookie: Any) -> bool:
        return self._check(cookie)

    def handle_suspend(self) -> Any:
        return self._handle("SUSPEND")

    def check_suspend_complete(self, cookie: Any) -> bool:
        return self._check(cookie)

    def handle_resume(self) -> Any:
        return self._handle("RESUME")

    def check_resume_complete(self, cookie: Any) -> bool:
        return self._check(cookie)

    def handle_check(self) -> Any:
        return self._handle("CHECK")

    def check_check_complete(self, cookie: Any) -> bool:
        return self._check(cookie)


class Sized(Blocking):
    """Blocking with one property, ``size``, whose change needs a
    replacement; its interrupted create, update and delete are re-driven."""

    ANY_PROPERTIES = False
    PROPERTIES = {"size": properties.Schema(properties.STRING, "a change replaces")}
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, "CREATE", "UPDATE",
                                               "DELETE")


class Unresumable(Blocking):
    """The same, but it cannot tell how to resume anything."""

    RESUME_AFTER_TAKEOVER: ClassVar[dict[str, str]] = {}


TYPES = {"Test::Blocking": Blocking, "Test::Unresumable": Unresumable,
         "Test::Sized": Sized}
