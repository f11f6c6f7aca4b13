"""Nested stack operations: create, update, delete, suspend, resume, check.

Each starts the child stack's walk on its own Operation with the same
operation module a top-level stack uses, linked so that cancelling the
parent's operation cancels it, and ``wait`` blocks a plugin's
check_*_complete until it ends. The runner plugins see (nested.py's
NestedStacks) adds reads and scaling on top; building the child's
definition is nested_build.py's.
"""

from __future__ import annotations

import dataclasses
import logging
import types
from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.common.bounded_cache import BoundedCache
from heatlite.db import models
from heatlite.db import new_stacks
from heatlite.db import raw_templates
from heatlite.db import resource_metadata
from heatlite.db import resources as resource_rows
from heatlite.db import stack_locks
from heatlite.db import stack_rows
from heatlite.db import stack_tree
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.nested import provider_fallback
from heatlite.engine.resources.stack_resource import ChildSpec
from heatlite.engine.stack import hooks
from heatlite.engine.stack import nested_build
from heatlite.engine.stack import stored
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.walk import adopt as adopt_mod
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import new_stack
from heatlite.engine.walk import stack_actions
from heatlite.engine.walk import stack_lock
from heatlite.engine.walk import start
from heatlite.engine.walk import takeover
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.create import STARTED, CreateStack
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation
from heatlite.engine.walk.update_operation import UpdatePlan, UpdateStack

LOG = logging.getLogger(__name__)

# The actions a stack goes through once: a child that ended one ended the
# one its parent's resource waits on.
_ONCE = (status.CREATE, status.ADOPT, status.DELETE)
# A child's operation that goes on with the action its parent's resource
# is resuming (a nested update may roll back).
_RESUMED_AS = {status.UPDATE: (status.UPDATE, status.ROLLBACK)}

# How long deleting a nested stack waits for its running operation to stop.
CANCEL_GRACE_SECS = 60.0

# Raw templates kept in memory by id (a tree's parents, read once per child).
RAW_TEMPLATE_CACHE_SIZE = 64


@dataclasses.dataclass
class NestedRun:
    """One running operation of a nested stack: what check_* waits on."""

    stack_id: str
    action: str
    op: Operation | None


