"""RPC endpoint for stack updates: update_stack, preview_update_stack and
stack_cancel_update (which reaches the engine running the update through
its listener when that is another engine, see cancelling.py).

The checks run in the RPC call, in Heat's order, so every refusal reaches
the client with Heat's class and message; a PATCH (``existing``) merges
parameters, environment and files into the stored ones and drops
``clear_parameters``. The walk itself is update_operation.py's.
"""

from __future__ import annotations

import json
import logging
import types
from collections.abc import Mapping
from typing import Any

import oslo_messaging

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.db import models
from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import stack_locks
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine import views
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.stack import hooks
from heatlite.engine.stack import lookup
from heatlite.engine.stack import nested_validation
from heatlite.engine.stack import stored
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment
from heatlite.engine.walk import cancelling
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import new_stack
from heatlite.engine.walk import update_preview
from heatlite.engine.walk import update_takeover
from heatlite.engine.walk.threads import Operation
from heatlite.engine.walk.update_operation import UpdatePlan, UpdateStack
from heatlite.rpc import api as rpc_api

LOG = logging.getLogger(__name__)


def _takes_over(row: Any, running: Operation) -> bool:
    """Whether an update preempts the stack's running operation, as Heat's
    convergence engine lets one: a create or update in progress (it stops
    and records nothing more), or one stopped by cancel_without_rollback."""
    if running.action not in (status.CREATE, status.UPDATE):
        return False
    if row.action not in (status.CREATE, status.UPDATE):
        return False  # a rollback runs on the same operation: not preempted
    if row.status == status.IN_PROGRESS and running.preempt():
        return True
    if running.stopped:
        running.wait_decided()  # its failure is recorded before our start
        return True
    return False


def merge_environment(stored_env: Mapping[str, Any] | None, new_env: Mapping[str, Any] | None,
                      clear: set[str]) -> dict[str, Any]:
    """A PATCH's environment: the stored one, minus cleared parameters, plus the new."""
    out = {k: (dict(v) if isinstance(v, Mapping) else v)
           for k, v in (stored_env or {}).items()}
    out["parameters"] = {k: v for k, v in (out.get("parameters") or {}).items()
                         if k not in clear}
    for section, value in (new_env or {}).items():
        if isinstance(value, Mapping) and isinstance(out.get(section), Mapping):
            if section == "resource_registry":
                merged = dict(out[section])
                merged.update({k: v for k, v in value.items() if k != "resources"})
                merged["resources"] = dict(out[section].get("resources") or {},
                                           **(value.get("resources") or {}))
                out[section] = merged
            else:
                out[section] = dict(out[section], **value)
        elif value or section not in out:
            out[section] = value
    return out


class Prepared:
    """A validated update: the stack, its new definition and arguments."""

    def __init__(self, row: Any, raw: Any, defn: StackDefinition, template: dict[str, Any],
                 files: dict[str, Any], env: dict[str, Any], args: new_stack.StackArgs,
                 tags: list[str]) -> None:
        self.row = row
        self.raw = raw
        self.defn = defn
        self.template = template
        self.files = files
        self.env = env
        self.args = args
        self.tags = tags


