"""OS::Heat::Delay: waits a while during the actions it is told to.

Placed in the graph with depends_on, it delays whatever depends on it on
create and suspend (and what it depends on, on delete and resume), as in
Heat. The wait is ``min_wait`` plus a random jitter of up to
``max_jitter * jitter_multiplier`` seconds. It blocks inside
check_*_complete on the operation's cancellable sleep, so a cancel or a
stack timeout ends it at once. As in Heat, a template whose longest
possible delay (``min_wait + max_jitter * jitter_multiplier``) exceeds the
stack's timeout is refused when the stack is validated.
"""

from __future__ import annotations

import random
import time
from typing import Any

from heatlite.common import exception
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource

DELAY_ACTIONS = ("CREATE", "DELETE", "SUSPEND", "RESUME")


class Delay(resource.Resource):
    """Pauses for a configurable time during chosen actions."""
    # Waiting again is the only effect.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    SUPPORT_STATUS = {"version": "11.0.0"}

    PROPERTIES = {
        "min_wait": properties.Schema(
            properties.NUMBER, "Minimum time in seconds to wait during the specified "
            "actions.", default=0, update_allowed=True,
            constraints=[constraints.Range(min=0)]),
        "max_jitter": properties.Schema(
            properties.NUMBER, "Maximum jitter to add to the minimum wait time.",
            default=0, update_allowed=True, constraints=[constraints.Range(min=0)]),
        "jitter_multiplier": properties.Schema(
            properties.NUMBER, "Number of seconds to multiply the maximum jitter value "
            "by.", default=1.0, update_allowed=True,
            constraints=[constraints.Range(min=0)]),
        "actions": properties.Schema(
            properties.LIST, "Actions during which the delay will occur.",
            default=["CREATE"], update_allowed=True,
            constraints=[constraints.AllowedValues(DELAY_ACTIONS)]),
    }

    def _max_jitter_secs(self) -> float:
        return float(self.properties["max_jitter"] * self.properties["jitter_multiplier"])

    def validate(self) -> None:
        """Refuse a delay that could outlast the stack's timeout."""
        timeout = self.ctx.stack_timeout_secs
        if timeout is None:
            return
        max_wait = self.properties["min_wait"] + self._max_jitter_secs()
        if max_wait > timeout:
            raise exception.StackValidationFailed(
                message="OS::Heat::Delay maximum delay %ss exceeds stack timeout." % max_wait)

    def _wait_secs(self, action: str) -> float:
        if action not in (self.properties.get("actions") or []):
            return 0.0
        return float(self.properties["min_wait"]) + self._max_jitter_secs() * random.random()

    def _start(self, action: str) -> tuple[float, float]:
        return time.monotonic(), self._wait_secs(action)

    def _wait(self, cookie: tuple[float, float]) -> bool:
        started, secs = cookie
        remaining = secs - (time.monotonic() - started)
        if remaining > 0:
            self.sleep(remaining)
        return True

    def handle_create(self) -> Any:
        return self._start("CREATE")

    def check_create_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)

    def handle_delete(self) -> Any:
        return self._start("DELETE")

    def check_delete_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)

    def handle_suspend(self) -> Any:
        return self._start("SUSPEND")

    def check_suspend_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)

    def handle_resume(self) -> Any:
        return self._start("RESUME")

    def check_resume_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::Delay": Delay}