class NestedOperations:
    """Starting and awaiting nested stack operations (the runner's core)."""

    def __init__(self, engine: EngineContext) -> None:
        self.engine = engine
        # Raw templates by id. A raw template is written once, when its
        # stack is stored or updated, and never changed (an update stores a
        # new one), so a cached copy cannot go stale; the children of one
        # parent all read the parent's.
        self._raw_templates: BoundedCache[Any] = BoundedCache(RAW_TEMPLATE_CACHE_SIZE)

    def raw_template(self, template_id: int) -> Any:
        """A raw template row by id, from memory when it was read lately."""
        return self._raw_templates.get_or_make(template_id,
                                               lambda: raw_templates.get(template_id))

    # -- helpers -------------------------------------------------------------

    def _link_cancel(self, parent_id: str, child: Operation) -> None:
        """Cancelling the parent's operation cancels the child's; stopping it
        stops a child's create or update (Heat stops the traversals below);
        hand-offs go both ways (``_link_hand_off``)."""
        parent = self.engine.threads.get(parent_id)
        if parent is not None:
            parent.on_cancel(lambda: child.cancel(parent.cancel_reason or "Operation cancelled"))
            if child.action in (status.CREATE, status.UPDATE):
                parent.on_stop(child.stop)
            self._link_hand_off(parent_id, child)

    def _link_hand_off(self, parent_id: str, child: Operation) -> None:
        """Handing either off hands off the other: the parent's resource
        cannot end while its child is left for another engine, nor the
        child go on for a parent that will not wait for it."""
        parent = self.engine.threads.get(parent_id)
        if parent is not None:
            parent.on_hand_off(child.hand_off)
            child.on_hand_off(parent.hand_off)

    def _stop_running(self, stack_id: str) -> None:
        running = self.engine.threads.get(stack_id)
        if running is not None:
            running.cancel()
            running.wait(CANCEL_GRACE_SECS)

    @staticmethod
    def _parent(ctx: resource_mod.ResourceContext) -> Any:
        row = stack_rows.get(ctx.stack_id)
        if row is None:
            raise exception.EntityNotFound(entity="Stack", name=ctx.stack_name)
        return row

    def _check_total(self, parent: Any, count: int, existing_child: str | None) -> None:
        """Every resource of the tree plus the new template's, against the limit."""
        if self.engine.conf.max_resources_per_stack == -1:
            return
        total = count + stack_tree.count_tree_of(parent.id)
        if existing_child is not None:
            total -= stack_tree.count_resources([existing_child])
        nested_build.check_count(total, self.engine.conf.max_resources_per_stack)

    @staticmethod
    def child_environment(parent_env: Mapping[str, Any] | None, params: Mapping[str, Any],
                          remove_type: str | None) -> dict[str, Any]:
        """The parent's global resource_registry and defaults, the child's parameters."""
        return nested_build.child_environment(parent_env, params, remove_type)

    def _definition(self, ctx: resource_mod.ResourceContext, parent: Any, name: str,
                    stack_id: str, spec: ChildSpec, parent_raw: Any,
                    existing_child: str | None) -> tuple[StackDefinition, dict[str, Any],
                                                         dict[str, str]]:
        files = dict(spec.files if spec.files is not None else (parent_raw.files or {}))
        parent_env, _ = hooks.split_environment(parent_raw.environment)
        env_dict = nested_build.child_environment(parent_env, spec.params, spec.remove_type)
        if existing_child is not None:
            files = provider_fallback.with_stored_providers(
                self.engine.registry, spec.template, files, env_dict, existing_child)
        parsed = nested_build.parse_child(spec, files)
        self._check_total(parent, nested_build.resource_count(parsed), existing_child)
        new_stack.check_stack_name(name)
        defn = nested_build.child_definition(self.engine.registry, parsed, env_dict, name, stack_id,
                                             parent.tenant,
                                             self._facade(ctx, parent, parent_raw))
        return defn, env_dict, files

    @staticmethod
    def _facade(ctx: resource_mod.ResourceContext, parent: Any,
                parent_raw: Any) -> dict[str, Any]:
        policies = delete_mod.deletion_policies(parent_raw)
        return nested_build.facade(resource_metadata.get(ctx.uuid),
                                   policies.get(ctx.name, "Delete"), ctx.update_policy)

    # -- create --------------------------------------------------------------

    def create(self, ctx: resource_mod.ResourceContext, spec: ChildSpec,
               adopt: Mapping[str, Any] | None = None) -> NestedRun:
        """Validate and store the child stack, then start its create walk.

        With ``adopt`` (resource name -> its abandon document) the child
        is adopted instead: its walk adopts each resource (ADOPT).
        """
        action = status.CREATE if adopt is None else status.ADOPT
        started = STARTED if adopt is None else adopt_mod.STARTED
        parent = self._parent(ctx)
        depth = nested_build.child_depth(parent.nested_depth,
                                         self.engine.conf.max_nested_stack_depth)
        name = "%s-%s-%s" % (ctx.stack_name.rstrip("*"), ctx.name, resource_mod.short_id(ctx.uuid))
        stack_id = new_stack.new_stack_id()
        parent_raw = self.raw_template(parent.raw_template_id)
        defn, env, files = self._definition(ctx, parent, name, stack_id, spec, parent_raw,
                                            None)
        timeout = spec.timeout_mins if spec.timeout_mins is not None else parent.timeout
        recorder = self.engine.recorder(stack_id, name)
        stored = new_stacks.store(
            defn.template.raw, files, env,
            {"id": stack_id, "name": name, "tenant": parent.tenant,
             "username": parent.username, "user_id": parent.user_id,
             "action": action, "status": status.IN_PROGRESS, "status_reason": started,
             "timeout": timeout, "disable_rollback": True, "owner_id": parent.id,
             "nested_depth": depth, "parent_resource_name": ctx.name,
             "stack_user_project_id": parent.stack_user_project_id},
            (), self.engine.engine_id, new_stack.resource_rows(defn),
            recorder.first_stack_event(action, status.IN_PROGRESS, started))
        # The parent resource names its nested stack at once, as in Heat: the
        # API links to it (and lists into it) while it is being created.
        resource_rows.set_physical_id(ctx.uuid, stack_id)
        records = {row.name: ResourceRecord.from_row(row) for row in stored.resources}
        op = Operation(stack_id, action)

        def release() -> None:
            stack_locks.release(stack_id, self.engine.engine_id)

        walk = (self.engine.timeout_secs(timeout), release, self.engine.gate(env), None)
        spawn = self.engine.threads.spawn
        runner = (CreateStack(defn, records, recorder, op, spawn, *walk)
                  if adopt is None else
                  adopt_mod.AdoptStack(defn, records, recorder, op, spawn, *walk,
                                       resources=adopt))
        self._link_cancel(ctx.stack_id, op)
        try:
            self.engine.threads.start(op, runner.run)
        except Exception:
            release()
            raise
        return NestedRun(stack_id, action, op)

    # -- waiting -------------------------------------------------------------

    def wait(self, run: NestedRun | None) -> stack_rows.StackRow | None:
        """Block until the child's operation ends; NestedStackFailed if it failed.

        Returns the child's row as the operation left it (None when there
        was nothing to wait for or it is gone), so the plugin reads its
        outputs and name without another query.
        """
        if run is None:
            return None
        row = self._ended(run)
        if run.op is not None and run.op.handed_off:
            # The child stays IN_PROGRESS for the engine that takes it over;
            # so does the resource waiting on it.
            raise resource_mod.HandedOff(run.stack_id)
        if row is None:
            if run.action == status.DELETE:
                return None
            raise exception.NestedStackFailed("The nested stack %s is gone" % run.stack_id,
                                              run.action)
        if row.status == status.FAILED or row.action != run.action:
            raise exception.NestedStackFailed(row.status_reason or "", run.action)
        return row

    @staticmethod
    def _ended(run: NestedRun) -> stack_rows.StackRow | None:
        """The child's row once its operation ended, or was stopped: a
        stopped child has failed already, as Heat's parent sees it at once."""
        if run.op is None:
            return stack_rows.get(run.stack_id, show_deleted=True)
        run.op.wait_decided()
        row = stack_rows.get(run.stack_id, show_deleted=True)
        if row is not None and row.status == status.IN_PROGRESS:
            run.op.wait()  # stopped before its failure was recorded
            row = stack_rows.get(run.stack_id, show_deleted=True)
        return row

    # -- update --------------------------------------------------------------

    def update(self, ctx: resource_mod.ResourceContext, stack_id: str,
               spec: ChildSpec) -> NestedRun:
        """Bring the child stack to a new template and parameters (no rollback)."""
        parent = self._parent(ctx)
        row = stack_rows.get(stack_id)
        if row is None:
            raise resource_mod.UpdateReplace(ctx.name)
        parent_raw = self.raw_template(parent.raw_template_id)
        defn, env, files = self._definition(ctx, parent, row.name, row.id, spec, parent_raw,
                                            row.id)
        self._stop_running(row.id)
        timeout = spec.timeout_mins if spec.timeout_mins is not None else row.timeout
        with self.engine.lock(row, "update") as lock:
            row = stack_rows.get(stack_id)
            old_raw = self.raw_template(row.raw_template_id)
            new_id = raw_templates.create(defn.template.raw, files, env)
            recorder = self.engine.recorder(row.id, row.name)
            recorder.stack((row.action, row.status), status.UPDATE, status.IN_PROGRESS,
                           update_mod.STARTED,
                           {"raw_template_id": new_id, "prev_raw_template_id": old_raw.id,
                            "updated_at": models.utcnow(), "outputs": None,
                            "timeout": timeout})
            registry = self.engine.registry
            child_row = row
            plan = UpdatePlan(
                new_defn=defn,
                load_old=lambda: stored.definition_of(old_raw, child_row, registry),
                old_template_id=old_raw.id, new_template_id=new_id,
                old_policies=delete_mod.deletion_policies(old_raw),
                new_policies=delete_mod.deletion_policies(types.SimpleNamespace(
                    template=defn.template.raw, files=files)),
                disable_rollback=True, timeout_secs=self.engine.timeout_secs(timeout),
                new_gate=self.engine.gate(env), old_gate=self.engine.gate(old_raw.environment),
                old_raw=old_raw,
                new_raw=types.SimpleNamespace(template=defn.template.raw, files=files,
                                              environment=env))
            op = Operation(row.id, status.UPDATE)
            runner = UpdateStack(plan, resource_rows.get_all_by_stack(row.id), registry,
                                 recorder, op, self.engine.threads.spawn, lock.hand_off())
            self._link_cancel(ctx.stack_id, op)
            self.engine.threads.start(op, runner.run)
        return NestedRun(row.id, status.UPDATE, op)

    # -- delete --------------------------------------------------------------

    def delete(self, stack_id: str | None, parent_id: str | None = None) -> NestedRun | None:
        """Start deleting the child stack; None when there is nothing to delete.

        ``parent_id`` ties the delete to the parent's operation (hand-off).
        """
        if not stack_id:
            return None
        row = stack_rows.get(stack_id)
        if row is None or (row.action, row.status) == (status.DELETE, status.COMPLETE):
            return None
        self._stop_running(row.id)
        link = None if parent_id is None else (lambda op: self._link_hand_off(parent_id, op))
        op = start.delete(self.engine, row, lambda: stack_rows.get(stack_id),
                          self.stored_plugins, self.raw_template, link=link)
        if op is None:
            return None
        return NestedRun(row.id, status.DELETE, op)

    # -- takeover ------------------------------------------------------------

    def resume(self, ctx: resource_mod.ResourceContext, stack_id: str,
               action: str) -> NestedRun | None:
        """The child's ``action`` a dead engine left, resumed here.

        A run to wait on: the child's operation taken over (its lock taken
        from the dead engine), or none when the child already ended its
        CREATE or DELETE. None when the child is not in ``action``: the
        caller starts it. A child that ended an UPDATE (or another action a
        stack goes through more than once) may have ended an earlier one,
        so that is None too; an UPDATE whose rollback runs is resumed.
        """
        row = stack_rows.get(stack_id, show_deleted=True)
        if row is None or row.action not in _RESUMED_AS.get(action, (action,)):
            return None
        if row.status != status.IN_PROGRESS:
            return NestedRun(row.id, action, None) if action in _ONCE else None
        running = self.engine.threads.get(row.id)
        if running is not None:
            return NestedRun(row.id, action, running)
        holder = stack_locks.get_engine_id(row.id)
        if holder != self.engine.engine_id and stack_lock.try_acquire(
                row.id, self.engine.engine_id, self.engine.alive) is not None:
            raise exception.ActionInProgress(stack_name=row.name, action=row.action)
        op = takeover.take_over(self.engine, row.id, holder or "(none)")
        if op is not None:
            self._link_cancel(ctx.stack_id, op)
        return NestedRun(row.id, action, op)

    # -- suspend, resume, check ----------------------------------------------

    def action(self, ctx: resource_mod.ResourceContext, stack_id: str,
               action: str) -> NestedRun:
        """Start SUSPEND, RESUME or CHECK of the child stack (Heat's stack_<action>).

        A child already where the action leads (SUSPEND or RESUME COMPLETE)
        is left alone, as Heat's stack_suspend/stack_resume return at once.
        """
        row = stack_rows.get(stack_id)
        if row is None:
            raise exception.Error(message="Cannot %s %s, stack not created"
                                  % (action.lower(), ctx.name))
        if stack_actions.already_done(action, (row.action, row.status)):
            return NestedRun(row.id, action, None)
        op = start.stack_action(self.engine, row, action, lambda: stack_rows.get(stack_id),
                                 self.stored_plugins,
                                 link=lambda child: self._link_cancel(ctx.stack_id, child))
        return NestedRun(row.id, action, op)

    def stored_plugins(self, row: Any) -> StoredPlugins:
        """Resolves a stored stack's resource types through its stored environment."""
        return StoredPlugins(self.engine.registry, [self.raw_template(row.raw_template_id)],
                             self.raw_template)

    def plugins_of(self, row: Any, records: Mapping[str, Any],
                   known: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Each resource's plugin class, template resources and aliases included;
        ``known`` are classes the caller already has."""
        resolver = self.stored_plugins(row)
        return {name: (known or {}).get(name) or resolver.by_row(rec)
                for name, rec in records.items()}

    def plugins_for(self, stack_id: str, records: Mapping[str, Any],
                    known: Mapping[str, Any]) -> dict[str, Any]:
        """``plugins_of`` for a stack known by id (the stack actions' entry)."""
        row = stack_rows.get(stack_id, show_deleted=True)
        if row is None:
            return dict(known)
        return self.plugins_of(row, records, known)