class StackUpdateService:
    """Server side of the update calls (rpc.stack_calls, version 1.2)."""

    target = oslo_messaging.Target(version="1.5")
    RPC_METHODS = ("update_stack", "preview_update_stack", "stack_cancel_update")

    def __init__(self, engine: EngineService) -> None:
        self.engine = engine

    # -- preparing -----------------------------------------------------------------

    def _prepare(self, ctxt: RequestContext, identity: StackIdentity,
                 template: dict[str, Any] | None, params: dict[str, Any] | None,
                 files: dict[str, Any] | None, args: dict[str, Any] | None,
                 environment_files: list[str] | None) -> Prepared:
        conf = self.engine.conf
        if environment_files:
            raise exception.NotImplementedYet(feature="environment_files")
        row = lookup.get_stack(ctxt, identity)
        if row.action == status.SUSPEND:
            raise exception.NotSupported(feature="Updating a stack when it is suspended")
        if row.action == status.DELETE:
            raise exception.NotSupported(feature="Updating a stack when it is deleting")
        raw = raw_templates.get(row.raw_template_id)
        args = dict(args or {})
        existing = bool(args.get(rpc_api.PARAM_EXISTING))
        if existing:
            if template is None:
                # As Heat with convergence: the stored template is the last
                # one asked for, even after a failed update, so it is reused.
                template = raw.template or {}
            new_files = dict(raw.files or {})
            new_files.update(files or {})
            clear = args.get(rpc_api.PARAM_CLEAR_PARAMETERS) or []
            if not isinstance(clear, list):
                raise exception.BadRequest(message="clear_parameters must be a list")
            env = merge_environment(raw.environment, params, set(clear))
        else:
            if template is None:
                raise exception.BadRequest(message="No template specified")
            new_files = dict(files or {})
            env = dict(params or {})
        size = len(json.dumps(template))
        if size > conf.max_template_size:
            raise exception.RequestLimitExceeded(
                message="Template size (%s bytes) exceeds maximum allowed size (%s bytes)."
                % (size, conf.max_template_size))
        parsed = tmpl.Template(template, new_files)
        env_clean, taken = hooks.split_environment(env)
        if existing:
            declared = set(parsed.section(tmpl.PARAMETERS) or {})
            env_clean["parameters"] = {k: v for k, v in
                                       (env_clean.get("parameters") or {}).items()
                                       if k in declared}
        environment = Environment(env_clean)
        parsed.validate()
        max_resources = conf.max_resources_per_stack
        if max_resources != -1 and len(parsed.section(tmpl.RESOURCES)) > max_resources:
            raise exception.RequestLimitExceeded(
                message="You have reached the maximum resources per stack, %s."
                % max_resources)
        defn = StackDefinition(parsed, environment, self.engine.registry, row.name, row.id,
                               row.tenant)
        stack_args = new_stack.extract_args(args)
        if rpc_api.PARAM_TIMEOUT not in args:
            stack_args.timeout_mins = row.timeout
        defn.timeout_secs = self.engine.context.timeout_secs(stack_args.timeout_mins)
        defn.parameters.validate()
        self._check_immutable(row, raw, defn)
        defn.load()
        defn.validate()
        # Nested templates are checked before anything changes, as on create.
        nested_validation.validate_tree(defn, nested_validation.Limits.from_conf(self.engine.conf),
                                        depth=row.nested_depth or 0)
        if rpc_api.PARAM_DISABLE_ROLLBACK not in args:
            stack_args.disable_rollback = row.disable_rollback
        tags = stack_args.tags
        if existing and rpc_api.PARAM_TAGS not in args:
            tags = [t.tag for t in row.tags or []]
        stored_env = hooks.merge_back(environment.as_dict(), taken)
        return Prepared(row, raw, defn, template, new_files, stored_env, stack_args, tags)

    def _check_immutable(self, row: Any, raw: Any, defn: StackDefinition) -> None:
        old = stored.definition_of(raw, row, self.engine.registry)
        schemas = old.template.section(tmpl.PARAMETERS) or {}
        changed = []
        for name, schema in schemas.items():
            if not (isinstance(schema, Mapping) and schema.get("immutable")):
                continue
            if name in defn.parameters and name in old.parameters:
                if old.parameters[name] != defn.parameters[name]:
                    changed.append(name)
        if changed:
            raise exception.ImmutableParameterModified(*changed)

    # -- update --------------------------------------------------------------------

    def update_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                     template: dict[str, Any] | None, params: dict[str, Any] | None,
                     files: dict[str, Any] | None, args: dict[str, Any] | None,
                     environment_files: list[str] | None = None) -> StackIdentity:
        """Validate, store UPDATE IN_PROGRESS with the new template, start the walk."""
        return self.start_update(ctxt, stack_identity, template, params, files, args,
                                 environment_files)

    def start_update(self, ctxt: RequestContext, stack_identity: StackIdentity,
                     template: dict[str, Any] | None, params: dict[str, Any] | None,
                     files: dict[str, Any] | None, args: dict[str, Any] | None,
                     environment_files: list[str] | None = None,
                     action: str = status.UPDATE) -> StackIdentity:
        """An update, or a snapshot restore (action RESTORE, tags kept)."""
        engine = self.engine
        engine._check_running("update_stack")
        prep = self._prepare(ctxt, stack_identity, template, params, files, args,
                             environment_files)
        row = prep.row
        if action != status.UPDATE:
            prep.tags = [t.tag for t in row.tags or []]
        LOG.info("%s of stack %s (%s)", action.title(), row.name, row.id)
        running = engine.threads.get(row.id)
        if action == status.UPDATE and running is not None and _takes_over(row, running):
            # Heat's convergence: the new update starts now; it runs once the
            # resources the preempted operation still has in progress end.
            new_id, recorder = self._begin(row, prep, action)
            op = Operation(row.id, action)
            successor = update_takeover.Successor(
                running, op,
                lambda waited: self._after(op, waited, row, prep, new_id, recorder, action))
            engine.threads.start(op, successor.run)
            return views.stack_identity(row)
        with engine.context.lock(row, "update") as lock:
            row = lookup.get_stack(ctxt, stack_identity)
            new_id, recorder = self._begin(row, prep, action)
            self._launch(row, prep, new_id, recorder, lock.hand_off(), action)
        return views.stack_identity(row)

    def _begin(self, row: Any, prep: Prepared, action: str) -> tuple[int, Any]:
        """Store the new template and ACTION IN_PROGRESS: (template id, recorder).

        The template left stays the stack's prev_raw_template_id until the
        update ends, so an engine taking the stack over can resume it.
        """
        new_id = raw_templates.create(prep.template, prep.files, prep.env)
        recorder = self.engine.context.recorder(row.id, row.name)
        stacks.update(row.id, {}, tags=prep.tags)
        recorder.stack((row.action, row.status), action, status.IN_PROGRESS,
                       "Stack %s started" % action,
                       {"raw_template_id": new_id, "prev_raw_template_id": row.raw_template_id,
                        "updated_at": models.utcnow(),
                        "outputs": None, "timeout": prep.args.timeout_mins,
                        "disable_rollback": prep.args.disable_rollback})
        former = row.prev_raw_template_id
        if former is not None and former != row.raw_template_id:
            # A preempted update's previous template: nothing goes back to it now.
            raw_templates.delete_unreferenced([former])
        return new_id, recorder

    def _launch(self, row: Any, prep: Prepared, new_id: int, recorder: Any,
                release: Any, action: str) -> None:
        """Start the update's walk on its own thread (the lock is held)."""
        op = Operation(row.id, action)
        runner = self._runner(op, row, prep, new_id, recorder, release, action)
        self.engine.threads.start(op, runner.run)

    def _runner(self, op: Operation, row: Any, prep: Prepared, new_id: int, recorder: Any,
                release: Any, action: str) -> UpdateStack:
        """The update's walk as ``op`` (the lock is held; ``release`` frees it)."""
        engine = self.engine
        old_raw = prep.raw
        plan = UpdatePlan(
            new_defn=prep.defn,
            load_old=lambda: stored.definition_of(old_raw, row, engine.registry),
            old_template_id=old_raw.id, new_template_id=new_id,
            old_policies=delete_mod.deletion_policies(old_raw),
            new_policies=delete_mod.deletion_policies(types.SimpleNamespace(
                template=prep.template, files=prep.files)),
            disable_rollback=prep.args.disable_rollback,
            timeout_secs=engine.context.timeout_secs(prep.args.timeout_mins),
            new_gate=engine.context.gate(prep.env),
            old_gate=engine.context.gate(old_raw.environment),
            old_raw=old_raw,
            new_raw=types.SimpleNamespace(template=prep.template, files=prep.files,
                                          environment=prep.env),
            action=action)
        return UpdateStack(plan, resource_rows.get_all_by_stack(row.id),
                           engine.registry, recorder, op, engine.threads.spawn, release)

    def _after(self, op: Operation, waited: float, row: Any, prep: Prepared, new_id: int,
               recorder: Any, action: str) -> None:
        """Run a preempting update (as ``op``) once the preempted operation ended."""
        try:
            with self.engine.context.lock(row, "update") as lock:
                runner = self._runner(op, row, prep, new_id, recorder, lock.release, action)
                lock.hand_off()
        except exception.ActionInProgress:
            # Another engine's operation took the stack meanwhile: it wins.
            LOG.warning("Update of stack %s given up: another operation holds it", row.name)
            return
        except Exception as exc:
            LOG.exception("Update of stack %s could not start", row.name)
            fresh = stacks.get(row.id)
            if fresh is not None and (fresh.action, fresh.status) == (action,
                                                                      status.IN_PROGRESS):
                recorder.stack((action, status.IN_PROGRESS), action, status.FAILED, str(exc))
            return
        if runner.plan.timeout_secs is not None:
            runner.plan.timeout_secs = max(0.0, runner.plan.timeout_secs - waited)
        runner.run()

    # -- preview -------------------------------------------------------------------

    def preview_update_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                             template: dict[str, Any] | None, params: dict[str, Any] | None,
                             files: dict[str, Any] | None, args: dict[str, Any] | None,
                             environment_files: list[str] | None = None
                             ) -> dict[str, list[dict[str, Any]]]:
        """What an update would do to each resource, in Heat's five lists."""
        prep = self._prepare(ctxt, stack_identity, template, params, files, args,
                             environment_files)
        show_nested = bool((args or {}).get(rpc_api.PARAM_SHOW_NESTED))
        return update_preview.preview(
            update_preview.Current.load(prep.row, self.engine.registry),
            update_preview.Updated(prep.defn, prep.row), show_nested)

    # -- cancel --------------------------------------------------------------------

    def stack_cancel_update(self, ctxt: RequestContext, stack_identity: StackIdentity,
                            cancel_with_rollback: bool = True) -> None:
        """Cancel a running update (or, without rollback, a create) wherever it runs.

        With rollback the update rolls back; without, it stops and rolls
        back only if the stack allows rollback, as in Heat.
        """
        row = lookup.get_stack(ctxt, stack_identity)
        allowed = (status.UPDATE,) if cancel_with_rollback else (status.UPDATE,
                                                                  status.CREATE)
        if row.status != status.IN_PROGRESS or row.action not in allowed:
            raise exception.NotSupported(
                feature="Cancelling update when stack is %s"
                % status.state_name(row.action, row.status))
        message = (rpc_api.THREAD_CANCEL_WITH_ROLLBACK if cancel_with_rollback
                   else rpc_api.THREAD_CANCEL)
        if cancelling.deliver(self.engine.threads, row.id, message):
            return
        holder = stack_locks.get_engine_id(row.id)
        if holder is None or holder == self.engine.engine_id:
            LOG.debug("No running operation to cancel on stack %s", row.name)
            return
        if not self.engine._alive(holder):
            LOG.warning("Cannot cancel stack %s: lock held by unknown engine %s",
                        row.name, holder)
            return
        cancelling.cancel_elsewhere(ctxt, self.engine.peers, holder, row.name,
                                    dict(views.stack_identity(row)), message)
