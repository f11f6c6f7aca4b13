"""Driving one resource through create or delete, persisting each step.

The plugin does the work (handle_*/check_*_complete); this module moves the
resource's state IN_PROGRESS -> COMPLETE | FAILED through the Recorder,
turns failures into Heat's reasons ("<ExcType>: resources.<name>: <msg>"),
and, when a create completes, stores the reference id and every attribute
value so templates and views read them without calling the plugin again.
A ``Gate`` pauses a resource at its environment's hooks (pre-create, ...).
Update and the other actions reuse the ``Driver`` (resource_update.py,
stack_actions.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from heatlite.common import exception
from heatlite.db import models
from heatlite.db import resources as resource_rows
from heatlite.engine import function
from heatlite.engine import properties as props_mod
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.stack import hooks
from heatlite.engine.stack.definition import ResourceDefinition, ResourceState, StackScope
from heatlite.engine.walk.recorder import STATE_CHANGED, Recorder

_FIRST_POLL, _MAX_POLL = 0.01, 1.0


@dataclasses.dataclass
class ResourceRecord:
    """The engine's copy of one resource row."""

    id: int
    uuid: str
    name: str
    type: str
    action: str
    status: str
    physical_resource_id: str | None = None
    status_reason: str = ""
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    properties_data: Any = None
    attr_data: dict[str, Any] | None = None
    requires: list[str] = dataclasses.field(default_factory=list)
    stored_metadata: Any = None
    # The raw template the row was last created or updated with: ``type``
    # means what that template's environment makes of it.
    current_template_id: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> ResourceRecord:
        return cls(id=row.id, uuid=row.uuid, name=row.name, type=row.type or "",
                   action=row.action or status.INIT, status=row.status or status.COMPLETE,
                   physical_resource_id=row.physical_resource_id,
                   status_reason=row.status_reason or "", data=dict(row.data or {}),
                   properties_data=row.properties_data, attr_data=row.attr_data,
                   requires=list(row.requires or []), stored_metadata=row.rsrc_metadata,
                   current_template_id=row.current_template_id)

    @property
    def state(self) -> status.State:
        return (self.action, self.status)


class Driver:
    """Shared steps of one resource action."""

    def __init__(self, rec: ResourceRecord, recorder: Recorder, stack_name: str,
                 stack_id: str, sleep: Callable[[float], None]) -> None:
        self.rec = rec
        self.recorder = recorder
        self.stack_name = stack_name
        self.stack_id = stack_id
        self.sleep = sleep

    def physical_name(self) -> str:
        return "%s-%s-%s" % (self.stack_name.rstrip("*"), self.rec.name,
                             resource_mod.short_id(self.rec.uuid))

    def event_id(self) -> str:
        return self.rec.physical_resource_id or self.physical_name()

    def move(self, action: str, state: str, reason: str, properties: Any,
             values: dict[str, Any] | None = None) -> None:
        self.recorder.resource(self.rec.id, self.rec.name, self.rec.type, self.rec.state,
                               action, state, reason, self.event_id(), properties, values)
        self.rec.action, self.rec.status, self.rec.status_reason = action, state, reason

    def event(self, reason: str) -> None:
        """An event in the resource's current state (no transition)."""
        self.recorder.resource_event(self.rec.name, self.rec.type, self.rec.state, reason,
                                     self.event_id(), self.rec.properties_data)

    def context(self, action: str, props: dict[str, Any],
                nested: Any = None) -> resource_mod.ResourceContext:
        return resource_mod.ResourceContext(
            name=self.rec.name, stack_name=self.stack_name, stack_id=self.stack_id,
            uuid=self.rec.uuid, action=action, properties=props,
            resource_id=self.rec.physical_resource_id, data=dict(self.rec.data),
            sleep=self.sleep, nested=nested, on_resource_id=self.store_resource_id)

    def store_resource_id(self, value: str | None) -> None:
        """A physical id is stored the moment the plugin sets it, as Heat
        does: an interrupted action (and a later delete) still finds it."""
        self.rec.physical_resource_id = value
        resource_rows.update(self.rec.id, {"physical_resource_id": value})

    def wait_complete(self, check: Callable[[Any], bool], cookie: Any) -> None:
        # Plugins that wait on time sleep inside check_*; this backoff is only
        # for plugins polling something outside the engine.
        delay = _FIRST_POLL
        while not check(cookie):
            self.sleep(delay)
            delay = min(delay * 2, _MAX_POLL)

    def failure_reason(self, action: str, exc: BaseException) -> str:
        if isinstance(exc, resource_mod.Cancelled):
            return "%s aborted (%s)" % (action, exc)
        if isinstance(exc, exception.NestedStackFailed):
            return exc.reason_for("resources.%s" % self.rec.name)
        return str(exception.ResourceFailure(exc, "resources.%s" % self.rec.name, action))

    def fail(self, action: str, exc: BaseException, ctx: resource_mod.ResourceContext | None,
             properties: Any) -> None:
        if isinstance(exc, resource_mod.HandedOff):
            # Not a failure: the engine taking the stack over resumes it.
            return
        values: dict[str, Any] = {}
        if ctx is not None:
            values = {"physical_resource_id": ctx.resource_id, "data": ctx.data}
            self.rec.physical_resource_id = ctx.resource_id
        self.move(action, status.FAILED, self.failure_reason(action, exc), properties, values)


