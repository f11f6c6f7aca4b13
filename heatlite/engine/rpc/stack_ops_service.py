"""RPC endpoint for the other stack operations: suspend, resume, check;
outputs, environment and files; abandon and export; resource signals
(``unset_hook``) and mark-unhealthy.

Each method looks the stack up for the caller, takes the stack lock when it
changes anything (409 while another operation runs), and hands over to the
module that does the job (stack_actions, abandon, hooks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import oslo_messaging

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.rpc import signal_service
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.stack import hooks
from heatlite.engine.stack import lookup
from heatlite.engine.stack import queries
from heatlite.engine.stack import stored
from heatlite.engine.walk import abandon, redaction
from heatlite.engine.walk import stack_actions
from heatlite.engine.walk import start
from heatlite.rpc import api as rpc_api

MARK_UNHEALTHY_REASON = "state changed by resource_mark_unhealthy api"


class StackOpsService:
    """Server side of the stack action, data, abandon and signal calls (1.2)."""

    target = oslo_messaging.Target(version="1.5")
    RPC_METHODS = ("stack_suspend", "stack_resume", "stack_check", "list_outputs",
                   "show_output", "get_environment", "get_files", "abandon_stack",
                   "export_stack", "resource_signal", "resource_mark_unhealthy")

    def __init__(self, engine: EngineService) -> None:
        self.engine = engine

    # -- suspend, resume, check ---------------------------------------------------

    def _start_action(self, ctxt: RequestContext, identity: StackIdentity,
                      action: str) -> None:
        engine = self.engine
        engine._check_running("stack_%s" % action.lower())
        row = lookup.get_stack(ctxt, identity)
        if stack_actions.already_done(action, (row.action, row.status)):
            return
        start.stack_action(engine.context, row, action,
                           lambda: lookup.get_stack(ctxt, identity), engine.stored_plugins)

    def stack_suspend(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._start_action(ctxt, stack_identity, status.SUSPEND)

    def stack_resume(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._start_action(ctxt, stack_identity, status.RESUME)

    def stack_check(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._start_action(ctxt, stack_identity, status.CHECK)

    # -- outputs, environment, files ---------------------------------------------

    def _outputs(self, ctxt: RequestContext, identity: StackIdentity) -> list[dict[str, Any]]:
        doc = queries.show_stack(ctxt, self.engine.registry, identity, True)[0]
        return list(doc.get(rpc_api.STACK_OUTPUTS) or [])

    def list_outputs(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> list[dict[str, Any]]:
        """Each output's key and description (values are read one by one)."""
        row = lookup.get_stack(ctxt, stack_identity)
        defn = stored.load_definition(row, self.engine.registry)
        return [{rpc_api.OUTPUT_KEY: o.name,
                 rpc_api.OUTPUT_DESCRIPTION: o.description_text()}
                for o in defn.outputs.values()]

    def show_output(self, ctxt: RequestContext, stack_identity: StackIdentity,
                    output_key: str) -> dict[str, Any]:
        for output in self._outputs(ctxt, stack_identity):
            if output[rpc_api.OUTPUT_KEY] == output_key:
                return output
        # Heat's own message, placeholder included.
        raise exception.NotFound(message="Specified output key {} not found.")

    def get_environment(self, ctxt: RequestContext,
                        stack_identity: StackIdentity) -> dict[str, Any]:
        row = lookup.get_stack(ctxt, stack_identity, show_deleted=True)
        raw = raw_templates.get(row.raw_template_id)
        return redaction.masked_environment(raw.environment or {}, raw.template)

    def get_files(self, ctxt: RequestContext, stack_identity: StackIdentity) -> dict[str, Any]:
        row = lookup.get_stack(ctxt, stack_identity, show_deleted=True)
        return raw_templates.get(row.raw_template_id).files or {}

    # -- abandon, export -------------------------------------------------------

    def export_stack(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> dict[str, Any]:
        row = lookup.get_stack(ctxt, stack_identity)
        return abandon.export_document(row)

    def abandon_stack(self, ctxt: RequestContext,
                      stack_identity: StackIdentity) -> dict[str, Any]:
        """The stack's export document; the stack is then forgotten, its
        resources left as they are."""
        if not self.engine.conf.enable_stack_abandon:
            raise exception.NotSupported(feature="Stack Abandon")
        row = lookup.get_stack(ctxt, stack_identity)
        with self.engine.context.lock(row, "abandon"):
            row = lookup.get_stack(ctxt, stack_identity)
            doc = abandon.export_document(row)
            abandon.forget(row, lambda stack: self.engine.context.recorder(stack.id, stack.name))
        return doc

    # -- resources -------------------------------------------------------------

    def _resource_row(self, ctxt: RequestContext, identity: StackIdentity,
                      name: str) -> tuple[Any, Any]:
        row = lookup.get_stack(ctxt, identity)
        rsrc = resource_rows.get_by_name(row.id, name)
        if rsrc is None:
            raise exception.ResourceNotFound(resource_name=name, stack_name=row.name)
        return row, rsrc

    def resource_signal(self, ctxt: RequestContext, stack_identity: StackIdentity,
                        resource_name: str, details: Any,
                        sync_call: bool = False) -> None:
        """``{"unset_hook": <hook>}`` releases a paused resource; plugins may
        accept other signals through handle_signal."""
        row, rsrc = self._resource_row(ctxt, stack_identity, resource_name)
        if isinstance(details, Mapping) and "unset_hook" in details:
            self._unset_hook(row, rsrc, details["unset_hook"])
            return
        plugin = self.engine.stored_plugins(row).by_row(rsrc)
        if plugin.handle_signal is resource_mod.Resource.handle_signal:
            raise exception.ResourceActionNotSupported(action="signal")
        signal_service.deliver(plugin, row, rsrc, details,
                               self.engine.context.recorder(row.id, row.name),
                               nested=self.engine.nested)

    def _unset_hook(self, row: Any, rsrc: Any, hook: Any) -> None:
        if hook not in hooks.HOOK_TYPES:
            raise exception.InvalidBreakPointHook(
                message='Invalid hook type "%s" for %s' % (hook, rsrc.name))
        data = dict(rsrc.data or {})
        if data.get(hooks.data_key(hook)) != "True":
            raise exception.InvalidBreakPointHook(
                message='The "%s" hook is not defined on %s' % (hook, rsrc.name))
        data.pop(hooks.data_key(hook))
        resource_rows.update(rsrc.id, {"data": data})
        recorder = self.engine.context.recorder(row.id, row.name)
        recorder.resource_event(rsrc.name, rsrc.type or "",
                                (rsrc.action or status.INIT, rsrc.status or status.COMPLETE),
                                "Hook %s is cleared" % hook, rsrc.physical_resource_id,
                                rsrc.properties_data)
        self.engine.hook_board.notify(rsrc.id, hook)

    def resource_mark_unhealthy(self, ctxt: RequestContext, stack_identity: StackIdentity,
                                resource_name: str, mark_unhealthy: bool,
                                resource_status_reason: str | None = None) -> None:
        """CHECK FAILED (or back to CHECK COMPLETE) with the caller's reason."""
        if not isinstance(mark_unhealthy, bool):
            raise exception.BadRequest(
                message="mark_unhealthy: %s is not a boolean" % mark_unhealthy)
        row, rsrc = self._resource_row(ctxt, stack_identity, resource_name)
        reason = resource_status_reason or MARK_UNHEALTHY_REASON
        old = (rsrc.action or status.INIT, rsrc.status or status.COMPLETE)
        if rsrc.status == status.IN_PROGRESS:
            raise exception.ActionInProgress(stack_name=row.name, action=row.action)
        if mark_unhealthy:
            if rsrc.action == status.DELETE:
                return
            new = (status.CHECK, status.FAILED)
        elif old == (status.CHECK, status.FAILED):
            new = (status.CHECK, status.COMPLETE)
        else:
            return
        recorder = self.engine.context.recorder(row.id, row.name)
        recorder.resource(rsrc.id, rsrc.name, rsrc.type or "", old, new[0], new[1], reason,
                          rsrc.physical_resource_id, rsrc.properties_data)
