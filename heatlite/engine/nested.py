"""Nested stacks driven in-process: what stack-resource plugins call.

A nested stack (OS::Heat::Stack, a template resource, a group's members)
is a real stack row: ``owner_id`` names the parent, ``nested_depth`` counts
the levels, ``parent_resource_name`` the resource it implements. Heat
creates one with an RPC call and then polls its status; here the engine
that runs the parent's resource creates, updates and deletes it directly
with the same operation modules a top-level stack uses (create.py,
update_operation.py, delete.py), on its own Operation, and the parent's
``check_*_complete`` blocks on that Operation's completion event. A cancel
of the parent's operation (delete, timeout, cancel_update) cancels the
child's.

Limits hold for the whole tree, with Heat's messages: ``Recursion depth
exceeds <max_nested_stack_depth>.`` and, counting every resource of every
stack under the root, ``Maximum resources per stack exceeded.``
"""

from __future__ import annotations

import dataclasses
import logging
import types
from collections.abc import Callable, Mapping
from typing import Any

from oslo_config import cfg

from heatlite.common import exception
from heatlite.db import models
from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import stack_locks
from heatlite.db import stack_tree
from heatlite.db import stacks
from heatlite.engine import delete as delete_mod
from heatlite.engine import hooks
from heatlite.engine import new_stack
from heatlite.engine import outputs as outputs_mod
from heatlite.engine import resource as resource_mod
from heatlite.engine import resource_action
from heatlite.engine import signal_urls
from heatlite.engine import stack_lock
from heatlite.engine import status
from heatlite.engine import stored
from heatlite.engine import template as tmpl
from heatlite.engine import update as update_mod
from heatlite.engine.create import STARTED, CreateStack
from heatlite.engine.definition import StackDefinition
from heatlite.engine.environment import Environment
from heatlite.engine.recorder import Recorder
from heatlite.engine.resource_action import Gate, ResourceRecord
from heatlite.engine.resources.registry import Registry
from heatlite.engine.resources.stack_resource import ChildSpec, arn
from heatlite.engine.threads import Operation, ThreadGroupManager
from heatlite.engine.update_operation import UpdatePlan, UpdateStack

LOG = logging.getLogger(__name__)

# How long deleting a nested stack waits for its running operation to stop.
CANCEL_GRACE_SECS = 60.0


@dataclasses.dataclass
class NestedRun:
    """One running operation of a nested stack: what check_* waits on."""

    stack_id: str
    action: str
    op: Operation | None