class Gate:
    """Pauses resources at the hooks their stack's environment sets."""

    def __init__(self, breakpoints: hooks.Breakpoints, board: hooks.HookBoard,
                 nested: Any = None) -> None:
        self.breakpoints = breakpoints
        self.board = board
        # The engine's nested stack runner, handed to plugins (ResourceContext).
        self.nested = nested

    def restricted(self, name: str) -> set[str]:
        return self.breakpoints.restricted(name)

    def pause(self, drv: Driver, action: str, hook: str) -> bool:
        """Wait while ``hook`` is set on the resource; False if the wait failed."""
        rec = drv.rec
        if hook not in self.breakpoints.hooks(rec.name):
            return True
        rec.data[hooks.data_key(hook)] = "True"
        resource_rows.update(rec.id, {"data": dict(rec.data)})
        drv.event("%s paused until Hook %s is cleared" % (action, hook))

        def still_set() -> bool:
            row = resource_rows.get(rec.id)
            return row is not None and (row.data or {}).get(hooks.data_key(hook)) == "True"

        try:
            self.board.wait(rec.id, hook, still_set, drv.sleep)
        except Exception:
            drv.event("Failure occurred while waiting.")
            return False
        finally:
            rec.data.pop(hooks.data_key(hook), None)
        return True


NO_GATE = Gate(hooks.Breakpoints(None), hooks.HookBoard())


def resolved_attributes(plugin: resource_mod.Resource) -> dict[str, Any]:
    """Every declared attribute's value now (null when it cannot resolve)."""
    attrs = {}
    for name in plugin.ATTRIBUTES:
        try:
            attrs[name] = plugin.get_attribute(name)
        except resource_mod.Cancelled:
            raise
        except Exception:
            attrs[name] = None  # Heat shows an unresolvable attribute as null
    attrs.update(plugin.extra_attribute_data())
    return attrs


def user_properties(defn: ResourceDefinition) -> dict[str, Any]:
    """The template's properties resolved now: what is stored and compared."""
    try:
        value = function.resolve(defn.properties)
    except Exception:
        return {}
    return value if isinstance(value, dict) else {}


def first_cookie(plugin: resource_mod.Resource, action: str, resume: str | None,
                 handle: Callable[[], Any]) -> Any:
    """What check_<action>_complete first waits on: ``handle()``'s cookie,
    or, resuming an action a dead engine left IN_PROGRESS (``resume`` is
    the plugin's way, takeover.py), the plugin's ``takeover_cookie`` unless
    that says the action never got under way (NOT_STARTED)."""
    if resume == resource_mod.CHECK:
        cookie = plugin.takeover_cookie(action)
        if cookie is not resource_mod.NOT_STARTED:
            return cookie
    return handle()


