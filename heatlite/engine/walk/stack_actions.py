"""SUSPEND, RESUME, CHECK and SNAPSHOT: one walk calling each resource's handler.

As in Heat: suspend goes dependants first, resume and check in dependency
order; a resource suspends only from a settled, non-failed state and
resumes only from SUSPEND COMPLETE or a resume; a resource without
handle_check is marked "CHECK not supported for <type>" and the stack's
reason says CHECK is not fully supported. A stack already SUSPEND COMPLETE
(RESUME COMPLETE) is not suspended (resumed) again. SNAPSHOT goes in
dependency order and calls the optional handle_snapshot (whatever the plugin
keeps with data_set goes into the snapshot); ``before_final`` lets the
caller store the snapshot before the stack's final state is recorded.

Given the engine's nested stack runner (``nested``), a resource whose work
is a nested stack (groups, template resources, OS::Heat::Stack) suspends,
resumes or checks that stack in turn, as Heat does: the child stack moves
through the same action with its own events, and its failure reason
becomes the resource's. Without it, plugins that need the runner fail
clearly (NotImplementedYet) instead of being skipped.

An action handed off (a graceful engine stop) records no final state (and
``before_final`` is not called) and keeps the lock, for takeover.py.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.template import graph as graph_mod
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.delete import delete_graph
from heatlite.engine.walk.driver import run_walk, stack_outcome
from heatlite.engine.walk.recorder import STATE_CHANGED, Recorder
from heatlite.engine.walk.resource_action import Driver, ResourceRecord
from heatlite.engine.walk.threads import Operation, Spawn
from heatlite.engine.walk.walker import OnFailure

ACTIONS = (status.SUSPEND, status.RESUME, status.CHECK, status.SNAPSHOT)
NOT_FULLY_SUPPORTED = ". 'CHECK' not fully supported (see resources)"


def already_done(action: str, state: status.State) -> bool:
    """Heat returns at once when the stack already is where the action leads."""
    return (action in (status.SUSPEND, status.RESUME)
            and state == (action, status.COMPLETE))


def supports_check(plugin: type[resource_mod.Resource]) -> bool:
    return callable(getattr(plugin, "handle_check", None))


def _walk_graph(action: str, records: Mapping[str, ResourceRecord]) -> graph_mod.Graph[str]:
    if action == status.SUSPEND:
        return delete_graph(records)
    return delete_graph(records).reversed()


class StackAction:
    """Runs suspend, resume or check over the current resources of a stack."""

    def __init__(self, action: str, stack_id: str, stack_name: str,
                 records: dict[str, ResourceRecord],
                 plugins: Mapping[str, type[resource_mod.Resource]], recorder: Recorder,
                 op: Operation, spawn: Spawn, timeout_secs: float | None,
                 release_lock: Callable[[], None],
                 before_final: Callable[[str, str], None] | None = None,
                 nested: Any = None) -> None:
        self.action = action
        self.stack_id = stack_id
        self.stack_name = stack_name
        self.records = records
        self.plugins = plugins
        self.recorder = recorder
        self.op = op
        self.spawn = spawn
        self.timeout_secs = timeout_secs
        self.release_lock = release_lock
        self.before_final = before_final
        self.nested = nested
        if nested is not None:
            # Template resources and aliased types: resolved through the
            # stack's stored definition, not the bare registry.
            self.plugins = nested.plugins_for(stack_id, records, plugins)

    def _stored_props(self, name: str) -> dict[str, Any]:
        return resource_action.stored_properties(self.plugins[name],
                                                 self.records[name].properties_data)

    def _run_node(self, name: Hashable, resume: str | None = None) -> bool:
        """Run the action on one resource; ``resume`` goes on with one a dead
        engine left IN_PROGRESS (REDRIVE or CHECK, takeover.py)."""
        assert isinstance(name, str)
        rec = self.records[name]
        plugin_cls = self.plugins[name]
        drv = Driver(rec, self.recorder, self.stack_name, self.stack_id, self.op.sleep)
        action = self.action
        if action == status.CHECK and not supports_check(plugin_cls):
            if rec.state != (status.INIT, status.COMPLETE):
                drv.move(status.CHECK, status.COMPLETE,
                         "%s not supported for %s" % (action, rec.type), rec.properties_data)
            return True
        error = None if resume is not None else self._invalid_state(rec)
        if error is not None:
            if action == status.CHECK:
                drv.move(status.CHECK, status.FAILED, error, rec.properties_data)
                rec.status_reason = drv.failure_reason(
                    action, Exception("Resource %s not created yet." % rec.name))
            else:
                rec.status_reason = drv.failure_reason(action, exception.Error(message=error))
            return False
        if resume is None:
            drv.move(action, status.IN_PROGRESS, STATE_CHANGED, rec.properties_data)
        ctx = None
        try:
            ctx = drv.context(action, self._stored_props(name), self.nested)
            plugin = plugin_cls(ctx)
            handle = getattr(plugin, "handle_%s" % action.lower(), None)
            check = getattr(plugin, "check_%s_complete" % action.lower(), None)
            if check is None:
                def check(cookie: Any) -> bool:
                    return True
            cookie = resource_action.first_cookie(
                plugin, action, resume, handle if callable(handle) else lambda: None)
            drv.wait_complete(check, cookie)
        except Exception as exc:
            drv.fail(action, exc, ctx, rec.properties_data)
            return False
        drv.move(action, status.COMPLETE, STATE_CHANGED, rec.properties_data,
                 {"data": dict(ctx.data)})
        return True

    def _invalid_state(self, rec: ResourceRecord) -> str | None:
        action, state = self.action, rec.state
        if action == status.SUSPEND and (rec.action == status.DELETE or (
                rec.action != status.SUSPEND and rec.status != status.COMPLETE)):
            return "State %s invalid for suspend" % (state,)
        if action == status.RESUME and state not in (
                (status.SUSPEND, status.COMPLETE), (status.RESUME, status.FAILED),
                (status.RESUME, status.COMPLETE)):
            return "State %s invalid for resume" % (state,)
        if action == status.CHECK and state == (status.INIT, status.COMPLETE):
            return "Can not check %s, resource not created yet." % rec.name
        return None

    def run(self) -> None:
        action = self.action
        in_progress = (action, status.IN_PROGRESS)
        try:
            on_failure = OnFailure.SKIP_DEPENDANTS if action == status.CHECK \
                else OnFailure.STOP
            result = run_walk(_walk_graph(action, self.records), self._run_node, self.op,
                              self.spawn, self.timeout_secs,
                              "%s timed out" % action.title(), on_failure)
            if self.op.handed_off:
                return
            state, reason = stack_outcome(
                result, action, self.op.cancel_reason,
                lambda name: (action, self.records[name].status_reason))
            if action == status.CHECK and not all(supports_check(p)
                                                  for p in self.plugins.values()):
                reason += NOT_FULLY_SUPPORTED
            if self.before_final is not None:
                self.before_final(state, reason)
            self.recorder.stack(in_progress, action, state, reason)
        except Exception as exc:
            self.recorder.stack(in_progress, action, status.FAILED, str(exc))
            raise
        finally:
            if not self.op.handed_off:
                self.release_lock()
