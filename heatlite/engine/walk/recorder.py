"""Persisting state transitions: the row update plus its event, in one place.

Every stack or resource transition goes through here, so each is checked
against the status table and leaves exactly one event. Stack events carry
the stack's name as resource name and its id as physical id, as Heat's do.

A transition is one database transaction: the row update and its event
together (resources.update_with_event, stacks.update_with_event). The
per-stack event cap (max_events_per_stack) needs a count of the stack's
events; this recorder keeps a running estimate and has the database count
exactly only for its first event, every ``RECOUNT_EVERY`` events, and for
every event once the estimate is near the cap. Events other writers add
meanwhile (a signal handled elsewhere) are seen at the next exact count.

Each stack transition is also sent as Heat's notification when the
process has a notifier (heatlite.engine.notifications). A new stack's
first state is stored by its caller, so its ``start`` goes out just before
the recorder's next write, when the row exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.db import events
from heatlite.db import models
from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine import notifications, status
from heatlite.engine.walk import redaction

STACK_TYPE = "OS::Heat::Stack"
STATE_CHANGED = "state changed"

RECOUNT_EVERY = 100
"""Events recorded between two exact counts while far from the cap."""


class Recorder:
    """Writes the transitions of one stack and its resources."""

    def __init__(self, stack_id: str, stack_name: str, max_events: int | None,
                 purge_batch: int,
                 notifier: notifications.StackNotifier | None = None) -> None:
        self.stack_id = stack_id
        self.stack_name = stack_name
        self.max_events = max_events or None
        self.purge_batch = purge_batch
        self._held: int | None = None  # estimated events of the stack
        self._uncounted = 0  # events recorded since the last exact count
        self.notifier = notifier or notifications.active()
        # (action, reason) of a new stack's start, sent once its row exists.
        self._unsent_start: tuple[str, str] | None = None
        # The stack's hidden parameter values, read at the first event that
        # carries properties and again after the stack's template changes.
        self._hidden: frozenset[str] | None = None

    def _redacted(self, properties: Any) -> Any:
        if not properties:
            return properties
        if self._hidden is None:
            self._hidden = redaction.stack_hidden_values(self.stack_id)
        return redaction.redact(properties, self._hidden)

    def _send_start(self) -> None:
        if self._unsent_start is not None and self.notifier is not None:
            action, reason = self._unsent_start
            self._unsent_start = None
            self.notifier.stack_changed(self.stack_id, action, status.IN_PROGRESS, reason)

    def _cap(self) -> int | None:
        """max_events when the next event must be counted exactly, else None."""
        if not self.max_events or self.purge_batch <= 0:
            return None
        margin = max(1, min(RECOUNT_EVERY, self.max_events // 10))
        if (self._held is None or self._uncounted >= RECOUNT_EVERY
                or self._held + 1 >= self.max_events - margin):
            return self.max_events
        return None

    def _counted(self, held: int | None) -> None:
        if held is not None:
            self._held, self._uncounted = held, 0
        elif self._held is not None:
            self._held += 1
            self._uncounted += 1

    def _event(self, values: Mapping[str, Any]) -> None:
        self._send_start()
        self._counted(events.record(dict(values, stack_id=self.stack_id), self._cap(),
                                    self.purge_batch))

    def stack_event(self, action: str, state: str, reason: str) -> None:
        """Record a stack event only (the row was written by the caller)."""
        self._event(self._stack_event_values(action, state, reason))

    def first_stack_event(self, action: str, state: str, reason: str) -> dict[str, Any]:
        """The event of a brand-new stack, for its caller to store with the row.

        A new stack holds no events yet, so this one is the first and the
        recorder's count is exact without asking the database.
        """
        self._held, self._uncounted = 1, 0
        if self.notifier is not None:
            self._unsent_start = (action, reason)
        return self._stack_event_values(action, state, reason)

    def _stack_event_values(self, action: str, state: str, reason: str) -> dict[str, Any]:
        return {"resource_name": self.stack_name, "physical_resource_id": self.stack_id,
                "resource_action": action, "resource_status": state,
                "resource_status_reason": reason, "resource_type": STACK_TYPE,
                "resource_properties": {}}

    def stack(self, old: status.State, action: str, state: str, reason: str,
              values: Mapping[str, Any] | None = None) -> None:
        """Move the stack to ``action``/``state`` and record the event."""
        status.check(old, (action, state))
        self._send_start()
        update = dict(values or {}, action=action, status=state, status_reason=reason)
        if "raw_template_id" in update:
            self._hidden = None
        self._counted(stacks.update_with_event(
            self.stack_id, update, self._stack_event_values(action, state, reason),
            self._cap(), self.purge_batch))
        if self.notifier is not None:
            self.notifier.stack_changed(self.stack_id, action, state, reason)

    def resource(self, row_id: int, name: str, type_name: str, old: status.State,
                 action: str, state: str, reason: str, event_physical_id: str | None,
                 properties: Any, values: Mapping[str, Any] | None = None) -> None:
        """Move one resource and record its event."""
        status.check(old, (action, state))
        self._send_start()
        update = dict(values or {}, action=action, status=state, status_reason=reason,
                      updated_at=models.utcnow())
        event = {"stack_id": self.stack_id, "resource_name": name,
                 "physical_resource_id": event_physical_id,
                 "resource_action": action, "resource_status": state,
                 "resource_status_reason": reason, "resource_type": type_name,
                 "resource_properties": self._redacted(properties)}
        self._counted(resources.update_with_event(row_id, update, event, self._cap(),
                                                  self.purge_batch))

    def resource_event(self, name: str, type_name: str, state: status.State, reason: str,
                       event_physical_id: str | None, properties: Any) -> None:
        """An event for a resource that stays in ``state`` (hooks, signals)."""
        self._event({"resource_name": name, "physical_resource_id": event_physical_id,
                     "resource_action": state[0], "resource_status": state[1],
                     "resource_status_reason": reason, "resource_type": type_name,
                     "resource_properties": self._redacted(properties)})
