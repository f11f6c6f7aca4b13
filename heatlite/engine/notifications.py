"""Heat's stack notifications: ``orchestration.stack.<action>.<start|end|error>``.

With ``[oslo_messaging_notifications] driver`` set (messagingv2, log,
...), every stack transition the Recorder writes is also sent through
oslo.messaging's Notifier, as Heat sends it: IN_PROGRESS is ``start``,
COMPLETE ``end`` and FAILED ``error`` (always at ERROR level; the others at
``default_notification_level``), publisher ``default_publisher_id`` or
``orchestration.<host>``, the payload Heat's format_notification_body
builds (field names in ``payload``). Without a driver nothing is built or
sent: ``setup`` leaves no notifier and the Recorder skips the call.

The engine process calls ``setup`` once at start; the Recorder of every
stack takes the process's notifier from ``active()``. A notification never
fails an operation: the Notifier logs its drivers' errors, and a failure
to read the stack for the payload is logged here.
"""

from __future__ import annotations

from typing import Any

import oslo_messaging
from oslo_config import cfg
from oslo_log import log as logging

from heatlite.common import messaging
from heatlite.common.context import RequestContext
from heatlite.db import raw_templates, stacks
from heatlite.engine import status

LOG = logging.getLogger(__name__)

SERVICE = "orchestration"
_SUFFIXES = {status.IN_PROGRESS: "start", status.COMPLETE: "end", status.FAILED: "error"}


def _isotime(when: Any) -> str | None:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when is not None else None


def payload(row: stacks.StackRecord, action: str, state: str, reason: str,
            description: str | None) -> dict[str, Any]:
    """Heat's notification body for ``row`` moving to ``action``/``state``.

    ``user_id`` is the user *name* and ``user_identity`` the id, as in Heat
    (which kept the older meaning of ``user_id`` for its consumers).
    """
    return {
        "tenant_id": row.tenant,
        "user_id": row.username,
        "user_identity": row.user_id,
        "username": row.username,
        "stack_identity": row.id,
        "stack_name": row.name,
        "state": status.state_name(action, state),
        "state_reason": reason,
        "create_at": _isotime(row.created_at),
        "description": description,
        "updated_at": _isotime(row.updated_at),
        "tags": [tag.tag for tag in row.tags] or None,
    }


def event_type(action: str, state: str) -> str:
    """``orchestration.stack.create.start`` and the like."""
    return "%s.stack.%s.%s" % (SERVICE, action.lower(), _SUFFIXES[state])


class StackNotifier:
    """Sends one notification per stack transition through a Notifier."""

    def __init__(self, notifier: oslo_messaging.Notifier, level: str) -> None:
        self._notifier = notifier
        self._level = level.lower()

    def stack_changed(self, stack_id: str, action: str, state: str, reason: str) -> None:
        """Notify the stack's move to ``action``/``state`` (already stored)."""
        try:
            row = stacks.get(stack_id, show_deleted=True)
            if row is None:
                return
            template = raw_templates.get(row.raw_template_id).template or {}
            body = payload(row, action, state, reason, template.get("description"))
        except Exception:  # noqa: BLE001  (a notification must not fail the operation)
            LOG.warning("No notification for stack %s %s_%s: its row could not be read",
                        stack_id, action, state, exc_info=True)
            return
        level = "error" if state == status.FAILED else self._level
        context = RequestContext(project_id=row.tenant, user_id=row.user_id,
                                 username=row.username)
        getattr(self._notifier, level)(context, event_type(action, state), body)


_active: StackNotifier | None = None
_transport: oslo_messaging.Transport | None = None


def setup(conf: cfg.ConfigOpts) -> StackNotifier | None:
    """Make this process's notifier from ``conf``; None when no driver is set."""
    global _active, _transport
    cleanup()
    transport = oslo_messaging.get_notification_transport(conf)
    publisher = conf.default_publisher_id or "%s.%s" % (SERVICE, conf.host)
    notifier = oslo_messaging.Notifier(transport, publisher_id=publisher,
                                       serializer=messaging.RequestContextSerializer())
    # is_enabled() is true for an empty driver list too (no extension is
    # "noop" then), so the list itself says whether anything is sent.
    drivers = conf.oslo_messaging_notifications.driver
    if not drivers or not notifier.is_enabled():
        transport.cleanup()
        return None
    _transport = transport
    _active = StackNotifier(notifier, conf.default_notification_level)
    return _active


def active() -> StackNotifier | None:
    """The process's notifier, or None when notifications are off."""
    return _active


def cleanup() -> None:
    """Stop notifying and close the notification transport."""
    global _active, _transport
    if _transport is not None:
        _transport.cleanup()
    _active = _transport = None