def create(defn: ResourceDefinition, rec: ResourceRecord, scope: StackScope,
           recorder: Recorder, stack_name: str, stack_id: str,
           sleep: Callable[[float], None], gate: Gate = NO_GATE,
           action: str = status.CREATE, resume: str | None = None) -> bool:
    """Create one resource whose requirements are all complete.

    ``resume`` (REDRIVE or CHECK) goes on with a create a dead engine left
    IN_PROGRESS: no hook, no new IN_PROGRESS step.
    """
    drv = Driver(rec, recorder, stack_name, stack_id, sleep)
    if defn.external_id is not None:
        return create_external(defn, drv, scope, gate)
    if resume is None and not gate.pause(drv, action, hooks.PRE_CREATE):
        return False
    user_props = user_properties(defn)
    try:
        metadata = function.resolve(defn.metadata)
    except Exception:
        metadata = {}
    if resume is None:
        drv.move(action, status.IN_PROGRESS, STATE_CHANGED, user_props,
                 {"created_at": models.utcnow(), "properties_data": user_props,
                  "rsrc_metadata": metadata})
    ctx = None
    try:
        props = defn.property_set().checked()
        ctx = drv.context(action, props, gate.nested)
        ctx.update_policy = dict(function.resolve(defn.update_policy) or {})
        plugin = defn.plugin(ctx)
        plugin.validate()
        drv.wait_complete(plugin.check_create_complete,
                          first_cookie(plugin, action, resume, plugin.handle_create))
        attrs = resolved_attributes(plugin)
        ref_id = plugin.get_reference_id()
    except Exception as exc:
        drv.fail(action, exc, ctx, user_props)
        return False
    rec.physical_resource_id = ctx.resource_id
    rec.data = dict(ctx.data)
    rec.properties_data = user_props
    rec.attr_data = {"refid": ref_id, "attrs": attrs}
    # The properties again: a resumed create's IN_PROGRESS step was the
    # dead engine's.
    drv.move(action, status.COMPLETE, STATE_CHANGED, user_props,
             {"physical_resource_id": ctx.resource_id, "data": rec.data,
              "attr_data": rec.attr_data, "properties_data": user_props})
    scope.states[defn.name] = ResourceState(ref_id=ref_id, attrs=attrs)
    return gate.pause(drv, action, hooks.POST_CREATE)


NO_RESOURCE_ID = "Resource ID was not provided."
EXTERNAL_ID_KEY = "external_id"  # in attr_data: the id an external resource took


def external_id_of(rec: ResourceRecord) -> str | None:
    """The external id a stored resource was adopted by, None if it is the stack's own."""
    value = (rec.attr_data or {}).get(EXTERNAL_ID_KEY)
    return None if value is None else str(value)


def create_external(defn: ResourceDefinition, drv: Driver, scope: StackScope,
                    gate: Gate = NO_GATE) -> bool:
    """Take an existing resource by its ``external_id`` instead of creating it.

    As Heat: ADOPT with the id as the physical id (the plugin's own
    ``handle_adopt`` if it has one), then CHECK (its ``handle_check``, or
    "CHECK not supported for <type>"); no hooks; the template's metadata is
    not kept (Heat sets none). Nothing is created, so nothing needs undoing.
    """
    rec = drv.rec
    user_props = user_properties(defn)
    try:
        external = defn.external_ref()
    except Exception as exc:
        drv.move(status.ADOPT, status.IN_PROGRESS, STATE_CHANGED, user_props,
                 {"created_at": models.utcnow(), "properties_data": user_props})
        drv.fail(status.ADOPT, exc, None, user_props)
        return False
    marker = {EXTERNAL_ID_KEY: external}
    rec.attr_data = marker
    drv.move(status.ADOPT, status.IN_PROGRESS, STATE_CHANGED, user_props,
             {"created_at": models.utcnow(), "properties_data": user_props,
              "attr_data": marker})
    ctx = None
    try:
        ctx = drv.context(status.ADOPT, _external_properties(defn, user_props), gate.nested)
        plugin = defn.plugin(ctx)
        own = getattr(plugin, "handle_adopt", None)
        if callable(own):
            own({"resource_id": external})
        elif not external:
            raise Exception(NO_RESOURCE_ID)
        else:
            plugin.resource_id_set(external)
    except Exception as exc:
        drv.fail(status.ADOPT, exc, ctx, user_props)
        return False
    rec.physical_resource_id = ctx.resource_id
    rec.data = dict(ctx.data)
    rec.properties_data = user_props
    drv.move(status.ADOPT, status.COMPLETE, STATE_CHANGED, user_props,
             {"physical_resource_id": ctx.resource_id, "data": rec.data,
              "rsrc_metadata": None})
    return _check_external(defn, drv, scope, plugin, user_props)


