"""EngineService: the engine's RPC endpoint, kept thin.

Each method checks its arguments' shape and hands over to the module that
does the job: new_stack + create for create_stack, delete for delete_stack,
queries for reads. The service owns the engine-wide pieces: the resource
registry, the running operations (ThreadGroupManager), this engine's row in
the services table with its heartbeat, and the sweep that takes over the
stacks of engines that died (heatlite.engine.walk.sweep).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import oslo_messaging
from oslo_config import cfg

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.db import raw_templates
from heatlite.db import services
from heatlite.db import stack_locks
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine import views
from heatlite.engine.nested import nested
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry, from_entry_points
from heatlite.engine.stack import hooks
from heatlite.engine.stack import lookup
from heatlite.engine.stack import queries
from heatlite.engine.walk import adopt
from heatlite.engine.walk import cancelling
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import liveness
from heatlite.engine.walk import new_stack
from heatlite.engine.walk import rollback
from heatlite.engine.walk import snapshots
from heatlite.engine.walk import start
from heatlite.engine.walk import sweep
from heatlite.engine.walk.create import CreateStack
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation, Spawn, ThreadGroupManager, thread_spawn
from heatlite.rpc import listener_calls

LOG = logging.getLogger(__name__)

# How long delete waits for a cancelled operation of this engine to wind down.
CANCEL_GRACE_SECS = 60.0


class EngineService:
    """Server side of heatlite.rpc.client.EngineClient (version 1.0)."""

    target = oslo_messaging.Target(version="1.5")

    # The calls of heatlite.rpc.stack_calls.StackCalls this endpoint serves.
    RPC_METHODS = ("identify_stack", "list_stacks", "count_stacks", "create_stack",
                   "show_stack", "delete_stack", "get_template", "list_stack_resources",
                   "describe_stack_resource", "list_events", "get_revision",
                   "list_services")

    def __init__(self, conf: cfg.ConfigOpts, host: str, engine_id: str,
                 spawn: Spawn = thread_spawn, registry: Registry | None = None,
                 peers: cancelling.Peers | None = None) -> None:
        self.conf = conf
        self.host = host
        self.engine_id = engine_id
        # The other engines' listeners: liveness pings, remote cancel and stop.
        self.peers = peers or listener_calls.EngineListenerClient(conf)
        self._liveness = liveness.LivenessCheck(engine_id, conf.heartbeat_interval,
                                                self._ping)
        self.service = liveness.ServiceRecord(engine_id, host, conf.heartbeat_interval)
        # What every operation is started with, shared with the nested-stack runner.
        # Its hook board holds resources paused at a hook, woken by the signal
        # that clears it.
        self.context = EngineContext(
            conf, engine_id, registry or from_entry_points(builtin_types, conf.plugin_dirs),
            ThreadGroupManager(spawn), hooks.HookBoard(), self._alive)
        self.registry = self.context.registry
        self.threads = self.context.threads
        self.hook_board = self.context.hook_board
        # Creates, updates and deletes nested stacks in-process for plugins.
        self.nested = nested.NestedStacks(self.context)
        self.context.nested = self.nested
        self._sweeper = sweep.Sweeper(self.context, self._alive, conf.heartbeat_interval)
        self._stopping = False
        # Ends the heartbeat and sweep loops.
        self._periodic_stop = threading.Event()

    # -- life cycle -------------------------------------------------------------

    def start(self) -> None:
        """Register, retire our previous lives, sweep, then beat and sweep on.

        Call it once this engine's listener answers pings: a sibling engine
        of this host starting now must not take us for a previous life.
        """
        self.service.register()
        liveness.retire_previous_lives(self.service, self._ping)
        self._sweep()
        interval = self.conf.heartbeat_interval
        self.threads.spawn(liveness.run_every, interval, self._periodic_stop,
                           self.service.beat, "heartbeat")
        self.threads.spawn(liveness.run_every, interval, self._periodic_stop,
                           self._sweep, "sweep for dead engines' locks")

    def stop(self, timeout: float | None = None) -> None:
        """Refuse new work, hand running operations off, retire our row.

        Each operation is handed off (nothing new starts, what runs reaches
        its end, the stack stays IN_PROGRESS under our lock), and the wait
        for them all is bounded by ``timeout``, by default the
        ``graceful_shutdown_timeout`` less one ``heartbeat_interval`` kept
        for retiring the row (one UPDATE, as a beat) before the process
        must be gone. Retiring the row makes every other engine see us
        dead and take those stacks over at its next sweep.
        """
        self._stopping = True
        self._periodic_stop.set()
        ops = self.threads.running()
        for op in ops:
            op.hand_off()
        deadline = self._stop_deadline(timeout)
        for op in ops:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not op.wait(left):
                LOG.warning("Stack %s did not reach a resource boundary in time; "
                            "it is left for another engine", op.stack_id)
        self.service.retire()

    def _stop_deadline(self, timeout: float | None) -> float | None:
        if timeout is None:
            grace = self.conf.graceful_shutdown_timeout
            if not grace:
                return None  # 0: wait as long as it takes
            timeout = max(0.0, grace - self.conf.heartbeat_interval)
        return time.monotonic() + timeout

    def _alive(self, engine_id: str) -> bool:
        return self._liveness(engine_id)

    def _ping(self, engine_id: str) -> bool:
        return self.peers.is_alive(RequestContext(is_admin=True), engine_id)

    def _sweep(self) -> list[str]:
        return self._sweeper.sweep(stopping=self._periodic_stop.is_set)

    def _check_running(self, method: str) -> None:
        if self._stopping:
            raise exception.EngineUnavailable(method=method, reason="the engine is stopping")

    # -- stacks -------------------------------------------------------------------

    def identify_stack(self, ctxt: RequestContext, stack_name: str) -> StackIdentity:
        return views.stack_identity(lookup.find_stack(ctxt, stack_name))

    def list_stacks(self, ctxt: RequestContext, limit: int | None = None,
                    marker: str | None = None, sort_keys: list[str] | None = None,
                    sort_dir: str | None = None, filters: dict[str, Any] | None = None,
                    show_deleted: bool = False, show_nested: bool = False,
                    show_hidden: bool = False, tags: list[str] | None = None,
                    tags_any: list[str] | None = None, not_tags: list[str] | None = None,
                    not_tags_any: list[str] | None = None) -> list[dict[str, Any]]:
        return queries.list_stacks(
            ctxt, limit=limit, marker=marker, sort_keys=sort_keys, sort_dir=sort_dir,
            filters=filters, show_deleted=show_deleted, show_nested=show_nested,
            show_hidden=show_hidden, tags=tags, tags_any=tags_any, not_tags=not_tags,
            not_tags_any=not_tags_any)

    def count_stacks(self, ctxt: RequestContext, filters: dict[str, Any] | None = None,
                     show_deleted: bool = False, show_nested: bool = False,
                     show_hidden: bool = False, tags: list[str] | None = None,
                     tags_any: list[str] | None = None, not_tags: list[str] | None = None,
                     not_tags_any: list[str] | None = None) -> int:
        return queries.count_stacks(
            ctxt, filters=filters, show_deleted=show_deleted, show_nested=show_nested,
            show_hidden=show_hidden, tags=tags, tags_any=tags_any, not_tags=not_tags,
            not_tags_any=not_tags_any)

    def create_stack(self, ctxt: RequestContext, stack_name: str, template: dict[str, Any],
                     params: dict[str, Any], files: dict[str, str] | None,
                     args: dict[str, Any] | None,
                     environment_files: list[str] | None = None) -> StackIdentity:
        """Validate and store the stack, start its create walk, return its identity."""
        self._check_running("create_stack")
        adopting = adopt.adopt_data(args)
        if adopting is not None:
            LOG.info("Adopting stack %s", stack_name)
            return adopt.adopt_stack(self.context, ctxt, stack_name, adopting, params, files, args,
                                     environment_files)
        LOG.info("Creating stack %s", stack_name)
        stack_args = new_stack.extract_args(args)
        stack_id = new_stack.new_stack_id()
        params, breakpoints = hooks.split_environment(params)
        defn = new_stack.validate_new_stack(
            self.conf, ctxt, self.registry, stack_name, template, params, files, stack_id,
            environment_files, timeout_secs=self.context.timeout_secs(stack_args.timeout_mins))
        recorder = self.context.recorder(stack_id, stack_name)
        stored_env = new_stack.stored_environment(defn, breakpoints)
        rows = new_stack.store_new_stack(ctxt, defn, stack_args, files, self.engine_id,
                                         recorder, environment=stored_env)
        records = {name: ResourceRecord.from_row(r) for name, r in rows.items()}
        op = Operation(stack_id, status.CREATE)
        timeout = self.context.timeout_secs(stack_args.timeout_mins)
        gate = self.context.gate(stored_env)

        def release() -> None:
            stack_locks.release(stack_id, self.engine_id)

        def roll_back() -> None:
            raw = raw_templates.get(stacks.get(stack_id).raw_template_id)
            rollback.rollback_create(
                stack_id, stack_name, StoredPlugins(self.registry, [raw]),
                delete_mod.deletion_policies(raw), recorder, op, self.threads.spawn, timeout, gate,
                (status.CREATE, status.FAILED))

        create = CreateStack(defn, records, recorder, op, self.threads.spawn, timeout,
                             release, gate,
                             None if stack_args.disable_rollback else roll_back)
        return new_stack.launch(self.threads, op, create.run, release, ctxt, defn)

    def show_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                   resolve_outputs: bool = True) -> list[dict[str, Any]]:
        return queries.show_stack(ctxt, self.registry, stack_identity, resolve_outputs)

    def delete_stack(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        """Start deleting; returns once DELETE IN_PROGRESS is stored."""
        self._check_running("delete_stack")
        row = lookup.get_stack(ctxt, stack_identity)
        if (row.action, row.status) == (status.DELETE, status.COMPLETE):
            raise exception.EntityNotFound(entity="Stack", name=row.name)
        LOG.info("Deleting stack %s (%s)", row.name, row.id)
        running = self.threads.get(row.id)
        if running is not None:
            running.cancel()
            running.wait(CANCEL_GRACE_SECS)
        else:
            # Asked, not judged by its beat: a holder killed a moment ago
            # still beats fresh, and its lock is taken over at once.
            holder = cancelling.holder_elsewhere(row.id, self.engine_id,
                                                 self._liveness.confirm)
            if holder is not None:
                cancelling.stop_elsewhere(ctxt, self.peers, holder, row.name,
                                          dict(views.stack_identity(row)))
        start.delete(self.context, row, lambda: lookup.get_stack(ctxt, stack_identity),
                     self.stored_plugins, raw_templates.get,
                     before=lambda row, stored: snapshots.delete_all(row, stored.by_type))

    def stored_plugins(self, row: Any) -> StoredPlugins:
        """Resolves the stack's stored resource types through its stored environment."""
        return StoredPlugins.of_stack(self.registry, row)

    def get_template(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> dict[str, Any]:
        row = lookup.get_stack(ctxt, stack_identity, show_deleted=True)
        return raw_templates.get(row.raw_template_id).template or {}

    # -- resources and events -------------------------------------------------

    def list_stack_resources(self, ctxt: RequestContext, stack_identity: StackIdentity,
                             nested_depth: int = 0, with_detail: bool = False,
                             filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return queries.list_resources(ctxt, self.registry, stack_identity, with_detail,
                                      filters, nested_depth,
                                      self.conf.max_nested_stack_depth)

    def describe_stack_resource(self, ctxt: RequestContext, stack_identity: StackIdentity,
                                resource_name: str,
                                with_attr: list[str] | None = None) -> dict[str, Any]:
        return queries.describe_resource(ctxt, self.registry, stack_identity, resource_name,
                                         with_attr)

    def list_events(self, ctxt: RequestContext, stack_identity: StackIdentity,
                    filters: Mapping[str, Any] | None = None, limit: int | None = None,
                    marker: str | None = None, sort_keys: list[str] | None = None,
                    sort_dir: str | None = None,
                    nested_depth: int | None = None) -> list[dict[str, Any]]:
        return queries.list_events(ctxt, stack_identity, filters, limit, marker, sort_keys,
                                   sort_dir, nested_depth,
                                   self.conf.max_nested_stack_depth)

    # -- service ------------------------------------------------------------------

    def get_revision(self, ctxt: RequestContext) -> str:
        return str(self.conf.revision.heat_revision)

    def list_services(self, ctxt: RequestContext) -> list[dict[str, Any]]:
        """Every live engine row, "up" by the same rule the lock takeover uses."""
        return [views.service(row, liveness.is_up(row)) for row in services.get_all()]
