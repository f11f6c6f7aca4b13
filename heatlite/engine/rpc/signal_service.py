"""Signals to resources: delivering one, and the signed-URL RPC endpoint.

``deliver`` is what a signal to a resource does, whichever way it came
(POST .../resources/<name>/signal through StackOpsService.resource_signal,
or a signed signal URL through ``SignalService``): refuse it for a resource
not created yet or while it is suspended or deleted (Heat's rules), let
the plugin's ``handle_signal`` persist it (synchronously: a malformed
signal is the caller's 400 here), record Heat's SIGNAL event, then wake
whatever this engine has waiting on the resource (signals.BOARD).

``SignalService`` serves heatlite.rpc.signal_calls (a signal, or a read of
the resource's metadata by a server's agent): the caller presents a token
instead of credentials, which is checked against the resource it
names (signal_urls.verify) before anything else; a stack or resource that
does not exist answers the same 403 as a wrong token, so the URL reveals
nothing.
"""

from __future__ import annotations

from typing import Any

import oslo_messaging

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import resources as resource_rows
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.software import signal_urls
from heatlite.engine.software import signals
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import stored_properties

SIGNAL = "SIGNAL"
NO_SIGNAL_ACTIONS = (status.SUSPEND, status.DELETE)


def _details_text(details: Any) -> str:
    """Heat's event reason for a signal whose handler returned nothing."""
    if details is None:
        return "No signal details provided"
    if isinstance(details, str):
        return details
    if isinstance(details, dict) and all(k in details for k in ("previous", "current",
                                                                 "reason")):
        return "alarm state changed from %(previous)s to %(current)s (%(reason)s)" % details
    return "Unknown"


def plugin_context(row: Any, stack_row: Any, plugin: type[resource_mod.Resource],
                   nested: Any = None) -> resource_mod.ResourceContext:
    """A plugin's view of a stored resource, outside any stack operation."""
    return resource_mod.ResourceContext(
        name=row.name, stack_name=stack_row.name, stack_id=stack_row.id, uuid=row.uuid,
        action=row.action or status.INIT,
        properties=stored_properties(plugin, row.properties_data),
        resource_id=row.physical_resource_id, data=dict(row.data or {}), nested=nested)


def deliver(plugin: type[resource_mod.Resource], stack_row: Any, row: Any, details: Any,
            recorder: Recorder, board: signals.SignalBoard = signals.BOARD,
            nested: Any = None) -> None:
    """Hand ``details`` to the resource's plugin, record it, wake waiters."""
    if plugin.handle_signal is resource_mod.Resource.handle_signal:
        raise exception.ResourceActionNotSupported(action="signal")
    action = row.action or status.INIT
    state = (action, row.status or status.COMPLETE)
    if action == status.INIT:
        raise exception.ResourceNotAvailable(resource_name=row.name)
    if action in NO_SIGNAL_ACTIONS:
        recorder.resource_event(row.name, row.type or "", state,
                                "Cannot signal resource during %s" % action,
                                row.physical_resource_id, row.properties_data)
        raise exception.NotSupported(feature="Signal resource during %s" % action)
    # ``nested``: the engine's nested stack runner, for plugins that need it
    # (ScalingPolicy resizes its group in-process).
    instance = plugin(plugin_context(row, stack_row, plugin, nested))
    try:
        result = instance.handle_signal(details)
    except resource_mod.NoActionRequired:
        return  # ignored by the resource: Heat records no event
    reason = "Signal: %s" % result if result else _details_text(details)
    recorder.resource_event(row.name, row.type or "", (SIGNAL, state[1]), reason,
                            row.physical_resource_id, row.properties_data)
    board.notify(row.uuid)


class SignalService:
    """Server side of heatlite.rpc.signal_calls.SignalCalls (RPC version 1.4)."""

    target = oslo_messaging.Target(version="1.5")
    RPC_METHODS = ("signed_resource_signal", "signed_resource_metadata")

    def __init__(self, engine: EngineService) -> None:
        self.engine = engine

    def _verified(self, tenant: str, stack_name: str, stack_id: str, resource_name: str,
                  token: str | None) -> tuple[Any, Any]:
        """(stack row, resource row) once ``token`` is proven; else 403."""
        stack_row = stacks.get(stack_id, tenant)
        row = None
        if stack_row is not None and stack_row.name == stack_name:
            row = resource_rows.get_by_name(stack_row.id, resource_name)
        if row is None:
            raise exception.HeatSignatureError()
        signal_urls.verify(self.engine.conf, token, tenant, stack_row.id, row.name, row.uuid)
        return stack_row, row

    def signed_resource_signal(self, ctxt: RequestContext, tenant: str, stack_name: str,
                               stack_id: str, resource_name: str, token: str | None,
                               details: Any = None) -> None:
        """A signal through a signed URL: 403 unless ``token`` is the resource's."""
        stack_row, row = self._verified(tenant, stack_name, stack_id, resource_name, token)
        plugin = self.engine.stored_plugins(stack_row).by_row(row)
        # The nested runner lets a scaling policy resize its group when
        # signalled through its alarm_url, as through the native API.
        deliver(plugin, stack_row, row, details,
                self.engine.context.recorder(stack_row.id, stack_row.name),
                nested=self.engine.nested)

    def signed_resource_metadata(self, ctxt: RequestContext, tenant: str, stack_name: str,
                                 stack_id: str, resource_name: str,
                                 token: str | None) -> Any:
        """A resource's metadata through its signed URL (a server's agent polling)."""
        _, row = self._verified(tenant, stack_name, stack_id, resource_name, token)
        return row.rsrc_metadata or {}