class NestedStacks:
    """The engine's nested stack runner (one per EngineService)."""

    def __init__(self, conf: cfg.ConfigOpts, registry: Registry,
                 threads: ThreadGroupManager, engine_id: str, board: hooks.HookBoard,
                 alive: Callable[[str], bool]) -> None:
        self.conf = conf
        self.registry = registry
        self.threads = threads
        self.engine_id = engine_id
        self.board = board
        self.alive = alive

    # -- helpers -------------------------------------------------------------

    def _recorder(self, stack_id: str, name: str) -> Recorder:
        return Recorder(stack_id, name, self.conf.max_events_per_stack,
                        self.conf.event_purge_batch_size)

    def _gate(self, environment: Mapping[str, Any] | None) -> Gate:
        return Gate(hooks.Breakpoints(environment), self.board, self)

    def _timeout_secs(self, minutes: int | None) -> float:
        return float(minutes * 60 if minutes else self.conf.stack_action_timeout)

    def _link_cancel(self, parent_id: str, child: Operation) -> None:
        """Cancelling the parent's operation cancels the child's."""
        parent = self.threads.get(parent_id)
        if parent is not None:
            parent.on_cancel(lambda: child.cancel(parent.cancel_reason or "Operation cancelled"))

    @staticmethod
    def _parent(ctx: resource_mod.ResourceContext) -> Any:
        row = stacks.get(ctx.stack_id)
        if row is None:
            raise exception.EntityNotFound(entity="Stack", name=ctx.stack_name)
        return row

    def _child_depth(self, parent: Any) -> int:
        limit = self.conf.max_nested_stack_depth
        if (parent.nested_depth or 0) >= limit:
            raise exception.RequestLimitExceeded(message="Recursion depth exceeds %d." % limit)
        return (parent.nested_depth or 0) + 1

    def _check_total(self, parent: Any, count: int, existing_child: str | None) -> None:
        """Every resource of the tree plus the new template's, against the limit."""
        limit = self.conf.max_resources_per_stack
        if limit == -1:
            return
        total = count + stack_tree.count_tree_resources(stack_tree.root_id(parent))
        if existing_child is not None:
            total -= stack_tree.count_resources([existing_child])
        if total > limit:
            raise exception.RequestLimitExceeded(message="Maximum resources per stack exceeded.")

    @staticmethod
    def child_environment(parent_env: Mapping[str, Any] | None, params: Mapping[str, Any],
                          remove_type: str | None) -> dict[str, Any]:
        """The parent's global resource_registry and defaults, the child's parameters."""
        parent_env = parent_env or {}
        registry = {k: v for k, v in (parent_env.get("resource_registry") or {}).items()
                    if k != "resources" and not (remove_type and k == remove_type)}
        return {"parameters": dict(params), "resource_registry": registry,
                "parameter_defaults": dict(parent_env.get("parameter_defaults") or {})}

    def _definition(self, ctx: resource_mod.ResourceContext, parent: Any, name: str,
                    stack_id: str, spec: ChildSpec, parent_raw: Any,
                    existing_child: str | None) -> tuple[StackDefinition, dict[str, Any],
                                                         dict[str, str]]:
        files = dict(spec.files if spec.files is not None else (parent_raw.files or {}))
        parent_env, _ = hooks.split_environment(parent_raw.environment)
        env_dict = self.child_environment(parent_env, spec.params, spec.remove_type)
        parsed = tmpl.Template(spec.template, files)
        parsed.validate()
        resources = parsed.section(tmpl.RESOURCES)
        self._check_total(parent, len(resources) if isinstance(resources, Mapping) else 0,
                          existing_child)
        new_stack.check_stack_name(name)
        defn = StackDefinition(parsed, Environment(env_dict), self.registry, name, stack_id,
                               parent.tenant)
        defn.scope.facade = self._facade(ctx, parent, parent_raw)
        defn.parameters.validate()
        defn.load()
        defn.validate()
        return defn, env_dict, files

    @staticmethod
    def _facade(ctx: resource_mod.ResourceContext, parent: Any,
                parent_raw: Any) -> dict[str, Any]:
        """What resource_facade gives inside the child: the parent resource's."""
        row = resource_rows.get_by_name(parent.id, ctx.name)
        policies = delete_mod.deletion_policies(parent_raw)
        facade = {"metadata": (row.rsrc_metadata if row is not None else None) or {},
                  "deletion_policy": policies.get(ctx.name, "Delete"),
                  "update_policy": dict(ctx.update_policy or {})}
        # Fn::ResourceFacade (CFN templates) spells the same three names so.
        facade.update({"Metadata": facade["metadata"],
                       "DeletionPolicy": facade["deletion_policy"],
                       "UpdatePolicy": facade["update_policy"]})
        return facade

    # -- create --------------------------------------------------------------

    def create(self, ctx: resource_mod.ResourceContext, spec: ChildSpec) -> NestedRun:
        """Validate and store the child stack, then start its create walk."""
        parent = self._parent(ctx)
        depth = self._child_depth(parent)
        name = "%s-%s-%s" % (ctx.stack_name.rstrip("*"), ctx.name, resource_mod.short_id(ctx.uuid))
        stack_id = new_stack.new_stack_id()
        parent_raw = raw_templates.get(parent.raw_template_id)
        defn, env, files = self._definition(ctx, parent, name, stack_id, spec, parent_raw,
                                            None)
        timeout = spec.timeout_mins if spec.timeout_mins is not None else parent.timeout
        recorder = self._recorder(stack_id, name)
        template_id = raw_templates.create(defn.template.raw, files, env)
        stacks.create({
            "id": stack_id, "name": name, "raw_template_id": template_id,
            "tenant": parent.tenant, "username": parent.username, "user_id": parent.user_id,
            "action": status.CREATE, "status": status.IN_PROGRESS, "status_reason": STARTED,
            "timeout": timeout, "disable_rollback": True, "owner_id": parent.id,
            "nested_depth": depth, "parent_resource_name": ctx.name,
            "stack_user_project_id": parent.stack_user_project_id})
        holder = stack_locks.create(stack_id, self.engine_id)
        if holder is not None:
            raise exception.Error(message="New stack %s already locked by %s"
                                  % (stack_id, holder))
        rows = resource_rows.create_many([
            {"stack_id": stack_id, "name": rname, "type": rd.type_name,
             "action": status.INIT, "status": status.COMPLETE, "status_reason": "",
             "requires": sorted(rd.requires), "rsrc_metadata": {}, "data": {}}
            for rname, rd in defn.resources.items()])
        recorder.stack_event(status.CREATE, status.IN_PROGRESS, STARTED)
        records = {row.name: ResourceRecord.from_row(row) for row in rows}
        op = Operation(stack_id, status.CREATE)

        def release() -> None:
            stack_locks.release(stack_id, self.engine_id)

        runner = CreateStack(defn, records, recorder, op, self.threads.spawn,
                             self._timeout_secs(timeout), release, self._gate(env), None)
        self._link_cancel(ctx.stack_id, op)
        try:
            self.threads.start(op, runner.run)
        except Exception:
            release()
            raise
        return NestedRun(stack_id, status.CREATE, op)

    # -- waiting -------------------------------------------------------------

    def wait(self, run: NestedRun | None) -> None:
        """Block until the child's operation ends; NestedStackFailed if it failed."""
        if run is None:
            return
        if run.op is not None:
            run.op.wait()
        row = stacks.get(run.stack_id, show_deleted=True)
        if row is None:
            if run.action == status.DELETE:
                return
            raise exception.NestedStackFailed("The nested stack %s is gone" % run.stack_id,
                                              run.action)
        if row.status == status.FAILED or row.action != run.action:
            raise exception.NestedStackFailed(row.status_reason or "", run.action)

    # -- update --------------------------------------------------------------

    def update(self, ctx: resource_mod.ResourceContext, stack_id: str,
               spec: ChildSpec) -> NestedRun:
        """Bring the child stack to a new template and parameters (no rollback)."""
        parent = self._parent(ctx)
        row = stacks.get(stack_id)
        if row is None:
            raise resource_mod.UpdateReplace(ctx.name)
        parent_raw = raw_templates.get(parent.raw_template_id)
        defn, env, files = self._definition(ctx, parent, row.name, row.id, spec, parent_raw,
                                            row.id)
        running = self.threads.get(row.id)
        if running is not None:
            running.cancel()
            running.wait(CANCEL_GRACE_SECS)
        timeout = spec.timeout_mins if spec.timeout_mins is not None else row.timeout
        with stack_lock.acquire(row.id, row.name, row.action or "", self.engine_id,
                                self.alive, purpose="update") as lock:
            row = stacks.get(stack_id)
            old_raw = raw_templates.get(row.raw_template_id)
            new_id = raw_templates.create(defn.template.raw, files, env)
            recorder = self._recorder(row.id, row.name)
            recorder.stack((row.action, row.status), status.UPDATE, status.IN_PROGRESS,
                           update_mod.STARTED,
                           {"raw_template_id": new_id, "updated_at": models.utcnow(),
                            "outputs": None, "timeout": timeout})
            registry = self.registry
            child_row = row
            plan = UpdatePlan(
                new_defn=defn,
                load_old=lambda: stored.definition_of(old_raw, child_row, registry),
                old_template_id=old_raw.id, new_template_id=new_id,
                old_policies=delete_mod.deletion_policies(old_raw),
                new_policies=delete_mod.deletion_policies(types.SimpleNamespace(
                    template=defn.template.raw, files=files)),
                disable_rollback=True, timeout_secs=self._timeout_secs(timeout),
                new_gate=self._gate(env), old_gate=self._gate(old_raw.environment))
            op = Operation(row.id, status.UPDATE)
            runner = UpdateStack(plan, resource_rows.get_all_by_stack(row.id), registry,
                                 recorder, op, self.threads.spawn, lock.hand_off())
            self._link_cancel(ctx.stack_id, op)
            self.threads.start(op, runner.run)
        return NestedRun(row.id, status.UPDATE, op)

    # -- delete --------------------------------------------------------------

    def delete(self, stack_id: str | None) -> NestedRun | None:
        """Start deleting the child stack; None when there is nothing to delete."""
        if not stack_id:
            return None
        row = stacks.get(stack_id)
        if row is None or (row.action, row.status) == (status.DELETE, status.COMPLETE):
            return None
        running = self.threads.get(row.id)
        if running is not None:
            running.cancel()
            running.wait(CANCEL_GRACE_SECS)
        with stack_lock.acquire(row.id, row.name, row.action or "", self.engine_id,
                                self.alive, purpose="delete") as lock:
            row = stacks.get(stack_id)
            if row is None:
                return None
            recorder = self._recorder(row.id, row.name)
            records = update_mod.records_for_delete(resource_rows.get_all_by_stack(row.id))
            plugins = {k: self._plugin_or_unknown(r.type) for k, r in records.items()}
            raw = raw_templates.get(row.raw_template_id)
            recorder.stack((row.action, row.status), status.DELETE, status.IN_PROGRESS,
                           delete_mod.STARTED)
            op = Operation(row.id, status.DELETE)
            runner = delete_mod.DeleteStack(
                row.id, row.name, records, plugins,
                update_mod.policies_for_delete(records, delete_mod.deletion_policies(raw)),
                recorder, op, self.threads.spawn, self._timeout_secs(row.timeout),
                lock.hand_off(), self._gate(raw.environment))
            self.threads.start(op, runner.run)
        return NestedRun(row.id, status.DELETE, op)

    def _plugin_or_unknown(self, type_name: str | None) -> Any:
        try:
            return self.registry.get(type_name or "")
        except exception.ResourceTypeNotFound:
            return delete_mod.unknown_type(type_name or "")

    # -- reads ---------------------------------------------------------------

    @staticmethod
    def owns(parent_id: str, stack_id: str | None) -> bool:
        """Whether ``stack_id`` is a live stack nested directly in ``parent_id``."""
        row = stacks.get(stack_id) if stack_id else None
        return row is not None and row.owner_id == parent_id

    @staticmethod
    def outputs(stack_id: str | None) -> dict[str, Any]:
        """The child's stored outputs, by key (empty when it has none)."""
        row = stacks.get(stack_id) if stack_id else None
        if row is None or not row.outputs:
            return {}
        return {o.get("output_key"): o.get("output_value") for o in row.outputs
                if isinstance(o, Mapping)}

    @staticmethod
    def members(stack_id: str | None) -> list[Any]:
        """The child's current resource rows (the newest row of each name)."""
        if not stack_id:
            return []
        current, _ = update_mod.split_rows(resource_rows.get_all_by_stack(stack_id), False)
        return [rec for rec in current.values()]

    @staticmethod
    def stack_name(stack_id: str | None) -> str | None:
        row = stacks.get(stack_id) if stack_id else None
        return row.name if row is not None else None

    @staticmethod
    def files_of(stack_id: str) -> dict[str, str]:
        """The files map stored with a stack (what its resources may fetch)."""
        row = stacks.get(stack_id)
        if row is None:
            return {}
        return dict(raw_templates.get(row.raw_template_id).files or {})

    @staticmethod
    def arn_of(stack_id: str) -> str | None:
        row = stacks.get(stack_id, show_deleted=True)
        return arn(row.tenant, row.name, row.id) if row is not None else None

    @staticmethod
    def template_of(stack_id: str) -> dict[str, Any]:
        """The template a stack was last given (a group's member definitions)."""
        row = stacks.get(stack_id)
        if row is None:
            return {}
        return dict(raw_templates.get(row.raw_template_id).template or {})

    # -- scaling and signals ---------------------------------------------------

    def scale_group(self, ctx: resource_mod.ResourceContext, group_ref: str,
                    adjustment_type: str, adjustment: float, min_step: int | None) -> None:
        """Resize the group a scaling policy names, under its stack's lock.

        The group is found by reference id or name in the policy's stack; its
        stored attributes and the stack's outputs are refreshed afterwards.
        """
        parent = self._parent(ctx)
        rows = resource_rows.get_all_by_stack(parent.id)
        group = next((r for r in reversed(rows)
                      if group_ref in (r.physical_resource_id, r.name)), None)
        if group is None:
            raise exception.ResourceNotFound(resource_name=group_ref, stack_name=parent.name)
        if status.IN_PROGRESS in (group.status, parent.status):
            raise exception.ActionInProgress(stack_name=parent.name, action=parent.action)
        plugin_cls = self._plugin_or_unknown(group.type)
        if not hasattr(plugin_cls, "adjust"):
            raise exception.StackValidationFailed(
                message="Resource %s is not an autoscaling group" % group.name)
        with stack_lock.acquire(parent.id, parent.name, parent.action or "", self.engine_id,
                                self.alive, purpose="scale"):
            gctx = resource_mod.ResourceContext(
                name=group.name, stack_name=parent.name, stack_id=parent.id,
                uuid=group.uuid, action=group.action or status.INIT,
                properties=resource_action.stored_properties(plugin_cls,
                                                             group.properties_data),
                resource_id=group.physical_resource_id, data=dict(group.data or {}),
                sleep=ctx.sleep, nested=self)
            plugin = plugin_cls(gctx)
            plugin.adjust(adjustment_type, adjustment, min_step)
            attr_data = {"refid": plugin.get_reference_id(),
                         "attrs": resource_action.resolved_attributes(plugin)}
            resource_rows.update(group.id, {"attr_data": attr_data})
            self.refresh_outputs(parent)

    def refresh_outputs(self, row: Any) -> None:
        """Store a stack's outputs again from its resources' stored values."""
        defn = stored.load_definition(row, self.registry)
        stored.fill_scope(defn, resource_rows.get_all_by_stack(row.id), False)
        stacks.update(row.id, {"outputs": outputs_mod.resolve(defn.outputs)})

    @staticmethod
    def save_data(ctx: resource_mod.ResourceContext, values: Mapping[str, Any]) -> None:
        """Merge ``values`` into a resource's stored data (outside an operation)."""
        row = resource_rows.get_by_name(ctx.stack_id, ctx.name)
        if row is not None:
            resource_rows.update(row.id, {"data": dict(row.data or {}, **values)})

    def signal_urls(self, ctx: resource_mod.ResourceContext) -> tuple[str, str]:
        """(signed signal URL, native signal URL) of a resource."""
        row = stacks.get(ctx.stack_id)
        tenant = row.tenant if row is not None else ""
        return (signal_urls.signed_url(self.conf, tenant, ctx.stack_name, ctx.stack_id,
                                       ctx.name, ctx.uuid),
                signal_urls.native_signal_url(self.conf, tenant, ctx.stack_name,
                                              ctx.stack_id, ctx.name))
