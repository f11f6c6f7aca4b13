"""Adopting existing resources into a new stack (``adopt_stack_data`` on create).

The adopt document is what abandon/export give: the template, environment
and, per resource, its physical id, data and metadata. The stack is
validated and stored as a create is, but in ADOPT IN_PROGRESS, and its walk
adopts each resource instead of creating it: a plugin's own
``handle_adopt(resource_data)`` if it has one, else Heat's default (take
the physical id, which must be given, the data and the metadata). On
failure with rollback enabled, the stack rolls back retaining every
resource, as Heat's abandon-style rollback does. Off unless
``enable_stack_adopt``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.db import models
from heatlite.db import stack_locks
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.stack import hooks
from heatlite.engine.stack.definition import ResourceDefinition, ResourceState, StackScope
from heatlite.engine.walk import new_stack
from heatlite.engine.walk import resource_action
from heatlite.engine.walk import rollback
from heatlite.engine.walk.create import CreateStack
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.recorder import STATE_CHANGED, Recorder
from heatlite.engine.walk.resource_action import Driver, ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation, Spawn
from heatlite.rpc import api as rpc_api

STARTED = "Stack ADOPT started"
NO_RESOURCE_ID = "Resource ID was not provided."


def adopt_data(args: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The adopt document of a create request, None for a plain create."""
    data = (args or {}).get(rpc_api.PARAM_ADOPT_STACK_DATA)
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise exception.BadRequest(message="Invalid adopt data: not a JSON object")
    return data


def merged_params(data: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The adopt document's parameters, overridden by the request's, as Heat."""
    env = dict(params or {})
    adopted = data.get("environment") or {}
    values = dict(adopted.get(rpc_api.STACK_PARAMETERS) or {}) \
        if isinstance(adopted, Mapping) else {}
    values.update(env.get(rpc_api.STACK_PARAMETERS) or {})
    env[rpc_api.STACK_PARAMETERS] = values
    return env


def default_handle_adopt(plugin: resource_mod.Resource,
                         resource_data: Mapping[str, Any] | None) -> Any:
    """Heat's default: the physical id (required), data and metadata as given."""
    data = resource_data or {}
    if not data.get("resource_id"):
        raise Exception(NO_RESOURCE_ID)
    plugin.resource_id_set(str(data["resource_id"]))
    for key, value in (data.get("resource_data") or {}).items():
        plugin.data_set(key, value)
    return data.get("metadata")


def adopt_resource(defn: ResourceDefinition, rec: ResourceRecord, scope: StackScope,
                   recorder: Recorder, stack_name: str, stack_id: str,
                   sleep: Callable[[float], None],
                   resource_data: Mapping[str, Any] | None, nested: Any = None) -> bool:
    """Adopt one resource whose requirements are all adopted.

    ``nested`` is the engine's nested stack runner: a resource that owns a
    nested stack adopts that stack from its part of the document.
    """
    drv = Driver(rec, recorder, stack_name, stack_id, sleep)
    user_props = resource_action.user_properties(defn)
    drv.move(status.ADOPT, status.IN_PROGRESS, STATE_CHANGED, user_props,
             {"created_at": models.utcnow(), "properties_data": user_props})
    ctx = None
    try:
        props = defn.property_set().checked()
        ctx = drv.context(status.ADOPT, props, nested)
        plugin = defn.plugin(ctx)
        own = getattr(plugin, "handle_adopt", None)
        if callable(own):
            own(resource_data)
            metadata = None
        else:
            metadata = default_handle_adopt(plugin, resource_data)
        attrs = resource_action.resolved_attributes(plugin)
        ref_id = plugin.get_reference_id()
    except Exception as exc:
        drv.fail(status.ADOPT, exc, ctx, user_props)
        return False
    rec.physical_resource_id = ctx.resource_id
    rec.data = dict(ctx.data)
    rec.properties_data = user_props
    rec.attr_data = {"refid": ref_id, "attrs": attrs}
    values = {"physical_resource_id": ctx.resource_id, "data": rec.data,
              "attr_data": rec.attr_data}
    if metadata is not None:
        values["rsrc_metadata"] = metadata
    drv.move(status.ADOPT, status.COMPLETE, STATE_CHANGED, user_props, values)
    scope.states[defn.name] = ResourceState(ref_id=ref_id, attrs=attrs)
    return True


class AdoptStack(CreateStack):
    """The create walk, adopting each resource from the adopt document."""

    def __init__(self, *args: Any, resources: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, action=status.ADOPT, **kwargs)
        self.adopted = resources

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        data = self.adopted.get(name)
        return adopt_resource(self.defn.resources[name], self.records[name], self.defn.scope,
                              self.recorder, self.defn.stack_name, self.defn.stack_id,
                              self.op.sleep, data if isinstance(data, Mapping) else None,
                              self.gate.nested)


def adopt_stack(engine: EngineContext, ctxt: RequestContext, stack_name: str,
                data: Mapping[str, Any], params: dict[str, Any],
                files: dict[str, str] | None, args: dict[str, Any] | None,
                environment_files: list[str] | None) -> StackIdentity:
    """Validate and store the stack, start adopting; returns its identity."""
    if not engine.conf.enable_stack_adopt:
        raise exception.NotSupported(feature="Stack Adopt")
    template = data.get("template")
    stack_args = new_stack.extract_args(
        {k: v for k, v in (args or {}).items() if k != rpc_api.PARAM_ADOPT_STACK_DATA})
    stack_id = new_stack.new_stack_id()
    env, breakpoints = hooks.split_environment(merged_params(data, params))
    defn = new_stack.validate_new_stack(engine.conf, ctxt, engine.registry, stack_name,
                                        template, env, files, stack_id, environment_files)
    recorder = engine.recorder(stack_id, stack_name)
    stored_env = new_stack.stored_environment(defn, breakpoints)
    rows = new_stack.store_new_stack(ctxt, defn, stack_args, files, engine.engine_id,
                                     recorder, action=status.ADOPT, reason=STARTED,
                                     environment=stored_env)
    records = {name: ResourceRecord.from_row(r) for name, r in rows.items()}
    op = Operation(stack_id, status.ADOPT)
    timeout = engine.timeout_secs(stack_args.timeout_mins)
    gate = engine.gate(stored_env)
    spawn: Spawn = engine.threads.spawn

    def release() -> None:
        stack_locks.release(stack_id, engine.engine_id)

    def roll_back() -> None:
        # Heat rolls a failed adopt back as an abandon: every resource is kept.
        retain = {name: "Retain" for name in records}
        plugins = StoredPlugins.of_stack(engine.registry, stacks.get(stack_id))
        rollback.rollback_create(stack_id, stack_name, plugins, retain, recorder,
                                 op, spawn, timeout, gate, (status.ADOPT, status.FAILED))

    runner = AdoptStack(defn, records, recorder, op, spawn, timeout, release, gate,
                        None if stack_args.disable_rollback else roll_back,
                        resources=dict(data.get("resources") or {}))
    return new_stack.launch(engine.threads, op, runner.run, release, ctxt, defn)