def _external_properties(defn: ResourceDefinition, user_props: dict[str, Any]) -> dict[str, Any]:
    """The properties a plugin sees for an external resource: Heat does not
    validate them, so values that would not pass still reach it as given."""
    try:
        return defn.property_set().checked()
    except Exception:
        return stored_properties(defn.plugin, user_props)


def _check_external(defn: ResourceDefinition, drv: Driver, scope: StackScope,
                    plugin: resource_mod.Resource, user_props: dict[str, Any]) -> bool:
    """The CHECK that follows adopting an external resource."""
    rec = drv.rec
    handle = getattr(plugin, "handle_check", None)
    try:
        if callable(handle):
            drv.move(status.CHECK, status.IN_PROGRESS, STATE_CHANGED, user_props)
            plugin.ctx.action = status.CHECK
            drv.wait_complete(plugin.check_check_complete, handle())
            reason = STATE_CHANGED
        else:
            reason = "%s not supported for %s" % (status.CHECK, defn.type_name)
        attrs = resolved_attributes(plugin)
        ref_id = plugin.get_reference_id()
    except Exception as exc:
        drv.fail(status.CHECK, exc, plugin.ctx, user_props)
        return False
    rec.data = dict(plugin.ctx.data)
    rec.attr_data = {"refid": ref_id, "attrs": attrs,
                     EXTERNAL_ID_KEY: (rec.attr_data or {}).get(EXTERNAL_ID_KEY)}
    drv.move(status.CHECK, status.COMPLETE, reason, user_props,
             {"data": rec.data, "attr_data": rec.attr_data})
    scope.states[defn.name] = ResourceState(ref_id=ref_id, attrs=attrs)
    return True


def stored_properties(plugin: type[resource_mod.Resource], data: Any) -> dict[str, Any]:
    data = data if isinstance(data, dict) else {}
    schema = ({k: props_mod.Schema(props_mod.ANY) for k in data}
              if plugin.ANY_PROPERTIES else plugin.PROPERTIES)
    try:
        return props_mod.Properties(schema, data).resolve_all()
    except Exception:
        # What was stored no longer fits the schema: delete with defaults.
        return props_mod.Properties(schema, {}).resolve_all()


def delete(rec: ResourceRecord, plugin: type[resource_mod.Resource], deletion_policy: str,
           recorder: Recorder, stack_name: str, stack_id: str,
           sleep: Callable[[float], None], gate: Gate = NO_GATE,
           remove_row: bool = False, resume: str | None = None) -> bool:
    """Delete one resource whose dependants are all deleted.

    ``remove_row`` drops the row once deleted (update clean-up, rollback);
    ``resume`` goes on with a delete a dead engine left IN_PROGRESS.
    """
    if rec.action == status.INIT or rec.state == (status.DELETE, status.COMPLETE):
        if remove_row:
            _remove(rec)
        return True  # never created (or already gone): nothing to do, no event
    drv = Driver(rec, recorder, stack_name, stack_id, sleep)
    if resume is None and not gate.pause(drv, status.DELETE, hooks.PRE_DELETE):
        return False
    props_data = rec.properties_data
    if resume is None:
        drv.move(status.DELETE, status.IN_PROGRESS, STATE_CHANGED, props_data)
    ctx = None
    try:
        ctx = drv.context(status.DELETE, stored_properties(plugin, props_data), gate.nested)
        if deletion_policy != "Retain":
            instance = plugin(ctx)
            drv.wait_complete(instance.check_delete_complete,
                              first_cookie(instance, status.DELETE, resume,
                                           instance.handle_delete))
    except Exception as exc:
        drv.fail(status.DELETE, exc, ctx, props_data)
        return False
    drv.move(status.DELETE, status.COMPLETE, STATE_CHANGED, props_data)
    if not gate.pause(drv, status.DELETE, hooks.POST_DELETE):
        return False
    if remove_row:
        _remove(rec)
    return True


def _remove(rec: ResourceRecord) -> None:
    try:
        resource_rows.delete(rec.id)
    except exception.NotFound:
        pass  # already gone with its stack
