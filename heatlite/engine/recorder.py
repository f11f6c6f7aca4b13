"""Persisting state transitions: the row update plus its event, in one place.

Every stack or resource transition goes through here, so each is checked
against the status table and leaves exactly one event. Stack events carry
the stack's name as resource name and its id as physical id, as Heat's do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.db import events
from heatlite.db import models
from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine import status

STACK_TYPE = "OS::Heat::Stack"
STATE_CHANGED = "state changed"


class Recorder:
    """Writes the transitions of one stack and its resources."""

    def __init__(self, stack_id: str, stack_name: str, max_events: int | None,
                 purge_batch: int) -> None:
        self.stack_id = stack_id
        self.stack_name = stack_name
        self.max_events = max_events or None
        self.purge_batch = purge_batch

    def _event(self, values: Mapping[str, Any]) -> None:
        events.create(dict(values, stack_id=self.stack_id), max_events=self.max_events,
                      purge_batch=self.purge_batch)

    def stack_event(self, action: str, state: str, reason: str) -> None:
        """Record a stack event only (the row was written by the caller)."""
        self._event({"resource_name": self.stack_name,
                     "physical_resource_id": self.stack_id,
                     "resource_action": action, "resource_status": state,
                     "resource_status_reason": reason,
                     "resource_type": STACK_TYPE, "resource_properties": {}})

    def stack(self, old: status.State, action: str, state: str, reason: str,
              values: Mapping[str, Any] | None = None) -> None:
        """Move the stack to ``action``/``state`` and record the event."""
        status.check(old, (action, state))
        stacks.update(self.stack_id, dict(values or {}, action=action, status=state,
                                          status_reason=reason))
        self.stack_event(action, state, reason)

    def resource(self, row_id: int, name: str, type_name: str, old: status.State,
                 action: str, state: str, reason: str, event_physical_id: str | None,
                 properties: Any, values: Mapping[str, Any] | None = None) -> None:
        """Move one resource and record its event."""
        status.check(old, (action, state))
        now = models.utcnow()
        update = dict(values or {}, action=action, status=state, status_reason=reason,
                      updated_at=now)
        resources.update(row_id, update)
        self._event({"resource_name": name, "physical_resource_id": event_physical_id,
                     "resource_action": action, "resource_status": state,
                     "resource_status_reason": reason, "resource_type": type_name,
                     "resource_properties": properties})

    def resource_event(self, name: str, type_name: str, state: status.State, reason: str,
                       event_physical_id: str | None, properties: Any) -> None:
        """An event for a resource that stays in ``state`` (hooks, signals)."""
        self._event({"resource_name": name, "physical_resource_id": event_physical_id,
                     "resource_action": state[0], "resource_status": state[1],
                     "resource_status_reason": reason, "resource_type": type_name,
                     "resource_properties": properties})
